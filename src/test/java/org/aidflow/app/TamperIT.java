package org.aidflow.app;

import static org.aidflow.annualreview.AnnualReviewModel.*;
import static org.aidflow.servicelevel.EscalationModel.*;
import static org.aidflow.shared.AidCaseModel.*;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.shared.ReferralModel.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aidflow.annualreview.AnnualReviewModel;
import org.aidflow.followup.HardshipHouseholds;
import org.aidflow.servicelevel.EscalationModel;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.support.CaseNumbersDrawn;
import org.aidflow.support.Applicants;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tamper test of issue 14: at every user task of every model, the task's holder and a holder of another
 * organisation try to rewrite the facts of the case (which case, which organisation, the referral, the intake
 * officer, amounts, the closure) through every way the engine APIs offer; each is refused, and the case row, the
 * referrals, the ledger, the funds and the case's variables and their history stay as they were. Then what a case
 * may start with.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TamperIT extends ApplicationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Every fact a request might try to set, with a value that would move the case to another organisation. */
  private static final Map<String, Map<String, Object>> FACTS = facts();
  private static final String ENGINE_REST = "/engine-rest";
  private static final String WEBAPP = "/camunda/api/engine/engine/default";
  /** The initiator variable of aidCase's start event. */
  private static final String INTAKE_OFFICER = "intakeOfficer";
  /** Tasks tried at the same time. */
  private static final int TAMPERERS = 3;

  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired ManagementService managementService;
  @Autowired RepositoryService repositoryService;
  @Autowired HardshipHouseholds households;
  @Autowired JdbcTemplate jdbc;
  @Autowired TestRestTemplate http;
  @LocalServerPort int port;

  /** Each user task of each model, open in a case of the union: its id, its holder and one of another organisation. */
  private final Map<String, Target> targets = new LinkedHashMap<>();
  private final List<String> caseNumbers = new ArrayList<>();
  private final List<String> instances = new ArrayList<>();
  private final Map<String, TestRestTemplate> clients = new ConcurrentHashMap<>();

  private record Target(String taskKey, String taskId, String processInstanceId, String executionId, String holder,
      String otherOrganisation) {
  }

  @BeforeAll
  void everyUserTaskOpenInAUnionCase() {
    // case 1 waits for verification; the other steps of aidCase are opened beside it
    ProcessInstance first = as("intake", () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(DESCRIPTION, "篡改测试一")));
    caseNumbers.add(first.getBusinessKey());
    instances.add(first.getId());
    runtimeService.createProcessInstanceModification(first.getId()).startBeforeActivity(FOLLOW_UP)
        .startBeforeActivity(DECIDE_DECLINED_CASE).startBeforeActivity(DECIDE_STALLED_CASE).execute();
    for (String key : List.of(VERIFY_CASE, FOLLOW_UP)) {
      target(key, first.getId(), "union-worker", "youth-worker");
    }
    for (String key : List.of(DECIDE_DECLINED_CASE, DECIDE_STALLED_CASE)) {
      target(key, first.getId(), "union-lead", "women-lead");
    }

    // the verification is late: the union's supervisors get an escalation
    String overdue = managementService.createJobQuery().processInstanceId(first.getId())
        .activityId(VERIFICATION_OVERDUE).singleResult().getId();
    managementService.executeJob(overdue);
    ProcessInstance escalation = runtimeService.createProcessInstanceQuery()
        .processDefinitionKey(EscalationModel.PROCESS_KEY).processInstanceBusinessKey(first.getBusinessKey())
        .singleResult();
    instances.add(escalation.getId());
    target(ESCALATION, escalation.getId(), "union-lead", "women-lead");

    // the household of case 1 is due for its annual review
    households.register(first.getBusinessKey(), "DEEP", Instant.now().minus(800, ChronoUnit.DAYS), "测**");
    String reviewTimer = managementService.createJobQuery().processDefinitionKey(AnnualReviewModel.PROCESS_KEY)
        .timers().singleResult().getId();
    managementService.executeJob(reviewTimer);
    Task review = taskService.createTaskQuery().taskDefinitionKey(REVIEW_HOUSEHOLD).list().stream()
        .filter(t -> first.getBusinessKey().equals(taskService.getVariable(t.getId(), CASE_NUMBER))).findFirst()
        .orElseThrow();
    instances.add(review.getProcessInstanceId());
    targets.put(REVIEW_HOUSEHOLD, new Target(REVIEW_HOUSEHOLD, review.getId(), review.getProcessInstanceId(),
        review.getExecutionId(), "union-worker", "youth-worker"));

    // case 2 is referred to the union; every step of the referral is opened beside its acceptance
    ProcessInstance second = as("intake", () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(CATEGORIES, List.of("living"), EMPLOYER, null, UNION_MEMBER, false, MONTHLY_INCOME, 5000,
            RIGID_EXPENSES, 0, DESCRIPTION, "篡改测试二")));
    caseNumbers.add(second.getBusinessKey());
    instances.add(second.getId());
    as("union-worker", () -> {
      Task verify = taskService.createTaskQuery().processInstanceId(second.getId()).singleResult();
      taskService.claim(verify.getId(), "union-worker");
      taskService.complete(verify.getId(), Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实"));
      return null;
    });
    ProcessInstance referral = runtimeService.createProcessInstanceQuery().superProcessInstanceId(second.getId())
        .variableValueEquals(ORG, "union").singleResult();
    instances.add(referral.getId());
    runtimeService.createProcessInstanceModification(referral.getId()).startBeforeActivity(MEDIATE)
        .startBeforeActivity(ARBITRATE).startBeforeActivity(LITIGATE).startBeforeActivity(ASSESS_SAFETY)
        .startBeforeActivity(SUPPORT_PROTECTION_ORDER).startBeforeActivity(PROVIDE_LEGAL_AID)
        .startBeforeActivity(PLAN_ASSISTANCE)
        .startBeforeActivity(OVERRIDE_DOUBLE_AID).startBeforeActivity(APPROVE_PLAN).startBeforeActivity(JOINT_APPROVE)
        .startBeforeActivity(RESOLVE_FUNDING).startBeforeActivity(DELIVER_ASSISTANCE).execute();
    for (String key : List.of(ACCEPT_REFERRAL, MEDIATE, ARBITRATE, LITIGATE, ASSESS_SAFETY, SUPPORT_PROTECTION_ORDER,
        PROVIDE_LEGAL_AID, PLAN_ASSISTANCE, DELIVER_ASSISTANCE)) {
      target(key, referral.getId(), "union-worker", "youth-worker");
    }
    for (String key : List.of(OVERRIDE_DOUBLE_AID, APPROVE_PLAN, RESOLVE_FUNDING)) {
      target(key, referral.getId(), "union-lead", "women-lead");
    }
    target(JOINT_APPROVE, referral.getId(), "supervisor", "women-lead");
  }

  private void target(String taskKey, String processInstanceId, String holder, String otherOrganisation) {
    Task task = taskService.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(taskKey)
        .singleResult();
    assertThat(task).as("open task %s", taskKey).isNotNull();
    targets.put(taskKey, new Target(taskKey, task.getId(), processInstanceId, task.getExecutionId(), holder,
        otherOrganisation));
  }

  @Test
  void everyUserTaskOfEveryModelIsOpenHere() throws Exception {
    List<String> userTasks = new ArrayList<>();
    for (String model : List.of("aid-case", "referral", "escalation", "annual-review")) {
      String bpmn = java.nio.file.Files.readString(java.nio.file.Path.of("processes", model + ".bpmn"));
      java.util.regex.Matcher task = java.util.regex.Pattern.compile("<bpmn:userTask id=\"([^\"]+)\"").matcher(bpmn);
      while (task.find()) {
        userTasks.add(task.group(1));
      }
    }
    assertThat(userTasks).hasSizeGreaterThanOrEqualTo(16);
    assertThat(targets.keySet()).containsExactlyInAnyOrderElementsOf(userTasks);
  }

  /**
   * The tasks are tried a few at a time, as several people would at once (the two cores are then both at work): every
   * attempt is refused, so each task's snapshot before and after is the same whatever the others try meanwhile, and
   * anything written anywhere would show in the snapshots of the tasks tried at that time.
   */
  @Test
  void noFactCanBeWrittenAtAnyTaskByItsHolderOrByAnotherOrganisation() throws Exception {
    Map<String, WebappClient> webapp = new ConcurrentHashMap<>();
    ExecutorService tamperers = Executors.newFixedThreadPool(TAMPERERS);
    try {
      List<Future<?>> tried = new ArrayList<>();
      for (Target target : targets.values()) {
        tried.add(tamperers.submit(() -> {
          tamperWith(target, webapp);
          return null;
        }));
      }
      for (Future<?> each : tried) {
        try {
          each.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw (Exception) e.getCause();
        }
      }
    } finally {
      tamperers.shutdownNow();
    }
  }

  private void tamperWith(Target target, Map<String, WebappClient> webapp) throws Exception {
    String before = snapshot();
    for (boolean holder : List.of(true, false)) {
      String user = holder ? target.holder() : target.otherOrganisation();
      WebappClient browser = webapp.computeIfAbsent(user, this::signIn);
      for (Attempt attempt : attempts(target)) {
        ResponseEntity<String> answer = attempt.webapp() ? browser.send(attempt.method(), WEBAPP + attempt.path(),
            attempt.body()) : send(user, attempt.method(), ENGINE_REST + attempt.path(), attempt.body());
        String cell = "%s as %s: %s %s%s with %s".formatted(target.taskKey(), user, attempt.method(),
            attempt.webapp() ? WEBAPP : ENGINE_REST, attempt.path(), attempt.facts());
        int status = answer.getStatusCode().value();
        if (!holder) {
          assertThat(status).as(cell + " → " + answer.getBody()).isIn(403, 404);
        } else if (attempt.byTask()) {
          assertThat(status).as(cell + " → " + answer.getBody()).isEqualTo(400);
          assertThat(answer.getHeaders().getContentType().toString()).as(cell).startsWith("application/problem+json");
          JsonNode problem = JSON.readTree(answer.getBody());
          assertThat(problem.path("detail").asText()).as(cell).contains(problem.path("field").asText(), "不是",
              "is not a field");
          List<String> named = new ArrayList<>();
          // a completion also names the form's required fields it left out (issue 17): not what is counted here
          problem.path("violations").forEach(violation -> {
            if (!violation.path("messageEn").asText().contains("is required by the form")) {
              named.add(violation.path("field").asText());
            }
          });
          assertThat(named).as(cell).containsExactlyInAnyOrderElementsOf(attempt.facts());
        } else {
          // instance and execution variables are no caseworker's or supervisor's to write at all
          assertThat(status).as(cell + " → " + answer.getBody()).isEqualTo(403);
        }
      }
    }
    assertThat(taskService.createTaskQuery().taskId(target.taskId()).count()).as(target.taskKey()).isEqualTo(1);
    assertThat(snapshot()).as("nothing changed at %s", target.taskKey()).isEqualTo(before);
  }

  /**
   * One way in: the endpoint, the facts it carries (all of them where the endpoint takes several variables, one where
   * it takes one), and whether the task's fields (400) or authorization (403) refuses it.
   */
  private record Attempt(HttpMethod method, String path, String body, List<String> facts, boolean byTask,
      boolean webapp) {
  }

  private List<Attempt> attempts(Target target) throws Exception {
    List<String> all = List.copyOf(FACTS.keySet());
    String variables = JSON.writeValueAsString(Map.of("variables", FACTS));
    String modifications = JSON.writeValueAsString(Map.of("modifications", FACTS));
    String task = "/task/" + target.taskId();
    String instance = "/process-instance/" + target.processInstanceId();
    String execution = "/execution/" + target.executionId();
    List<Attempt> attempts = new ArrayList<>();
    for (boolean webapp : List.of(false, true)) {
      attempts.add(new Attempt(HttpMethod.POST, task + "/submit-form", variables, all, true, webapp));
      attempts.add(new Attempt(HttpMethod.POST, instance + "/variables", modifications, all, false, webapp));
    }
    attempts.add(new Attempt(HttpMethod.POST, task + "/complete", variables, all, true, false));
    attempts.add(new Attempt(HttpMethod.POST, task + "/resolve", variables, all, true, false));
    attempts.add(new Attempt(HttpMethod.POST, task + "/variables", modifications, all, true, false));
    attempts.add(new Attempt(HttpMethod.POST, task + "/localVariables", modifications, all, true, false));
    attempts.add(new Attempt(HttpMethod.POST, execution + "/localVariables", modifications, all, false, false));
    for (Map.Entry<String, Map<String, Object>> fact : FACTS.entrySet()) {
      String single = JSON.writeValueAsString(fact.getValue());
      List<String> one = List.of(fact.getKey());
      attempts.add(new Attempt(HttpMethod.PUT, task + "/variables/" + fact.getKey(), single, one, true, false));
      attempts.add(new Attempt(HttpMethod.PUT, task + "/variables/" + fact.getKey(), single, one, true, true));
      attempts.add(new Attempt(HttpMethod.PUT, task + "/localVariables/" + fact.getKey(), single, one, true, false));
      attempts.add(new Attempt(HttpMethod.PUT, instance + "/variables/" + fact.getKey(), single, one, false, false));
      attempts.add(new Attempt(HttpMethod.PUT, execution + "/localVariables/" + fact.getKey(), single, one, false,
          false));
    }
    return attempts;
  }

  /** The case rows, referrals, ledger, funds, and the variables of the cases' instances with their history. */
  private String snapshot() {
    String cases = String.join("','", caseNumbers);
    String ids = String.join("','", instances);
    return String.join("\n",
        jdbc.queryForList("SELECT * FROM aid_case WHERE case_number IN ('" + cases + "') ORDER BY case_number")
            .toString(),
        jdbc.queryForList("SELECT * FROM case_referral WHERE case_number IN ('" + cases + "') ORDER BY id").toString(),
        jdbc.queryForList("SELECT COUNT(*), SUM(amount) FROM ledger_entry").toString(),
        jdbc.queryForList("SELECT * FROM fund ORDER BY code, fund_year").toString(),
        jdbc.queryForList("SELECT name_, execution_id_, type_, text_, long_, double_, rev_ FROM act_ru_variable"
            + " WHERE proc_inst_id_ IN ('" + ids + "') ORDER BY id_").toString(),
        jdbc.queryForList("SELECT name_, var_type_, text_, long_, double_, rev_ FROM act_hi_varinst"
            + " WHERE proc_inst_id_ IN ('" + ids + "') ORDER BY id_").toString(),
        jdbc.queryForList("SELECT COUNT(*) FROM act_hi_detail WHERE proc_inst_id_ IN ('" + ids + "')").toString(),
        jdbc.queryForList("SELECT task_id_, group_id_, user_id_, type_ FROM act_ru_identitylink"
            + " WHERE task_id_ IS NOT NULL AND task_id_ IN (SELECT id_ FROM act_ru_task WHERE proc_inst_id_ IN ('"
            + ids + "')) ORDER BY id_").toString());
  }

  // ------------------------------------------------------------------ fields of the task, typed as the form

  @Test
  void aFormFieldOfTheWrongTypeIsRefusedAndTheHolderStillCompletesWithTheFormsFields() throws Exception {
    ProcessInstance aidCase = as("intake", () -> runtimeService.startProcessInstanceByKey(
        AidCaseModel.PROCESS_KEY, applicant(DESCRIPTION, "类型测试")));
    String task = taskService.createTaskQuery().processInstanceId(aidCase.getId()).singleResult().getId();
    String before = jdbc.queryForList("SELECT * FROM aid_case WHERE case_number = ?", aidCase.getBusinessKey())
        .toString();

    ResponseEntity<String> text = send("union-worker", HttpMethod.POST, ENGINE_REST + "/task/" + task + "/submit-form",
        "{\"variables\": {\"verified\": {\"value\": true}, \"verificationNote\": {\"value\": \"属实\"},"
            + " \"householdSize\": {\"value\": \"3\", \"type\": \"String\"}}}");
    ResponseEntity<String> notBoolean = send("union-worker", HttpMethod.PUT,
        ENGINE_REST + "/task/" + task + "/variables/verified", "{\"value\": \"yes\", \"type\": \"String\"}");
    ResponseEntity<String> error = send("union-worker", HttpMethod.POST, ENGINE_REST + "/task/" + task + "/bpmnError",
        "{\"errorCode\": \"anything\"}");

    assertThat(text.getStatusCode().value()).isEqualTo(400);
    assertThat(JSON.readTree(text.getBody()).path("field").asText()).isEqualTo(HOUSEHOLD_SIZE);
    assertThat(JSON.readTree(text.getBody()).path("detail").asText()).contains("须为数字", "must be a number");
    assertThat(notBoolean.getStatusCode().value()).isEqualTo(400);
    assertThat(notBoolean.getBody()).contains("\"field\":\"verified\"");
    // an error nothing catches would have ended the case
    assertThat(error.getStatusCode().value()).as(error.getBody()).isEqualTo(400);
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(aidCase.getId()).count()).isEqualTo(1);
    assertThat(jdbc.queryForList("SELECT * FROM aid_case WHERE case_number = ?", aidCase.getBusinessKey()).toString())
        .isEqualTo(before);

    ResponseEntity<String> done = send("union-worker", HttpMethod.POST, ENGINE_REST + "/task/" + task + "/submit-form",
        "{\"variables\": {\"verified\": {\"value\": false}, \"unverifiedReason\": {\"value\": \"不属实\"},"
            + " \"householdSize\": {\"value\": 3}, \"monthlyIncome\": {\"value\": 3000},"
            + " \"rigidExpenses\": {\"value\": 300.5}}}");
    assertThat(done.getStatusCode().value()).as(done.getBody()).isEqualTo(204);
    assertThat(jdbc.queryForObject("SELECT closure_reason FROM aid_case WHERE case_number = ?", String.class,
        aidCase.getBusinessKey())).isNotNull();
  }

  @Test
  void aPlanCarriesItsCashItemsAsApiClientsSendThemButNoOtherOrganisation() throws Exception {
    Target plan = targets.get(PLAN_ASSISTANCE);
    String before = snapshot();

    ResponseEntity<String> withOrg = send("union-worker", HttpMethod.POST,
        ENGINE_REST + "/task/" + plan.taskId() + "/complete", "{\"variables\": {"
            + "\"cashItems\": {\"type\": \"Json\", \"value\": \"[{\\\"fund\\\": \\\"union-hardship\\\", \\\"amount\\\": 100}]\"},"
            + " \"services\": {\"value\": \"hardship-grant\"}, \"org\": {\"value\": \"youth\"}}}");
    ResponseEntity<String> notAList = send("union-worker", HttpMethod.POST,
        ENGINE_REST + "/task/" + plan.taskId() + "/complete", "{\"variables\": {"
            + "\"cashItems\": {\"value\": \"union-hardship 2000\"}, \"services\": {\"value\": \"hardship-grant\"}}}");
    ResponseEntity<String> slotWithExtra = send("union-worker", HttpMethod.POST,
        ENGINE_REST + "/task/" + plan.taskId() + "/complete", "{\"variables\": {"
            + "\"cashItem1\": {\"type\": \"Json\", \"value\": \"{\\\"fund\\\": \\\"union-hardship\\\", \\\"amount\\\": 100,"
            + " \\\"org\\\": \\\"youth\\\"}\"}, \"services\": {\"value\": \"hardship-grant\"}}}");

    assertThat(withOrg.getStatusCode().value()).isEqualTo(400);
    assertThat(withOrg.getBody()).contains("\"field\":\"org\"").doesNotContain("\"field\":\"cashItems\"");
    assertThat(notAList.getStatusCode().value()).isEqualTo(400);
    assertThat(notAList.getBody()).contains("\"field\":\"cashItems\"");
    assertThat(slotWithExtra.getStatusCode().value()).isEqualTo(400);
    assertThat(slotWithExtra.getBody()).contains("cashItem1.org");
    assertThat(snapshot()).isEqualTo(before);
  }

  // ------------------------------------------------------------------ start variables

  @Test
  void aCaseStartsWithIntakeFieldsOnlyTypedAsTheIntakeApiTypesThem() throws Exception {
    long cases = caseCount();
    long sequence = sequence();
    String definitionId = repositoryService.createProcessDefinitionQuery()
        .processDefinitionKey(AidCaseModel.PROCESS_KEY).latestVersion().singleResult().getId();
    String idNumber = numericIdNumber();

    Map<String, Object> longIdNumber = intakeVariables();
    longIdNumber.put(ID_NUMBER, Map.of("value", Long.parseLong(idNumber), "type", "Long"));
    Map<String, Object> withOfficer = intakeVariables();
    withOfficer.put(INTAKE_OFFICER, Map.of("value", "youth-worker"));
    Map<String, Object> withOrg = intakeVariables();
    withOrg.put(INTAKE_ORG, Map.of("value", "youth"));

    ResponseEntity<String> typedLong = start("/process-definition/key/aidCase/start", Map.of("variables", longIdNumber));
    ResponseEntity<String> officer = start("/process-definition/key/aidCase/submit-form",
        Map.of("variables", withOfficer));
    ResponseEntity<String> org = start("/process-definition/" + definitionId + "/start", Map.of("variables", withOrg));
    ResponseEntity<String> businessKey = start("/process-definition/key/aidCase/start",
        Map.of("variables", intakeVariables(), "businessKey", "QBH-2026-000001"));
    ResponseEntity<String> instructions = start("/process-definition/key/aidCase/start", Map.of("variables",
        intakeVariables(), "startInstructions", List.of(Map.of("type", "startBeforeActivity", "activityId",
            VERIFY_CASE))));

    assertThat(typedLong.getStatusCode().value()).isEqualTo(400);
    assertThat(typedLong.getBody()).contains("\"field\":\"idNumber\"", "须为文本");
    assertThat(officer.getStatusCode().value()).isEqualTo(400);
    assertThat(officer.getBody()).contains("\"field\":\"intakeOfficer\"");
    assertThat(org.getStatusCode().value()).isEqualTo(400);
    assertThat(org.getBody()).contains("\"field\":\"intakeOrg\"");
    assertThat(businessKey.getStatusCode().value()).isEqualTo(400);
    assertThat(businessKey.getBody()).contains("\"field\":\"businessKey\"");
    assertThat(instructions.getStatusCode().value()).isEqualTo(400);
    assertThat(instructions.getBody()).contains("startInstructions");
    assertThat(caseCount()).isEqualTo(cases);
    assertThat(sequence()).isEqualTo(sequence);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM act_hi_detail WHERE text_ LIKE ? OR long_ = ?",
        Long.class, "%" + idNumber.substring(6, 14) + "%", Long.parseLong(idNumber))).isZero();

    // the intake form's fields as Tasklist's start form sends them: the case is the authenticated intake officer's
    ResponseEntity<String> started = start("/process-definition/key/aidCase/submit-form",
        Map.of("variables", intakeVariables()));
    assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(200);
    String instance = JSON.readTree(started.getBody()).path("id").asText();
    assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(instance)
        .variableName(INTAKE_OFFICER).singleResult().getValue()).isEqualTo("intake");
    assertThat(caseCount()).isEqualTo(cases + 1);
  }

  @Test
  void historyMasksAPersonalDataVariableOfAnyType() throws Exception {
    String idNumber = numericIdNumber();
    long phone = 13912345678L;
    // a caller of the Java API (or a client from before the REST check) gave them as numbers
    Map<String, Object> variables = applicant();
    variables.put(ID_NUMBER, Long.parseLong(idNumber));
    variables.put(PHONE, phone);
    ProcessInstance refused = as("intake", () -> runtimeService.startProcessInstanceByKey(
        AidCaseModel.PROCESS_KEY, variables));

    List<Map<String, Object>> stored = jdbc.queryForList("SELECT name_, var_type_, text_, long_, double_ FROM"
        + " act_hi_detail WHERE proc_inst_id_ = ? AND name_ IN ('idNumber', 'phone')", refused.getId());
    assertThat(stored).isNotEmpty().allSatisfy(row -> {
      assertThat(row.get("long_")).isNull();
      assertThat(row.get("double_")).isNull();
      assertThat(String.valueOf(row.get("text_"))).doesNotContain(idNumber.substring(6, 14),
          String.valueOf(phone).substring(2, 9));
    });
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM act_hi_varinst WHERE proc_inst_id_ = ? AND (long_ = ? OR"
        + " long_ = ? OR text_ = ? OR text_ = ?)", Long.class, refused.getId(), Long.parseLong(idNumber), phone,
        idNumber, String.valueOf(phone))).isZero();
    ResponseEntity<String> detail = http.withBasicAuth("admin", "demo").getForEntity(
        "/engine-rest/history/detail?processInstanceId=" + refused.getId() + "&firstResult=0&maxResults=500",
        String.class);
    assertThat(detail.getStatusCode().value()).as(detail.getBody()).isEqualTo(200);
    assertThat(detail.getBody()).contains("idNumber").doesNotContain(idNumber, String.valueOf(phone));
  }

  private ResponseEntity<String> start(String path, Map<String, Object> body) throws Exception {
    return send("intake", HttpMethod.POST, ENGINE_REST + path, JSON.writeValueAsString(body));
  }

  /** The intake form's fields, typed as Tasklist's start form and the intake API type them. */
  private static Map<String, Object> intakeVariables() {
    Map<String, Object> typed = new LinkedHashMap<>();
    applicant().forEach((name, value) -> typed.put(name, value instanceof List<?> list
        ? Map.of("type", "Json", "value", json(list)) : Map.of("value", value)));
    return typed;
  }

  /** A valid ID number of digits only, so that a caller could send it as a Long. */
  private static String numericIdNumber() {
    String idNumber;
    do {
      idNumber = Applicants.idNumber("19800101", false);
    } while (!Character.isDigit(idNumber.charAt(17)));
    return idNumber;
  }

  private long caseCount() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM aid_case", Long.class);
  }

  private long sequence() {
    return CaseNumbersDrawn.count(jdbc);
  }

  // ------------------------------------------------------------------ clients

  private static Map<String, Map<String, Object>> facts() {
    Map<String, Map<String, Object>> facts = new LinkedHashMap<>();
    facts.put(CASE_NUMBER, Map.of("value", "QBH-2026-999999", "type", "String"));
    facts.put(ORG, Map.of("value", "youth"));
    facts.put(INTAKE_ORG, Map.of("value", "youth", "type", "String"));
    facts.put(REFERRAL_ID, Map.of("value", 1, "type", "Long"));
    facts.put(INTAKE_OFFICER, Map.of("value", "youth-worker"));
    facts.put(CASH_AMOUNT, Map.of("value", 2000.0, "type", "Double"));
    facts.put(DELIVERED_AMOUNT, Map.of("value", 2000));
    facts.put(CLOSURE_REASON, Map.of("value", "WITHDRAWN"));
    return facts;
  }

  private ResponseEntity<String> send(String user, HttpMethod method, String path, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return client(user).exchange(path, method, new HttpEntity<>(body, headers), String.class);
  }

  /**
   * One client per user for all of the user's requests, each still sending the user's Basic credentials: {@code
   * withBasicAuth} builds a new HTTP client (threads, connection pool) at every call, which cost more than the
   * refused request itself over the thousands sent here.
   */
  private TestRestTemplate client(String user) {
    return clients.computeIfAbsent(user, u -> http.withBasicAuth(u, "demo"));
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private WebappClient signIn(String user) {
    try {
      return new WebappClient(port, user);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Tasklist in a browser: a session signed in with the demo password, the CSRF token sent with every change. */
  private static final class WebappClient {
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;

    WebappClient(int port, String user) throws Exception {
      this.base = "http://localhost:" + port;
      client.send(HttpRequest.newBuilder(URI.create(base + "/camunda/app/tasklist/default/")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> login = client.send(HttpRequest.newBuilder(
              URI.create(base + "/camunda/api/admin/auth/user/default/login/tasklist"))
          .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", token())
          .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
              + "&password=demo")).build(), HttpResponse.BodyHandlers.ofString());
      if (login.statusCode() != 200) {
        throw new AssertionError("login of " + user + " answered " + login.statusCode());
      }
      // the session changes at login; its token comes with the next page
      client.send(HttpRequest.newBuilder(URI.create(base + "/camunda/app/tasklist/default/")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }

    private String token() {
      return ((CookieManager) client.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
          .filter(c -> c.getName().equals("XSRF-TOKEN")).map(HttpCookie::getValue).reduce((a, b) -> b)
          .orElseThrow();
    }

    ResponseEntity<String> send(HttpMethod method, String path, String body) throws Exception {
      HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(base + path))
          .header("Content-Type", "application/json").header("Accept", "application/json")
          .header("X-XSRF-TOKEN", token())
          .method(method.name(), HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpHeaders headers = new HttpHeaders();
      answer.headers().map().forEach(headers::addAll);
      return ResponseEntity.status(answer.statusCode()).headers(headers).body(answer.body());
    }
  }
}
