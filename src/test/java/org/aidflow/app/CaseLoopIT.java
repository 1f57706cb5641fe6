package org.aidflow.app;

import org.aidflow.shared.AidCaseModel;
import org.aidflow.support.Plans;
import static org.aidflow.shared.AidCaseModel.*;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.shared.ReferralModel.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.aidflow.demo.DemoUsers;
import org.aidflow.demo.DemoUsers.DemoUser;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.cfg.IdGenerator;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.repository.Resource;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application as `mvn spring-boot:run` starts it (demo profile), but on PostgreSQL through the postgres
 * profile: models deployed from processes/, demo users and filters, authorization on, and a case taken from
 * intake to closure by the demo users themselves.
 */
class CaseLoopIT extends ApplicationTest {

  @Autowired RepositoryService repositoryService;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired FilterService filterService;
  @Autowired ManagementService managementService;
  @Autowired CaseRegistry caseRegistry;
  @Autowired JdbcTemplate jdbc;
  @Autowired TestRestTemplate http;
  @Autowired ProcessEngineConfigurationImpl engineConfiguration;

  @AfterEach
  void logOut() {
    identityService.clearAuthentication();
  }

  @Test
  void everyModelDecisionAndFormInProcessesIsDeployed() throws Exception {
    List<String> deployed = repositoryService.createDeploymentQuery().list().stream()
        .flatMap(d -> repositoryService.getDeploymentResources(d.getId()).stream()).map(Resource::getName)
        .map(name -> Path.of(name).getFileName().toString()).toList();
    try (Stream<Path> files = Files.walk(Path.of("processes"))) {
      List<String> designed = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
      assertThat(designed).hasSizeGreaterThanOrEqualTo(14);
      assertThat(deployed).containsAll(designed);
      // one decision per file of processes/decisions (the projects' eligibility among them)
      assertThat(repositoryService.createDecisionDefinitionQuery().latestVersion().count())
          .isEqualTo(designed.stream().filter(name -> name.endsWith(".dmn")).count());
    }
  }

  @Test
  void demoUsersLogInWithDemoAndBelongToTheirGroups() {
    for (DemoUser user : DemoUsers.users()) {
      assertThat(identityService.checkPassword(user.id(), "demo")).as(user.id()).isTrue();
      assertThat(identityService.createGroupQuery().groupMember(user.id()).list()).extracting(Group::getId)
          .as(user.id()).containsAll(user.groups());
    }
    assertThat(identityService.checkPassword("no-such-user", "demo")).isFalse();
  }

  @Test
  void eachCaseworkerSeesHisGroupsFiltersAndTasksOnly() {
    as("union-worker", () -> {
      assertThat(filterService.createFilterQuery().listPage(0, 100)).extracting(Filter::getName)
          .containsExactlyInAnyOrder("浙江省总工会待办", "我的任务", "超期");
      List<Task> tasks = taskService.createTaskQuery().listPage(0, 100);
      assertThat(tasks).isNotEmpty().allSatisfy(task -> assertThat(candidateGroups(task)).contains("union-33-caseworkers"));
      return null;
    });
    as("women-worker", () -> {
      List<Task> tasks = taskService.createTaskQuery().listPage(0, 100);
      assertThat(tasks).extracting(Task::getTaskDefinitionKey).containsExactly(VERIFY_CASE);
      Long unionFilterVisible = filterService.createFilterQuery().filterName("浙江省总工会待办").count();
      assertThat(unionFilterVisible).isZero();
      return null;
    });
    as("supervisor", () -> {
      assertThat(filterService.createFilterQuery().listPage(0, 100)).extracting(Filter::getName)
          .containsExactlyInAnyOrder("联合审批", "我的任务", "超期");
      return null;
    });
  }

  @Test
  void aCaseworkersFilterListsTheEarliestDueFirstThenTheHigherPriorityThenTheLowerCaseNumber() {
    List<String> tasks = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ProcessInstance aidCase = as("intake", () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
          applicant()));
      tasks.add(taskService.createTaskQuery().processInstanceId(aidCase.getId()).singleResult().getId());
    }
    java.time.Instant later = java.time.Instant.now().plus(java.time.Duration.ofDays(300));
    for (String task : tasks) {
      taskService.setDueDate(task, java.util.Date.from(later.plus(java.time.Duration.ofDays(1))));
      taskService.setPriority(task, 50);
    }
    // the fourth case is due a day earlier, the third is more pressing than the first two, which tie but by number
    taskService.setDueDate(tasks.get(3), java.util.Date.from(later));
    taskService.setPriority(tasks.get(2), 80);
    String unionTodo = filterService.createFilterQuery().filterName("浙江省总工会待办").singleResult().getId();

    List<String> listed = as("union-worker", () -> filterService.<Task>listPage(unionTodo, 0, 2000).stream()
        .map(Task::getId).filter(tasks::contains).toList());

    assertThat(listed).containsExactly(tasks.get(3), tasks.get(2), tasks.get(0), tasks.get(1));
  }

  @Test
  void everyFilterShowsTheCaseInChineseColumns() {
    List<Filter> filters = filterService.createFilterQuery().list();
    assertThat(filters).hasSizeGreaterThanOrEqualTo(13).allSatisfy(filter -> {
      List<Object> labels = ((List<?>) filter.getProperties().get("variables")).stream()
          .map(column -> ((Map<?, ?>) column).get("label")).map(Object.class::cast).toList();
      assertThat(labels).as(filter.getName()).containsExactly("案件编号", "申请人", "紧急程度", "求助类别", "困难等级", "转介服务");
    });
  }

  @Test
  void aCaseworkerCannotReadOrWorkAnotherOrganisationsTask() {
    Task womensTask = taskService.createTaskQuery().taskCandidateGroup("women-33-caseworkers").list().get(0);

    as("union-worker", () -> {
      assertThat(taskService.createTaskQuery().taskId(womensTask.getId()).count()).isZero();
      assertThatThrownBy(() -> taskService.claim(womensTask.getId(), "union-worker"))
          .isInstanceOf(AuthorizationException.class);
      assertThatThrownBy(() -> taskService.complete(womensTask.getId(), Map.of(VERIFIED, true)))
          .isInstanceOf(AuthorizationException.class);
      assertThatThrownBy(() -> taskService.getVariables(womensTask.getId()))
          .isInstanceOf(AuthorizationException.class);
      assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(womensTask.getProcessInstanceId())
          .count()).isZero();
      return null;
    });
  }

  @Test
  void demoCasesShowInCockpitWithTheirCaseNumbers() {
    List<ProcessInstance> seenBySupervisor = as("supervisor",
        () -> runtimeService.createProcessInstanceQuery().processDefinitionKey(AidCaseModel.PROCESS_KEY).listPage(0, 100));
    assertThat(seenBySupervisor).hasSizeGreaterThanOrEqualTo(5)
        .allSatisfy(instance -> assertThat(instance.getBusinessKey()).matches("QBH-\\d{4}-\\d{6}"));
    assertThat(http.getForEntity("/camunda/app/cockpit/default/", String.class).getStatusCode().value()).isEqualTo(200);
    assertThat(http.getForEntity("/camunda/app/tasklist/default/", String.class).getStatusCode().value()).isEqualTo(200);
    // what docker-compose.yml's health check asks
    assertThat(http.getForEntity("/actuator/health/readiness", String.class).getBody()).contains("UP");
  }

  @Test
  void theDemoUsersTakeACaseFromIntakeToClosure() {
    Map<String, Object> intake = applicant(CATEGORIES, List.of("living"), EMPLOYER, null, UNION_MEMBER, false,
        MONTHLY_INCOME, 5000, RIGID_EXPENSES, 0);
    ProcessInstance aidCase = as("intake",
        () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, intake));
    String caseNumber = aidCase.getBusinessKey();
    assertThat(caseRegistry.statusOf(caseNumber)).contains(CaseRegistry.OPEN);

    work("union-worker", aidCase.getId(), VERIFY_CASE, Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实"));
    finishFromAcceptance(aidCase, caseNumber);
  }

  @Test
  void aCaseWhoseRowsHaveTheStartersVersion1IdsFinishesWithTimeOrderedIds() {
    Map<String, Object> intake = applicant(CATEGORIES, List.of("living"), EMPLOYER, null, UNION_MEMBER, false,
        MONTHLY_INCOME, 5000, RIGID_EXPENSES, 0);
    // begun as the release before ops.TimeOrderedIds made its ids: the Spring Boot starter's version 1 UUIDs. Rows
    // take the configuration's generator as each command opens its session (EntityIdCheckPlugin); incidents take the
    // copy of the SQL session factory
    IdGenerator ids = engineConfiguration.getIdGenerator();
    StrongUuidGenerator version1 = new StrongUuidGenerator();
    engineConfiguration.setIdGenerator(version1);
    engineConfiguration.getDbSqlSessionFactory().setIdGenerator(version1);
    ProcessInstance aidCase;
    try {
      aidCase = as("intake", () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, intake));
      work("union-worker", aidCase.getId(), VERIFY_CASE, Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实"));
    } finally {
      engineConfiguration.setIdGenerator(ids);
      engineConfiguration.getDbSqlSessionFactory().setIdGenerator(ids);
    }
    assertThat(UUID.fromString(aidCase.getId()).version()).isEqualTo(1);

    finishFromAcceptance(aidCase, aidCase.getBusinessKey());
    String followUp = historyService.createHistoricTaskInstanceQuery().processInstanceId(aidCase.getId())
        .taskDefinitionKey(FOLLOW_UP).singleResult().getId();
    assertThat(UUID.fromString(followUp).version()).isEqualTo(7);
  }

  /** From the referral's acceptance to the case's closure: a plan of 12,000 CNY, approved twice, paid, followed up. */
  private void finishFromAcceptance(ProcessInstance aidCase, String caseNumber) {
    String referral = runtimeService.createProcessInstanceQuery().superProcessInstanceId(aidCase.getId())
        .singleResult().getId();
    work("union-worker", referral, ACCEPT_REFERRAL, Map.of(ACCEPTED, true));
    work("union-worker", referral, PLAN_ASSISTANCE, Map.of(CASH_ITEMS,
        Plans.cash("union-hardship", 9000, "union-education", 3000), SERVICES, "hardship-grant,education-aid"));
    assertThatThrownBy(() -> work("union-worker", referral, APPROVE_PLAN, Map.of(APPROVED, true)))
        .isInstanceOf(AssertionError.class);
    work("union-lead", referral, APPROVE_PLAN, Map.of(APPROVED, true, APPROVAL_NOTE, "同意"));
    work("supervisor", referral, JOINT_APPROVE, Map.of(APPROVED, true, APPROVAL_NOTE, "联合审批同意"));
    work("union-worker", referral, DELIVER_ASSISTANCE, Map.of(DELIVERED, true,
        PAID_ITEMS, Plans.paid("cash-1", "cash-2"), "deliveryNote", "已发放"));
    // the payment is made by the job executor, after the async boundary
    awaitEnded(referral);

    // thirty days later
    String timer = managementService.createJobQuery().processInstanceId(aidCase.getId()).singleResult().getId();
    managementService.executeJob(timer);
    work("union-worker", aidCase.getId(), FOLLOW_UP, Map.of(FOLLOW_UP_OUTCOME, "RESOLVED", SATISFACTION, 5));

    assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(aidCase.getId()).singleResult()
        .getState()).isEqualTo("COMPLETED");
    assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(aidCase.getId())
        .variableName(CLOSURE_REASON).singleResult().getValue()).isEqualTo("RESOLVED");
    assertThat(jdbc.queryForObject("SELECT closure_reason FROM aid_case WHERE case_number = ?", String.class,
        caseNumber)).isEqualTo("RESOLVED");
    assertThat(jdbc.queryForObject("SELECT delivered_amount FROM case_referral WHERE case_number = ?", Integer.class,
        caseNumber)).isEqualTo(12000);
  }

  @Test
  void theRestApiAnswersOnlyAuthenticatedUsersAndOnlyWithWhatTheyMaySee() {
    assertThat(http.getForEntity("/engine-rest/task?firstResult=0&maxResults=100", String.class).getStatusCode().value()).isEqualTo(401);
    assertThat(http.withBasicAuth("no-such-user", "demo").getForEntity("/engine-rest/task?firstResult=0&maxResults=100", String.class)
        .getStatusCode().value()).isEqualTo(401);

    String womensTask = taskService.createTaskQuery().taskCandidateGroup("women-33-caseworkers").list().get(0).getId();
    var unionTasks = http.withBasicAuth("union-worker", "demo").getForEntity("/engine-rest/task?firstResult=0&maxResults=100", String.class);
    assertThat(unionTasks.getStatusCode().value()).isEqualTo(200);
    assertThat(unionTasks.getBody()).contains("QBH-").doesNotContain(womensTask);
    var womenTasks = http.withBasicAuth("women-worker", "demo").getForEntity("/engine-rest/task?firstResult=0&maxResults=100", String.class);
    assertThat(womenTasks.getBody()).contains(womensTask);
    assertThat(http.withBasicAuth("union-worker", "demo")
        .getForEntity("/engine-rest/task/" + womensTask + "/variables", String.class).getStatusCode().value())
        .isEqualTo(403);
  }

  @Test
  void theOverdueFilterShowsSupervisorsTheLateWorkOfTheirOrganisationOnly() {
    ProcessInstance aidCase = as("intake", () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant()));
    String verify = taskService.createTaskQuery().processInstanceId(aidCase.getId()).singleResult().getId();
    taskService.setDueDate(verify, java.util.Date.from(java.time.Instant.now().minusSeconds(3600)));
    String overdue = filterService.createFilterQuery().filterName("超期").singleResult().getId();

    List<String> seenByUnionLead = as("union-lead", () -> filterService.<org.camunda.bpm.engine.task.Task>listPage(
        overdue, 0, 500).stream().map(org.camunda.bpm.engine.task.Task::getId).toList());
    List<String> seenByWomenLead = as("women-lead", () -> filterService.<org.camunda.bpm.engine.task.Task>listPage(
        overdue, 0, 500).stream().map(org.camunda.bpm.engine.task.Task::getId).toList());
    List<String> seenByUnionWorker = as("union-worker", () -> filterService.<org.camunda.bpm.engine.task.Task>listPage(
        overdue, 0, 500).stream().map(org.camunda.bpm.engine.task.Task::getId).toList());

    assertThat(seenByUnionLead).contains(verify);
    assertThat(seenByUnionWorker).contains(verify);
    assertThat(seenByWomenLead).doesNotContain(verify);
  }

  @Test
  void aRefusedTaskCompletionOverRestIsA400NamingTheFieldAndTheTaskStaysOpen() {
    // demo case 5: the Youth League is planning
    String plan = taskService.createTaskQuery().taskDefinitionKey(PLAN_ASSISTANCE).taskCandidateGroup("youth-33-caseworkers")
        .list().get(0).getId();
    var headers = new org.springframework.http.HttpHeaders();
    headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
    String body = "{\"variables\": {\"cashItems\": {\"type\": \"Json\","
        + " \"value\": \"[{\\\"fund\\\": \\\"union-hardship\\\", \\\"amount\\\": 100}]\"},"
        + " \"services\": {\"type\": \"String\", \"value\": \"youth-services\"}}}";

    var answer = http.withBasicAuth("youth-worker", "demo").postForEntity("/engine-rest/task/" + plan + "/complete",
        new org.springframework.http.HttpEntity<>(body, headers), String.class);

    assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(400);
    assertThat(answer.getBody()).contains("cashItems[0].fund").contains("帮扶方案有误");
    assertThat(taskService.createTaskQuery().taskId(plan).count()).isEqualTo(1);
  }

  @Test
  void aSecondStartFormForThePersonJoinsTheOpenCaseAndItsVerifierSeesIt() {
    Map<String, Object> person = applicant(DESCRIPTION, "第一次求助");
    ProcessInstance first = as("intake",
        () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, person));
    person.put(DESCRIPTION, "再次来电询问进度");
    person.put(CHANNEL, "hotline-12351");

    ProcessInstance second = as("intake",
        () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, person));

    assertThat(second.isEnded()).isTrue();
    String contacts = as("union-worker", () -> (String) taskService.getVariable(
        taskService.createTaskQuery().processInstanceId(first.getId()).singleResult().getId(), LATER_CONTACTS));
    assertThat(contacts).contains("12351 职工服务热线", "再次来电询问进度");
  }

  @Test
  void theDatabaseItselfRefusesASecondOpenCaseForOnePerson() {
    String first = caseRegistry.nextCaseNumber();
    String second = caseRegistry.nextCaseNumber();
    assertThat(second).isNotEqualTo(first);
    caseRegistry.registerOpenCase(openCase(first, "pi-1"));

    assertThatThrownBy(() -> caseRegistry.registerOpenCase(openCase(second, "pi-2"))).isInstanceOf(DuplicateKeyException.class);
    caseRegistry.close(first, "WITHDRAWN");
    caseRegistry.registerOpenCase(openCase(second, "pi-2"));
  }

  private static CaseRegistry.NewCase openCase(String caseNumber, String processInstanceId) {
    return new CaseRegistry.NewCase(caseNumber, processInstanceId, "same-person-hash", null, null, "union", "window",
        false, true);
  }

  /** Claims and completes the task as the user, exactly as Tasklist does on their behalf. */
  private void work(String user, String processInstanceId, String taskKey, Map<String, Object> variables) {
    as(user, () -> {
      Task task = taskService.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(taskKey)
          .singleResult();
      assertThat(task).as("%s sees task %s", user, taskKey).isNotNull();
      taskService.claim(task.getId(), user);
      taskService.complete(task.getId(), Variables.fromMap(variables));
      return null;
    });
  }

  private List<String> candidateGroups(Task task) {
    return taskService.getIdentityLinksForTask(task.getId()).stream().map(IdentityLink::getGroupId).toList();
  }
}
