package org.aidflow.servicelevel;

import static org.aidflow.servicelevel.EscalationModel.*;
import static org.aidflow.shared.AidCaseModel.*;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.shared.ReferralModel.*;
import static org.aidflow.support.Applicants.applicant;
import static org.aidflow.support.Plans.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.aidflow.notification.Notifications;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.ReferralModel;
import org.aidflow.support.ProcessTestEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Service levels on the working-day calendar: due dates, reminders at 80%, escalations, re-routing. */
@Deployment(resources = {"processes/aid-case.bpmn", "processes/referral.bpmn", "processes/service-order.bpmn", "processes/escalation.bpmn",
    "processes/decisions/intake-org.dmn", "processes/decisions/hardship-level.dmn",
    "processes/decisions/referral-routing.dmn", "processes/decisions/approval-level.dmn",
    "processes/decisions/rights-track.dmn"})
class ServiceLevelProcessTest {

  private static final ProcessTestEngine ENGINE = new ProcessTestEngine();

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ENGINE.extension();

  private final BusinessCalendar calendar = new BusinessCalendar(ENGINE.jdbc(), java.time.Clock.systemUTC());

  @BeforeEach
  void setUp(ProcessEngine processEngine) {
    init(processEngine);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  // ------------------------------------------------------------------ the calendar

  @Test
  void workingTimeSkipsTheWeekend() {
    assertThat(calendar.addWorkingTime(at("2026-12-04T10:00"), Duration.ofDays(3))).isEqualTo(at("2026-12-09T10:00"));
    // started on a Saturday, counting begins on Monday
    assertThat(calendar.addWorkingTime(at("2026-12-05T15:00"), Duration.ofDays(3))).isEqualTo(at("2026-12-10T00:00"));
  }

  @Test
  void workingTimeSkipsPublicHolidaysAndCountsMakeUpWorkingDays() {
    // National Day: 1 to 7 October are off, Saturday 10 October is a make-up working day
    assertThat(calendar.addWorkingTime(at("2026-09-30T10:00"), Duration.ofDays(3))).isEqualTo(at("2026-10-10T10:00"));
    // Sunday 20 September is a make-up working day: two working days from Friday end on Monday, not Tuesday
    assertThat(calendar.addWorkingTime(at("2026-09-18T10:00"), Duration.ofDays(2))).isEqualTo(at("2026-09-21T10:00"));
    assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 1))).isFalse();
    assertThat(calendar.isWorkingDay(LocalDate.of(2026, 9, 20))).isTrue();
  }

  // ------------------------------------------------------------------ verification

  @Test
  void theVerifierSeesTheDueDateOnTheTaskIsRemindedOnceAt80PercentAndTheSupervisorsEscalatedOnce() {
    ClockUtil.setCurrentTime(Date.from(at("2026-12-04T10:00")));
    ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, applicant());
    String caseNumber = aidCase.getBusinessKey();

    Task verify = task(aidCase);
    assertThat(verify.getDueDate()).isEqualTo(Date.from(at("2026-12-09T10:00")));
    // 80% of three working days: 57.6 working hours, on Tuesday evening
    assertThat(verify.getFollowUpDate()).isEqualTo(Date.from(at("2026-12-08T19:36")));
    assertThat(verify.getPriority()).isEqualTo(50);

    ClockUtil.setCurrentTime(Date.from(at("2026-12-08T20:00")));
    executeDueTimers();
    assertThat(aidCase).hasPassed(REMIND_VERIFIER).isWaitingAt(VERIFY_CASE);
    assertThat(ENGINE.notifications().forCase(caseNumber)).singleElement().satisfies(notice -> {
      assertThat(notice.kind()).isEqualTo("REMINDER");
      assertThat(notice.recipientGroup()).isEqualTo("union-33-caseworkers");
      assertThat(notice.message()).contains("核实求助情况", "2026-12-09 10:00");
    });

    ClockUtil.setCurrentTime(Date.from(at("2026-12-09T10:01")));
    executeDueTimers();
    assertThat(aidCase).hasPassed(ESCALATE_VERIFICATION).isWaitingAt(VERIFY_CASE);
    assertThat(runtimeService().getVariable(aidCase.getId(), OVERDUE_STEP)).isEqualTo("核实");
    ProcessInstance escalation = runtimeService().createProcessInstanceQuery()
        .processDefinitionKey(EscalationModel.PROCESS_KEY).processInstanceBusinessKey(caseNumber).singleResult();
    assertThat(escalation).isWaitingAt(ESCALATION);
    assertThat(task(escalation)).hasCandidateGroup("union-33-supervisors").hasName("超时督办：核实 · " + caseNumber);
    assertThat(ENGINE.notifications().forCase(caseNumber)).extracting(Notifications.Notification::kind)
        .containsExactly("REMINDER", "ESCALATION");
    assertThat(managementService().createJobQuery().processInstanceId(aidCase.getId()).count())
        .as("no timer left to fire again").isZero();

    complete(task(escalation), withVariables(ESCALATION_ACTION, "URGED", ESCALATION_NOTE, "已电话督促"));
    assertThat(escalation).isEnded().hasPassed(RECORD_ESCALATION_HANDLED);
    assertThat(ENGINE.escalations().forCase(caseNumber)).singleElement()
        .satisfies(e -> assertThat(e.handledAt()).isNotNull());
    // the caseworker's task stayed and is still completed the normal way
    complete(task(aidCase), withVariables(VERIFIED, false, UNVERIFIED_REASON, "核实不属实"));
    assertThat(aidCase).isEnded();
  }

  @Test
  void anUrgentCaseIsDueIn24HoursWhateverTheWeekendAndComesFirst() {
    ClockUtil.setCurrentTime(Date.from(at("2026-12-05T09:00")));
    ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(CATEGORIES, List.of("domestic-violence"), URGENT, false));

    assertThat(task(aidCase).getDueDate()).isEqualTo(Date.from(at("2026-12-06T09:00")));
    assertThat(task(aidCase).getPriority()).isEqualTo(80);
  }

  @Test
  void urgencyIsTheRegisteredCasesNotWhatATaskHolderWritesIntoTheVariables() {
    ClockUtil.setCurrentTime(Date.from(at("2026-12-07T09:00")));
    ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(CATEGORIES, List.of("medical"), SERIOUS_ILLNESS, true));
    // the verifier's completion also writes the case's urgency and categories (the Java API takes any variable)
    complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "属实", URGENT, true,
        CATEGORIES, Variables.objectValue(List.of("domestic-violence")).serializationDataFormat("application/json")
            .create()));

    org.camunda.bpm.engine.task.Task acceptance = taskService().createTaskQuery()
        .processInstanceBusinessKey(aidCase.getBusinessKey()).taskDefinitionKey(ACCEPT_REFERRAL).list().get(0);
    // as registered at intake: a normal case, 2 working days and normal priority
    assertThat(acceptance.getPriority()).isEqualTo(50);
    assertThat(acceptance.getDueDate()).isEqualTo(Date.from(at("2026-12-09T09:00")));
  }

  @Test
  void aCaseRegisteredBeforeItsCategoriesWereTakesItsUrgencyFromItsVariables() {
    ClockUtil.setCurrentTime(Date.from(at("2026-12-07T09:00")));
    ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(CATEGORIES, List.of("domestic-violence"), URGENT, false));
    // as a case registered before V13: no categories in case_category; and neither the registered flag nor the
    // variable says urgent, so only the categories variable can make it so
    ENGINE.jdbc().update("DELETE FROM case_category WHERE case_number = ?", aidCase.getBusinessKey());
    ENGINE.jdbc().update("UPDATE aid_case SET urgent = FALSE WHERE case_number = ?", aidCase.getBusinessKey());
    runtimeService().setVariable(aidCase.getId(), URGENT, false);
    complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "属实"));

    List<org.camunda.bpm.engine.task.Task> acceptances = taskService().createTaskQuery()
        .processInstanceBusinessKey(aidCase.getBusinessKey()).taskDefinitionKey(ACCEPT_REFERRAL).list();
    assertThat(acceptances).isNotEmpty().allSatisfy(acceptance -> assertThat(acceptance.getPriority()).isEqualTo(80));
  }

  // ------------------------------------------------------------------ referral steps

  @Test
  void aReferralLeftUnacceptedIsEscalatedThenReroutedToTheUnion() {
    ClockUtil.setCurrentTime(Date.from(at("2026-12-07T09:00")));
    ProcessInstance referral = startReferral("youth");
    assertThat(task(referral).getDueDate()).isEqualTo(Date.from(at("2026-12-09T09:00")));

    ClockUtil.setCurrentTime(Date.from(at("2026-12-09T09:05")));
    executeDueTimers();
    assertThat(referral).hasPassed(REMIND_ACCEPTANCE, ESCALATE_ACCEPTANCE).isWaitingAt(ACCEPT_REFERRAL);
    assertThat(task(referral)).hasCandidateGroup("youth-33-caseworkers");

    ClockUtil.setCurrentTime(Date.from(at("2026-12-11T09:05")));
    executeDueTimers();
    assertThat(referral).hasPassed(REROUTE_TO_UNION).isWaitingAt(ACCEPT_REFERRAL);
    assertThat(task(referral)).hasCandidateGroup("union-33-caseworkers");
    assertThat(runtimeService().getVariable(referral.getId(), ORG)).isEqualTo("union");
    String caseNumber = referral.getBusinessKey();
    assertThat(ENGINE.escalations().forCase(caseNumber)).extracting(Escalations.Escalation::action)
        .containsExactly("ESCALATED", "REROUTED");
    assertThat(ENGINE.referrals().referralsOf(caseNumber)).singleElement()
        .satisfies(r -> assertThat(r.org()).isEqualTo("union"));
    // the union's fresh task has a fresh service level
    assertThat(task(referral).getDueDate()).isEqualTo(Date.from(at("2026-12-15T09:05")));
  }

  @Test
  void lateAssistancePlansAndDeliveriesAreEscalatedToo() {
    ClockUtil.setCurrentTime(Date.from(at("2026-12-07T09:00")));
    ProcessInstance referral = startReferral("charity");
    complete(task(referral), withVariables(ACCEPTED, true));

    ClockUtil.setCurrentTime(Date.from(at("2026-12-14T10:00")));
    executeDueTimers();
    assertThat(referral).hasPassed(REMIND_PLANNING, ESCALATE_PLANNING).isWaitingAt(PLAN_ASSISTANCE);
    complete(task(referral), withVariables(CASH_ITEMS, cash("charity-aid", 800), SERVICES, "emergency-relief"));

    ClockUtil.setCurrentTime(Date.from(at("2027-01-04T10:00")));
    executeDueTimers();
    assertThat(referral).hasPassed(REMIND_DELIVERY, ESCALATE_DELIVERY).isWaitingAt(DELIVER_ASSISTANCE);
    assertThat(ENGINE.escalations().forCase(referral.getBusinessKey())).extracting(Escalations.Escalation::step)
        .containsExactly("plan", "delivery");
  }

  // ------------------------------------------------------------------ at volume

  /**
   * 500 cases: enough for intakes on every date of the five weeks, holidays and make-up days included, while keeping
   * `mvn verify` short (each runs the real delegates from intake to closure on H2; docs/tests.md).
   */
  @Test
  void fiveHundredCasesRaiseExactlyOneEscalationPerBreachAndNoneWithout() {
    Random random = new Random(20261126);
    Instant start = at("2026-09-14T08:00");
    Map<String, Date> due = new HashMap<>();
    Map<String, Instant> completion = new HashMap<>();
    Map<String, String> taskOf = new HashMap<>();
    Set<LocalDate> intakeDates = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      // intake times spread over five weeks, across the Mid-Autumn and National Day holidays and make-up days
      Instant intake = start.plus(Duration.ofMinutes(random.nextInt(35 * 24 * 60)));
      intakeDates.add(LocalDate.ofInstant(intake, AidFlowConfiguration.ZONE));
      ClockUtil.setCurrentTime(Date.from(intake));
      ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
          applicant(URGENT, random.nextInt(4) == 0));
      Task verify = task(aidCase);
      due.put(aidCase.getBusinessKey(), verify.getDueDate());
      taskOf.put(aidCase.getBusinessKey(), verify.getId());
      completion.put(aidCase.getBusinessKey(), intake.plus(Duration.ofMinutes(random.nextInt(10 * 24 * 60))));
    }
    assertThat(intakeDates).as("dates of the five weeks with an intake")
        .containsAll(LocalDate.of(2026, 9, 14).datesUntil(LocalDate.of(2026, 10, 19)).toList());
    List<Map.Entry<String, Instant>> byTime = new ArrayList<>(completion.entrySet());
    byTime.sort(Map.Entry.comparingByValue());
    for (Map.Entry<String, Instant> next : byTime) {
      ClockUtil.setCurrentTime(Date.from(next.getValue()));
      executeDueTimers();
      taskService().complete(taskOf.get(next.getKey()),
          Variables.putValue(VERIFIED, false).putValue(UNVERIFIED_REASON, "测试结案"));
    }
    ClockUtil.setCurrentTime(Date.from(at("2027-03-01T00:00")));
    executeDueTimers();

    int breaches = 0;
    for (String caseNumber : due.keySet()) {
      // the breach timer fires at the due time: verified at or after it is a breach
      boolean breached = !completion.get(caseNumber).isBefore(due.get(caseNumber).toInstant());
      List<Escalations.Escalation> raised = ENGINE.escalations().forCase(caseNumber);
      if (breached) {
        breaches++;
        assertThat(raised).as("escalations of %s, due %s, verified %s", caseNumber, due.get(caseNumber),
            completion.get(caseNumber)).hasSize(1);
      } else {
        assertThat(raised).as("escalations of %s, verified in time", caseNumber).isEmpty();
      }
    }
    assertThat(breaches).as("the data set has both kinds").isBetween(50, 450);
    assertThat(historyService().createHistoricProcessInstanceQuery().processDefinitionKey(EscalationModel.PROCESS_KEY)
        .count()).isEqualTo(breaches);
    // every case was closed, and closing a case closes its escalations
    assertThat(runtimeService().createProcessInstanceQuery().processDefinitionKey(EscalationModel.PROCESS_KEY)
        .count()).isZero();
  }

  private static void executeDueTimers() {
    List<Job> due;
    while (!(due = managementService().createJobQuery().timers().executable().list()).isEmpty()) {
      due.forEach(job -> managementService().executeJob(job.getId()));
    }
  }

  private static int referralCounter;

  private static ProcessInstance startReferral(String org) {
    String caseNumber = String.format("QBH-2026-8%05d", ++referralCounter);
    ENGINE.cases().registerOpenCase(new CaseRegistry.NewCase(caseNumber, "sla-case-" + referralCounter,
        "sla-hash-" + referralCounter, null, null, "union", "window", false, true));
    return runtimeService().startProcessInstanceByKey(ReferralModel.PROCESS_KEY, caseNumber,
        Variables.putValue(CASE_NUMBER, caseNumber).putValue(ORG, org).putValue(SERVICES, "hardship-grant")
            .putValue(SERVICES_TEXT, "困难帮扶金").putValue(ASSESSMENT_CYCLE, 1).putValue(CONSENT, true)
            .putValue(URGENT, false));
  }

  private static Instant at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(AidFlowConfiguration.ZONE).toInstant();
  }
}
