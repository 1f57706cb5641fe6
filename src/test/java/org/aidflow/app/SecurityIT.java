package org.aidflow.app;

import static org.aidflow.support.JsonBody.json;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.aidflow.security.ProductionSafetyCheck;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.support.CaseNumbersDrawn;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.LinkedMultiValueMap;

/** Who can reach what, and what nobody can send: the security of issue "Security" on PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT extends ApplicationTest {

  private static final List<String> ROLES = List.of("union-worker", "union-lead", "women-worker", "women-lead",
      "youth-worker", "charity-worker", "charity-lead", "civil-worker", "intake", "supervisor", "designer", "admin");
  /** An expression that would draw a case number if anything evaluated it. */
  private static final String HOSTILE = "${caseRegistry.nextCaseNumber()}";

  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired FilterService filterService;
  @Autowired JdbcTemplate jdbc;
  @Autowired TestRestTemplate http;
  private final Map<String, TestRestTemplate> clients = new java.util.concurrent.ConcurrentHashMap<>();
  @Autowired org.camunda.bpm.engine.AuthorizationService authorizationService;
  @Autowired org.aidflow.security.TaskPermissionMigration taskPermissionMigration;
  @Autowired org.aidflow.organisation.OrganisationUnits units;
  @Autowired org.aidflow.organisation.OrganisationService organisations;

  private ProcessInstance unionCase;
  private Task unionVerification;
  private ProcessInstance charityReferral;
  private Task charityAcceptance;
  /** Verification tasks of cases of their own, for the roles that may complete one. */
  private final Map<String, String> ownVerification = new java.util.HashMap<>();

  @BeforeAll
  void cases() {
    unionCase = as("intake", () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(DESCRIPTION, "矩阵测试：工会核实")));
    unionVerification = taskService.createTaskQuery().processInstanceId(unionCase.getId()).singleResult();

    ProcessInstance accident = as("intake", () -> runtimeService.startProcessInstanceByKey(
        AidCaseModel.PROCESS_KEY, applicant(CATEGORIES, List.of("accident"))));
    Task verify = taskService.createTaskQuery().processInstanceId(accident.getId()).singleResult();
    as("union-worker", () -> {
      taskService.complete(verify.getId(), Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实"));
      return null;
    });
    charityReferral = runtimeService.createProcessInstanceQuery().superProcessInstanceId(accident.getId())
        .variableValueEquals(ORG, "charity").singleResult();
    charityAcceptance = taskService.createTaskQuery().processInstanceId(charityReferral.getId()).singleResult();
    for (String role : List.of("union-worker", "admin")) {
      ProcessInstance own = runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, applicant());
      ownVerification.put(role, taskService.createTaskQuery().processInstanceId(own.getId()).singleResult().getId());
    }
  }

  /** One cell of the matrix: a role, an action on a target, and whether the role may do it. */
  private record Cell(String role, String action, Supplier<Boolean> attempt, boolean allowed) {
  }

  @TestFactory
  List<DynamicTest> authorizationMatrix() {
    List<Cell> cells = new ArrayList<>();
    for (String role : ROLES) {
      boolean unionWorker = role.equals("union-worker");
      boolean admin = role.equals("admin");
      boolean supervisor = role.equals("supervisor");
      boolean readsUnionCase = unionWorker || admin || supervisor || role.equals("union-lead") || role.equals("intake");
      boolean charityWorker = role.equals("charity-worker");
      // an organisation's supervisors read (never work) its caseworkers' tasks, to watch service levels
      boolean readsUnionTask = unionWorker || admin || supervisor || role.equals("union-lead");
      String verification = unionVerification.getId();
      String acceptance = charityAcceptance.getId();

      cells.add(new Cell(role, "read the union's verification task", () -> visible(verification), readsUnionTask));
      cells.add(new Cell(role, "read the variables of the union's verification task",
          () -> succeeds(() -> taskService.getVariables(verification)), readsUnionTask));
      // a task's holders work it (TASK_WORK): they complete it with its form's fields, they do not write its variables
      cells.add(new Cell(role, "modify a variable of the union's verification task",
          () -> succeeds(() -> taskService.setVariableLocal(verification, "matrixNote", role)), admin));
      cells.add(new Cell(role, "POST /engine-rest/task/{id}/identity-links: the youth caseworkers as candidates of the"
          + " union's verification", () -> addsYouthAsCandidates(role, verification), admin));
      cells.add(new Cell(role, "POST /engine-rest/process-instance/{id}/variables of the union case",
          () -> writesInstanceVariable(role, unionCase.getId()), admin));
      cells.add(new Cell(role, "claim the union's verification task", () -> claimsAndGivesBack(role, verification), unionWorker || admin));
      cells.add(new Cell(role, "complete the union's verification task (by task id)",
          () -> completes(role, unionWorker || admin), unionWorker || admin));
      cells.add(new Cell(role, "read the union case (by process instance id)",
          () -> runtimeService.createProcessInstanceQuery().processInstanceId(unionCase.getId()).count() == 1,
          readsUnionCase));
      cells.add(new Cell(role, "read the variables of the union case",
          () -> succeeds(() -> runtimeService.getVariables(unionCase.getId())), readsUnionCase));
      cells.add(new Cell(role, "modify a variable of the union case",
          () -> succeeds(() -> runtimeService.setVariable(unionCase.getId(), "matrixNote", role)), admin));
      cells.add(new Cell(role, "read the charity's referral (by process instance id)",
          () -> runtimeService.createProcessInstanceQuery().processInstanceId(charityReferral.getId()).count() == 1,
          charityWorker || admin || supervisor || role.equals("charity-lead")));
      cells.add(new Cell(role, "claim the charity's acceptance task", () -> claimsAndGivesBack(role, acceptance), charityWorker || admin));
      cells.add(new Cell(role, "GET /engine-rest/task/{id} of the union's verification",
          () -> rest(role).getForEntity("/engine-rest/task/" + verification, String.class).getStatusCode()
              .is2xxSuccessful(), readsUnionTask));
      cells.add(new Cell(role, "GET /api/cases/{caseNumber}/audit of the union case",
          () -> rest(role).getForEntity("/api/cases/" + unionCase.getBusinessKey() + "/audit", String.class)
              .getStatusCode().is2xxSuccessful(), readsUnionCase));
    }
    assertThat(cells).hasSizeGreaterThanOrEqualTo(84);
    return cells.stream().map(cell -> DynamicTest.dynamicTest(
        cell.role() + (cell.allowed() ? " may " : " may not ") + cell.action(),
        () -> assertThat(cell.action().startsWith("GET") || cell.action().startsWith("POST") ? cell.attempt().get()
            : as(cell.role(), cell.attempt()))
            .as("%s: %s", cell.role(), cell.action()).isEqualTo(cell.allowed()))).toList();
  }

  /**
   * The matrix per unit level (docs/organisation-units.md): a verification task of a district (union-330702), of a city
   * with no unit for the applicant's district (union-3307) and of the province (union-33, a region without city or
   * district unit). Only the task's own unit's workers read, claim and complete it; the supervisors of that unit and
   * of every unit above read it and the case, never work it; a sibling unit at any level sees nothing.
   */
  @TestFactory
  List<DynamicTest> unitMatrix() {
    org.aidflow.support.TestUnits.ensure(units, organisations, identityService);
    Map<String, List<String>> chains = new java.util.LinkedHashMap<>();
    chains.put(org.aidflow.support.TestUnits.DISTRICT_REGION, List.of("union-330702", "union-3307", "union-33"));
    chains.put(org.aidflow.support.TestUnits.CITY_ONLY_REGION, List.of("union-3307", "union-33"));
    chains.put(org.aidflow.support.TestUnits.PROVINCE_ONLY_REGION, List.of("union-33"));
    List<String> roles = List.of("union-330702-worker", "union-330702-lead", "union-3307-worker", "union-3307-lead",
        "union-330602-worker", "union-330602-lead", "union-3306-lead", "union-worker", "union-lead");
    List<Cell> cells = new ArrayList<>();
    for (Map.Entry<String, List<String>> target : chains.entrySet()) {
      ProcessInstance aidCase = as("intake", () -> runtimeService.startProcessInstanceByKey(
          AidCaseModel.PROCESS_KEY, applicant(REGION, target.getKey(), DESCRIPTION, "单位矩阵测试")));
      String task = taskService.createTaskQuery().processInstanceId(aidCase.getId()).singleResult().getId();
      String unit = target.getValue().get(0);
      String where = unit + "'s verification task";
      for (String role : roles) {
        String roleUnit = role.equals("union-worker") || role.equals("union-lead") ? "union-33"
            : role.substring(0, role.lastIndexOf('-'));
        boolean lead = role.endsWith("-lead");
        boolean works = !lead && roleUnit.equals(unit);
        boolean reads = works || (lead && target.getValue().contains(roleUnit));
        cells.add(new Cell(role, "read " + where, () -> visible(task), reads));
        cells.add(new Cell(role, "read the case of " + where,
            () -> runtimeService.createProcessInstanceQuery().processInstanceId(aidCase.getId()).count() == 1, reads));
        cells.add(new Cell(role, "claim " + where, () -> claimsAndGivesBack(role, task), works));
        if (!works) {
          cells.add(new Cell(role, "complete " + where, () -> succeeds(() -> taskService.complete(task,
              Map.of(VERIFIED, false, VERIFICATION_NOTE, "矩阵测试"))), false));
        }
      }
    }
    assertThat(cells).hasSizeGreaterThanOrEqualTo(40);
    return cells.stream().map(cell -> DynamicTest.dynamicTest(
        cell.role() + (cell.allowed() ? " may " : " may not ") + cell.action(),
        () -> assertThat(as(cell.role(), cell.attempt())).as("%s: %s", cell.role(), cell.action())
            .isEqualTo(cell.allowed()))).toList();
  }

  /**
   * Whether the role got another organisation's group made candidate of the union's task; the group is taken off
   * again where it did, so each cell starts from the same task.
   */
  private boolean addsYouthAsCandidates(String role, String taskId) {
    int status = postJson(role, "/engine-rest/task/" + taskId + "/identity-links",
        "{\"groupId\": \"youth-33-caseworkers\", \"type\": \"candidate\"}").getStatusCode().value();
    boolean added = taskService.getIdentityLinksForTask(taskId).stream()
        .anyMatch(link -> "youth-33-caseworkers".equals(link.getGroupId()));
    if (added) {
      taskService.deleteCandidateGroup(taskId, "youth-33-caseworkers");
    }
    assertThat(added).as("%s answered %d", role, status).isEqualTo(status == 204);
    return added;
  }

  /** Whether the role wrote a variable of the case's instance directly (and the value is there). */
  private boolean writesInstanceVariable(String role, String processInstanceId) {
    int status = postJson(role, "/engine-rest/process-instance/" + processInstanceId + "/variables",
        "{\"modifications\": {\"matrixNote\": {\"value\": \"" + role + "\"}}}").getStatusCode().value();
    boolean written = role.equals(runtimeService.getVariable(processInstanceId, "matrixNote"));
    assertThat(written).as("%s answered %d", role, status).isEqualTo(status == 204);
    return written;
  }

  @Test
  void tasksOfAnEarlierReleaseLoseTheirUpdateGrantAtStartUp() {
    ProcessInstance old = as("intake", () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(DESCRIPTION, "旧版本任务")));
    String task = taskService.createTaskQuery().processInstanceId(old.getId()).singleResult().getId();
    // as the engine granted a task's candidates before TASK_WORK was the default
    org.camunda.bpm.engine.authorization.Authorization grant = authorizationService.createAuthorizationQuery()
        .resourceType(org.camunda.bpm.engine.authorization.Resources.TASK).resourceId(task)
        .groupIdIn("union-33-caseworkers").singleResult();
    grant.addPermission(org.camunda.bpm.engine.authorization.Permissions.UPDATE);
    authorizationService.saveAuthorization(grant);
    assertThat(addsYouthAsCandidates("union-worker", task)).isTrue();

    assertThat(taskPermissionMigration.downgradeTaskUpdateGrants()).isGreaterThanOrEqualTo(1);

    assertThat(addsYouthAsCandidates("union-worker", task)).isFalse();
    org.camunda.bpm.engine.authorization.Authorization downgraded = authorizationService.createAuthorizationQuery()
        .resourceType(org.camunda.bpm.engine.authorization.Resources.TASK).resourceId(task)
        .groupIdIn("union-33-caseworkers").singleResult();
    assertThat(downgraded.isPermissionGranted(org.camunda.bpm.engine.authorization.Permissions.UPDATE)).isFalse();
    assertThat(downgraded.isPermissionGranted(org.camunda.bpm.engine.authorization.TaskPermissions.TASK_WORK)).isTrue();
    // the caseworker still claims and completes it
    as("union-worker", () -> {
      taskService.claim(task, "union-worker");
      taskService.complete(task, Map.of(VERIFIED, false, UNVERIFIED_REASON, "旧任务照常办理"));
      return null;
    });
  }

  /**
   * Whether the role may claim the task. Holders may claim (TASK_WORK) but not re-assign, so the task is given back
   * without the role's authorizations, for the next cell.
   */
  private boolean claimsAndGivesBack(String role, String taskId) {
    boolean claimed = succeeds(() -> taskService.claim(taskId, role));
    org.camunda.bpm.engine.impl.identity.Authentication caller = identityService.getCurrentAuthentication();
    identityService.clearAuthentication();
    try {
      taskService.setAssignee(taskId, null);
    } finally {
      identityService.setAuthentication(caller);
    }
    return claimed;
  }

  /** For roles that may complete, a case of their own is completed, so the shared one stays where it is. */
  private boolean completes(String role, boolean expectedToBeAllowed) {
    String taskId = expectedToBeAllowed ? ownVerification.get(role) : unionVerification.getId();
    return succeeds(() -> taskService.complete(taskId, Map.of(VERIFIED, false, UNVERIFIED_REASON, "矩阵测试")));
  }

  private boolean visible(String taskId) {
    return taskService.createTaskQuery().taskId(taskId).count() == 1;
  }

  private static boolean succeeds(Runnable action) {
    try {
      action.run();
      return true;
    } catch (AuthorizationException e) {
      return false;
    }
  }

  /**
   * One client per role, each request still with the role's Basic credentials: {@code withBasicAuth} builds a new
   * HTTP client (threads, connection pool) at every call.
   */
  private TestRestTemplate rest(String role) {
    return clients.computeIfAbsent(role, r -> http.withBasicAuth(r, "demo"));
  }

  // ------------------------------------------------------------------ expressions

  @Test
  void taskQueryWithAnExpressionInsideOrQueriesIsRefusedAndNothingIsEvaluated() {
    long sequenceBefore = sequence();

    ResponseEntity<String> answer = postJson("admin", "/engine-rest/task",
        "{\"orQueries\":[{\"nameLike\":\"" + HOSTILE + "\"}]}");

    assertThat(answer.getStatusCode().value()).isEqualTo(400);
    assertThat(answer.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(sequence()).isEqualTo(sequenceBefore);
  }

  @Test
  void unicodeEscapedAndQueryParameterExpressionsAreRefusedToo() {
    assertThat(postJson("admin", "/engine-rest/task", "{\"assigneeExpression\":\"\\u0024{currentUser()}\"}")
        .getStatusCode().value()).isEqualTo(400);
    ResponseEntity<String> answer = rest("admin").getForEntity(
        "/engine-rest/task?assigneeExpression={e}", String.class, "#{caseRegistry.nextCaseNumber()}");
    assertThat(answer.getStatusCode().value()).isEqualTo(400);
    assertThat(answer.getBody()).contains("\"field\":\"assigneeExpression\"");
  }

  @Test
  void filterWithAnExpressionCannotBeCreatedThroughTheApi() {
    long filtersBefore = filterService.createFilterQuery().count();

    ResponseEntity<String> answer = postJson("admin", "/engine-rest/filter/create",
        "{\"resourceType\":\"Task\",\"name\":\"恶意\",\"query\":{\"assigneeExpression\":\"" + HOSTILE + "\"}}");

    assertThat(answer.getStatusCode().value()).isEqualTo(400);
    assertThat(filterService.createFilterQuery().count()).isEqualTo(filtersBefore);
  }

  @Test
  void variableValueCarryingAnExpressionIsRefused() {
    ResponseEntity<String> answer = rest("union-worker").exchange(
        "/engine-rest/task/" + unionVerification.getId() + "/variables/verificationNote", HttpMethod.PUT,
        json("{\"value\":\"" + HOSTILE + "\",\"type\":\"String\"}"), String.class);

    assertThat(answer.getStatusCode().value()).isEqualTo(400);
    assertThat(taskService.getVariable(unionVerification.getId(), VERIFICATION_NOTE)).isNull();
    // the webapps' own engine API is guarded the same way
    assertThat(http.exchange("/camunda/api/engine/engine/default/task", HttpMethod.POST,
        json("{\"orQueries\":[{\"assigneeExpression\":\"" + HOSTILE + "\"}]}"), String.class).getStatusCode().value())
        .isEqualTo(400);
  }

  @Test
  void designersStillDeployModelsThatContainExpressions() {
    String bpmn = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="t">
          <process id="designerCheck" isExecutable="true" camunda:historyTimeToLive="1">
            <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
            <userTask id="t" camunda:candidateGroups="${'designers'}"/><sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
            <endEvent id="e"/>
          </process>
        </definitions>""";
    LinkedMultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
    form.add("deployment-name", "designer-check");
    form.add("data", new ByteArrayResource(bpmn.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      @Override
      public String getFilename() {
        return "designer-check.bpmn";
      }
    });
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);

    ResponseEntity<String> answer = rest("designer").postForEntity("/engine-rest/deployment/create",
        new HttpEntity<>(form, headers), String.class);

    assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
    assertThat(postJson("union-worker", "/engine-rest/deployment/create", "{}").getStatusCode().value())
        .isNotEqualTo(200);
  }

  // ------------------------------------------------------------------ authentication and audit

  @Test
  void anonymousCallsAreRefused() {
    assertThat(http.getForEntity("/engine-rest/process-instance", String.class).getStatusCode().value()).isEqualTo(401);
    assertThat(http.getForEntity("/api/cases/" + unionCase.getBusinessKey() + "/audit", String.class)
        .getStatusCode().value()).isEqualTo(401);
  }

  @Test
  void auditListsWhoDidWhatAndWhenToTheCase() {
    ProcessInstance audited = as("intake", () -> runtimeService.startProcessInstanceByKey(
        AidCaseModel.PROCESS_KEY, applicant()));
    as("union-worker", () -> {
      Task task = taskService.createTaskQuery().processInstanceId(audited.getId()).singleResult();
      taskService.claim(task.getId(), "union-worker");
      taskService.complete(task.getId(), Map.of(VERIFIED, false, UNVERIFIED_REASON, "不属实"));
      return null;
    });

    ResponseEntity<String> trail = rest("union-lead").getForEntity(
        "/api/cases/" + audited.getBusinessKey() + "/audit", String.class);

    assertThat(trail.getStatusCode().value()).isEqualTo(200);
    assertThat(trail.getBody()).contains("\"user\":\"intake\"", "\"operation\":\"Create\"",
        "\"user\":\"union-worker\"", "\"operation\":\"Claim\"", "\"operation\":\"Complete\"");
    assertThat(rest("women-worker").getForEntity("/api/cases/" + audited.getBusinessKey() + "/audit", String.class)
        .getStatusCode().value()).isEqualTo(404);
    assertThat(rest("union-lead").getForEntity("/api/cases/not-a-case/audit", String.class).getBody())
        .contains("caseNumber");
  }

  @Test
  void productionCheckNamesEveryDemoSettingThatIsStillThere() {
    MockEnvironment demoSettings = new MockEnvironment()
        .withProperty("aidflow.privacy.hash-key", "demo-only-hash-key-do-not-use-in-production")
        .withProperty("aidflow.privacy.encryption-key", "ZGVtby1vbmx5LWFlcy1rZXktbm90LWZvci1wcm9kISE=")
        .withProperty("camunda.bpm.admin-user.id", "admin")
        .withProperty("spring.datasource.password", "postgres");
    demoSettings.setActiveProfiles("prod", "demo");

    String problems = String.join("\n", new ProductionSafetyCheck(demoSettings, identityService).problems());

    assertThat(problems).contains("'demo'", "aidflow.privacy.hash-key", "aidflow.privacy.encryption-key",
        "camunda.bpm.admin-user",
        "spring.datasource.password", "user 'union-worker' still has the demo password");
    MockEnvironment safe = new MockEnvironment().withProperty("aidflow.privacy.hash-key", "k8H2-real-secret-91x")
        .withProperty("aidflow.privacy.encryption-key", "q3Vx0m2hR7Yt5cWp8zLb1nJd4fKs6gHa9eTu0iOy2rE=")
        .withProperty("spring.datasource.password", "a-real-db-password");
    safe.setActiveProfiles("prod", "postgres");
    assertThat(new ProductionSafetyCheck(safe, identityService).problems()).noneMatch(p -> !p.startsWith("user '"));
    assertThatThrownBy(() -> new ProductionSafetyCheck(demoSettings, identityService).onStarted(null))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("refuses to start in the prod profile");
  }

  /**
   * Camunda's own lock-out counted failures per user from anybody, so one wrong password locked the user out for a
   * while and ten for good. It is off: failures are throttled per client address and user instead (LoginsIT).
   */
  @Test
  void wrongPasswordsLockNobodyOutOfTheEngine() {
    User user = identityService.newUser("throttle-check");
    user.setPassword("Correct-Password-1");
    identityService.saveUser(user);
    assertThat(identityService.checkPassword("throttle-check", "Correct-Password-1")).isTrue();

    for (int i = 0; i < 11; i++) {
      assertThat(identityService.checkPassword("throttle-check", "wrong-" + i)).isFalse();
    }

    assertThat(identityService.checkPassword("throttle-check", "Correct-Password-1")).isTrue();
  }

  @Test
  void webappPagesCarrySecurityHeadersAndCsrfProtection() {
    ResponseEntity<String> page = http.getForEntity("/camunda/app/tasklist/default/", String.class);

    assertThat(page.getHeaders().getFirst("Content-Security-Policy")).contains("default-src");
    assertThat(page.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.getHeaders().get(HttpHeaders.SET_COOKIE)).anySatisfy(cookie ->
        assertThat(cookie).startsWith("XSRF-TOKEN").contains("SameSite"));
    // a state-changing webapp call without the CSRF token is refused
    assertThat(http.postForEntity("/camunda/api/admin/auth/user/default/login/tasklist", null, String.class)
        .getStatusCode().value()).isEqualTo(403);
  }

  private long sequence() {
    return CaseNumbersDrawn.count(jdbc);
  }

  private ResponseEntity<String> postJson(String user, String path, String body) {
    return rest(user).postForEntity(path, json(body), String.class);
  }
}
