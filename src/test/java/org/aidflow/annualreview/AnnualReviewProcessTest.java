package org.aidflow.annualreview;

import static org.aidflow.annualreview.AnnualReviewModel.*;
import static org.aidflow.shared.ProcessVariables.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.aidflow.followup.HardshipHouseholds;
import org.aidflow.followup.HardshipHouseholds.Household;
import org.aidflow.followup.HardshipHouseholds.Status;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.RefusedInputException;
import org.aidflow.support.EngineClock;
import org.aidflow.support.ProcessTestEngine;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every path of annualReview (动态管理), its timer driven by the engine's clock. */
@Deployment(resources = {"processes/annual-review.bpmn", "processes/forms/review-household.form"})
class AnnualReviewProcessTest {

  private static final ProcessTestEngine ENGINE = new ProcessTestEngine();
  /** A Wednesday morning in Hangzhou; the timer fires at 02:00. */
  private static final ZonedDateTime NOW = ZonedDateTime.of(2027, 3, 10, 9, 30, 0, 0, AidFlowConfiguration.ZONE);
  private static int caseCounter;

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ENGINE.extension();

  private final HardshipHouseholds households = new HardshipHouseholds(ENGINE.jdbc(), new EngineClock(),
      ENGINE.policy());
  private ProcessEngine engine;

  @BeforeEach
  void setUp(ProcessEngine processEngine) {
    init(processEngine);
    engine = processEngine;
    ENGINE.jdbc().update("DELETE FROM hardship_household");
    at(NOW);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void theTimerFiresEveryDayAt0200ChinaTime() {
    ZonedDateTime due = startTimer().getDuedate().toInstant().atZone(AidFlowConfiguration.ZONE);
    assertThat(due.getHour()).isEqualTo(2);
    assertThat(due.getMinute()).isZero();

    String fired = startTimer().getId();
    fireTimer();

    assertThat(startTimer().getDuedate().toInstant()).isEqualTo(NOW.plusDays(1).withHour(2).withMinute(0).toInstant());
    // a job of no process instance keeps its whole job log, its creation too (ops.JobLogPlugin)
    assertThat(jobLog(fired)).containsExactly("created", "successful");
    assertThat(jobLog(startTimer().getId())).containsExactly("created");
  }

  private static List<String> jobLog(String jobId) {
    return historyService().createHistoricJobLogQuery().jobId(jobId).orderPartiallyByOccurrence().asc().list()
        .stream().map(entry -> entry.isCreationLog() ? "created" : entry.isSuccessLog() ? "successful" : "other")
        .toList();
  }

  @Test
  void onlyHouseholdsLastVerifiedTwelveMonthsAgoAreReviewedEachByItsIntakeOrganisation() {
    String union = household("union", NOW.minusMonths(13), "张*");
    String youth = household("youth", NOW.minusMonths(11), "李*");
    String women = household("women", NOW.minusMonths(12), "王**");

    ProcessInstance run = running(fireTimer());

    assertThat(run).isWaitingAt(REVIEW_HOUSEHOLD).hasPassed(SELECT_HOUSEHOLDS_DUE);
    assertThat(run).variables().containsEntry(HOUSEHOLD_COUNT, 2);
    Map<String, Task> tasks = reviewTasks(run);
    assertThat(tasks).containsOnlyKeys(union, women);
    assertThat(tasks.get(union)).hasCandidateGroup("union-33-caseworkers").hasName("年度复核 · " + union);
    assertThat(tasks.get(women)).hasCandidateGroup("women-33-caseworkers").hasName("年度复核 · " + women);
    // what the reviewer's form reads: its own household, dates as the form shows them; org is the intake unit
    assertThat(taskService().getVariables(tasks.get(union).getId()))
        .containsEntry(CASE_NUMBER, union).containsEntry(ORG, "union-33").containsEntry(HARDSHIP_LEVEL, "DEEP")
        .containsEntry(NAME_MASKED, "张*").containsEntry(REGISTERED_AT, NOW.toLocalDate().toString())
        .containsEntry(LAST_VERIFIED_AT, NOW.minusMonths(13).toLocalDate().toString());
    assertThat(households.ofCase(union).orElseThrow().reviewStartedAt()).isEqualTo(NOW.toInstant());
    assertThat(households.ofCase(youth).orElseThrow().reviewStartedAt()).isNull();
    // the list of every organisation's households is never stored, not even in the history
    assertThat(runtimeService().getVariables(run.getId())).doesNotContainKey(HOUSEHOLDS);
    assertThat(historyService().createHistoricVariableInstanceQuery().processInstanceId(run.getId())
        .variableName(HOUSEHOLDS).count()).isZero();
  }

  @Test
  void aHouseholdFoundOutOfHardshipIsRecordedAsSuchAndNeverReviewedAgain() {
    String caseNumber = household("union", NOW.minusMonths(14), "张*");
    ProcessInstance run = running(fireTimer());
    at(NOW.plusDays(3));

    complete(reviewTasks(run).get(caseNumber), withVariables(STILL_IN_HARDSHIP, "false", REVIEW_NOTE,
        "家庭成员已稳定就业，人均收入高于低保标准两倍"));

    assertThat(run).isEnded().hasPassed(RECORD_HOUSEHOLD_REVIEW, HOUSEHOLD_REVIEWED, ANNUAL_REVIEW_DONE);
    Household household = households.ofCase(caseNumber).orElseThrow();
    assertThat(household.status()).isEqualTo(Status.OUT_OF_HARDSHIP);
    assertThat(household.outOfHardshipAt()).isEqualTo(NOW.plusDays(3).toInstant());
    assertThat(household.reviewStartedAt()).isNull();
    assertThat(household.notes()).contains("稳定就业");

    at(NOW.plusYears(2));
    assertThat(endedWithNothingDue(fireTimer())).isTrue();
  }

  @Test
  void aHouseholdStillInHardshipIsVerifiedAgainAndNotDueUntilTwelveMonthsLater() {
    String caseNumber = household("youth", NOW.minusMonths(13), null);
    ProcessInstance run = running(fireTimer());
    ZonedDateTime reviewed = NOW.plusDays(5);
    at(reviewed);

    complete(reviewTasks(run).get(caseNumber), withVariables(STILL_IN_HARDSHIP, "true", HARDSHIP_LEVEL,
        "RELATIVE", REVIEW_NOTE, "收入有所增加，仍低于两倍低保"));

    assertThat(run).isEnded().hasPassed(RECORD_HOUSEHOLD_REVIEW, ANNUAL_REVIEW_DONE);
    Household household = households.ofCase(caseNumber).orElseThrow();
    assertThat(household.status()).isEqualTo(Status.ACTIVE);
    assertThat(household.hardshipLevel()).isEqualTo("RELATIVE");
    assertThat(household.lastVerifiedAt()).isEqualTo(reviewed.toInstant());
    assertThat(household.reviewStartedAt()).isNull();

    at(reviewed.plusMonths(12).minusDays(1));
    assertThat(endedWithNothingDue(fireTimer())).isTrue();
    at(reviewed.plusMonths(12));
    assertThat(reviewTasks(running(fireTimer()))).containsOnlyKeys(caseNumber);
  }

  @Test
  void aSecondTimerRunDoesNotStartASecondReviewOfAHouseholdUnderReview() {
    String caseNumber = household("union", NOW.minusMonths(13), "张*");
    ProcessInstance first = running(fireTimer());

    at(NOW.plusDays(1));
    String second = fireTimer();

    assertThat(endedWithNothingDue(second)).isTrue();
    assertThat(taskQuery().taskDefinitionKey(REVIEW_HOUSEHOLD).count()).isEqualTo(1);
    assertThat(reviewTasks(first)).containsOnlyKeys(caseNumber);
    // and whoever tries next, the household is already taken
    assertThat(households.markReviewStarted(households.ofCase(caseNumber).orElseThrow().id())).isFalse();
  }

  @Test
  void aReviewRecordsItsOwnHouseholdWhateverHouseholdIdSays() {
    String union = household("union", NOW.minusMonths(13), "张*");
    String women = household("women", NOW.minusMonths(13), "王*");
    long womenHousehold = households.ofCase(women).orElseThrow().id();
    ProcessInstance run = running(fireTimer());
    Task unionTask = reviewTasks(run).get(union);

    taskService().setVariable(unionTask.getId(), HOUSEHOLD_ID, womenHousehold);
    complete(unionTask, withVariables(STILL_IN_HARDSHIP, "false", REVIEW_NOTE, "已脱困",
        HOUSEHOLD_ID, womenHousehold));

    assertThat(households.ofCase(union).orElseThrow().status()).isEqualTo(Status.OUT_OF_HARDSHIP);
    Household untouched = households.ofCase(women).orElseThrow();
    assertThat(untouched.status()).isEqualTo(Status.ACTIVE);
    assertThat(untouched.reviewStartedAt()).as("the women household's review still runs").isNotNull();
    assertThat(untouched.notes()).isNull();
    assertThat(run).isWaitingAt(REVIEW_HOUSEHOLD);
  }

  @Test
  void whenNothingIsDueTheRunEndsAtOnce() {
    household("union", NOW.minusMonths(11), "张*");

    String run = fireTimer();

    assertThat(endedWithNothingDue(run)).isTrue();
    assertThat(historyService().createHistoricActivityInstanceQuery().processInstanceId(run)
        .activityId(REVIEW_HOUSEHOLDS).count()).isZero();
    assertThat(historyService().createHistoricVariableInstanceQuery().processInstanceId(run)
        .variableName(HOUSEHOLD_COUNT).singleResult().getValue()).isEqualTo(0);
  }

  @Test
  void anIncompleteFindingIsRefusedAndTheTaskStaysOpen() {
    String caseNumber = household("union", NOW.minusMonths(13), "张*");
    ProcessInstance run = running(fireTimer());
    Task task = reviewTasks(run).get(caseNumber);

    assertThatThrownBy(() -> complete(task, withVariables(STILL_IN_HARDSHIP, "true", HARDSHIP_LEVEL, "NONE",
        REVIEW_NOTE, "复核")))
        .isInstanceOf(RefusedInputException.class).hasMessageContaining(HARDSHIP_LEVEL);
    assertThatThrownBy(() -> complete(task, withVariables(STILL_IN_HARDSHIP, "maybe", REVIEW_NOTE, " ")))
        .hasMessageContaining(STILL_IN_HARDSHIP).hasMessageContaining(REVIEW_NOTE);

    assertThat(run).isWaitingAt(REVIEW_HOUSEHOLD);
    assertThat(households.ofCase(caseNumber).orElseThrow().reviewStartedAt()).isNotNull();
    complete(task, withVariables(STILL_IN_HARDSHIP, true, HARDSHIP_LEVEL, "DEEP", REVIEW_NOTE, "仍深度困难"));
    assertThat(run).isEnded();
  }

  @Test
  void eachOrganisationSeesAndWorksOnlyItsOwnHouseholdsWithoutAnyGrantOnTheSharedInstance() {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine
        .getProcessEngineConfiguration();
    IdentityService identity = engine.getIdentityService();
    AuthorizationService authorizations = engine.getAuthorizationService();
    // what AuthorizationSetup grants every organisation's groups: reading definitions, nothing per instance
    List<String> granted = new java.util.ArrayList<>();
    for (String group : List.of("union-33-caseworkers", "youth-33-caseworkers")) {
      Authorization definitions = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      definitions.setGroupId(group);
      definitions.setResource(Resources.PROCESS_DEFINITION);
      definitions.setResourceId(Authorization.ANY);
      definitions.addPermission(ProcessDefinitionPermissions.READ);
      granted.add(authorizations.saveAuthorization(definitions).getId());
    }
    configuration.setAuthorizationEnabled(true);
    try {
      String union = household("union", NOW.minusMonths(13), "张*");
      String women = household("women", NOW.minusMonths(13), "王*");
      String run = fireTimer();

      identity.setAuthentication("union-worker", List.of("union-33-caseworkers"));
      List<Task> visible = taskService().createTaskQuery().taskCandidateGroup("union-33-caseworkers").list();
      assertThat(visible).extracting(Task::getName).containsExactly("年度复核 · " + union);
      assertThat(taskService().createTaskQuery().list()).hasSize(1);
      Map<String, Object> variables = taskService().getVariables(visible.get(0).getId());
      assertThat(variables).containsEntry(CASE_NUMBER, union).doesNotContainKey(HOUSEHOLDS);
      assertThat(variables.values()).doesNotContain(women);
      // Tasklist's form: the deployed Camunda Form and its variables, on the task's authorization alone
      assertThat(engine.getFormService().getDeployedTaskForm(visible.get(0).getId())).isNotNull();
      assertThat(engine.getFormService().getTaskFormVariables(visible.get(0).getId()).getValue(CASE_NUMBER,
          String.class)).isEqualTo(union);
      // the shared instance itself stays unreadable to an organisation
      assertThat(runtimeService().createProcessInstanceQuery().processInstanceId(run).count()).isZero();
      assertThat(runtimeService().createVariableInstanceQuery().processInstanceIdIn(run).list())
          .noneMatch(v -> women.equals(v.getValue()));
      taskService().complete(visible.get(0).getId(), Map.of(STILL_IN_HARDSHIP, "true", HARDSHIP_LEVEL, "DEEP",
          REVIEW_NOTE, "仍深度困难"));

      identity.setAuthentication("youth-worker", List.of("youth-33-caseworkers"));
      assertThat(taskService().createTaskQuery().list()).isEmpty();
    } finally {
      identity.clearAuthentication();
      configuration.setAuthorizationEnabled(false);
      granted.forEach(authorizations::deleteAuthorization);
    }
  }

  // ------------------------------------------------------------------ helpers

  /** A hardship household (DEEP) registered by a new case of the organisation, last verified then. */
  private String household(String org, ZonedDateTime lastVerified, String nameMasked) {
    String caseNumber = String.format("QBH-2026-8%05d", ++caseCounter);
    ENGINE.cases().registerOpenCase(new CaseRegistry.NewCase(caseNumber, "case-instance-a" + caseCounter,
        "annual-hash-" + caseCounter, null, null, org, "window", false, true));
    households.register(caseNumber, "DEEP", lastVerified.toInstant(), nameMasked);
    return caseNumber;
  }

  private static void at(ZonedDateTime time) {
    ClockUtil.setCurrentTime(Date.from(time.toInstant()));
  }

  private static Job startTimer() {
    return managementService().createJobQuery().processDefinitionKey(AnnualReviewModel.PROCESS_KEY).timers()
        .singleResult();
  }

  /** Fires the start timer the way the job executor would, and returns the instance it started. */
  private static String fireTimer() {
    Set<String> before = instanceIds();
    managementService().executeJob(startTimer().getId());
    Set<String> started = instanceIds();
    started.removeAll(before);
    assertThat(started).hasSize(1);
    return started.iterator().next();
  }

  private static Set<String> instanceIds() {
    return historyService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(AnnualReviewModel.PROCESS_KEY).list().stream().map(i -> i.getId())
        .collect(Collectors.toSet());
  }

  private static ProcessInstance running(String id) {
    ProcessInstance instance = runtimeService().createProcessInstanceQuery().processInstanceId(id).singleResult();
    assertThat(instance).as("annual review %s still running", id).isNotNull();
    return instance;
  }

  private static boolean endedWithNothingDue(String id) {
    return historyService().createHistoricProcessInstanceQuery().processInstanceId(id).finished().count() == 1
        && historyService().createHistoricActivityInstanceQuery().processInstanceId(id)
            .activityId(NO_HOUSEHOLDS_DUE).count() == 1;
  }

  /** The review tasks of the run by case number. */
  private static Map<String, Task> reviewTasks(ProcessInstance run) {
    return taskQuery().processInstanceId(run.getId()).taskDefinitionKey(REVIEW_HOUSEHOLD).list().stream()
        .collect(Collectors.toMap(t -> (String) taskService().getVariable(t.getId(), CASE_NUMBER), t -> t));
  }
}
