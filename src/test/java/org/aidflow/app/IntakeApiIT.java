package org.aidflow.app;

import static org.aidflow.support.JsonBody.json;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.support.CaseNumbersDrawn;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/** The channels' intake API: validation, hostile input, idempotency, duplicates and withdrawal. */
class IntakeApiIT extends ApplicationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate http;
  private final Map<String, TestRestTemplate> clients = new java.util.concurrent.ConcurrentHashMap<>();
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtimeService;
  @Autowired CaseRegistry caseRegistry;

  @ParameterizedTest
  @ValueSource(strings = {"online", "hotline-12351", "hotline-12338", "hotline-12355", "window", "outreach",
      "grid-referral"})
  void validIntakeFromEveryChannelOpensACaseForTheRightOrganisation(String channel) throws Exception {
    ResponseEntity<String> created = post("intake", body(applicant(CHANNEL, channel)), null);

    assertThat(created.getStatusCode().value()).isEqualTo(201);
    String caseNumber = JSON.readTree(created.getBody()).get("caseNumber").asText();
    assertThat(caseNumber).matches("QBH-\\d{4}-\\d{6}");
    assertThat(created.getHeaders().getLocation()).hasToString("/api/cases/" + caseNumber);
    JsonNode view = JSON.readTree(http.withBasicAuth("intake", "demo").getForEntity("/api/cases/" + caseNumber,
        String.class).getBody());
    assertThat(view.get("stage").asText()).isEqualTo("VERIFICATION");
    assertThat(view.get("intakeOrg").asText()).isEqualTo(switch (channel) {
      case "hotline-12338" -> "women";
      case "hotline-12355" -> "youth";
      default -> "union";
    });
    assertThat(view.get("openTasks").get(0).get("taskDefinitionKey").asText()).isEqualTo("verifyCase");
  }

  @Test
  void theFullIdNumberAndPhoneOfAnApiIntakeNeverBecomeARow() throws Exception {
    ResponseEntity<String> created = post("intake", body(applicant()), null);
    assertThat(created.getStatusCode().value()).isEqualTo(201);
    String caseNumber = JSON.readTree(created.getBody()).get("caseNumber").asText();
    String instance = caseRegistry.caseOf(caseNumber).orElseThrow().processInstanceId();

    // not even masked: they reached the case's first step only for its transaction
    for (String table : List.of("act_ru_variable", "act_hi_varinst", "act_hi_detail")) {
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE proc_inst_id_ = ? AND name_ IN (?, ?)",
          Integer.class, instance, ID_NUMBER, PHONE)).as(table).isZero();
    }
    // what the case keeps of them
    assertThat(runtimeService.getVariable(instance, ID_NUMBER_MASKED)).asString().contains("*");
    assertThat(runtimeService.getVariable(instance, PHONE_MASKED)).asString().contains("*");
  }

  /** Every rule of the intake record at its boundary, through HTTP: the JSON value as sent, and the answer. */
  @ParameterizedTest(name = "{0} = {1} -> {2}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
      householdSize    | 1                       | 201
      householdSize    | 20                      | 201
      householdSize    | 0                       | 400
      householdSize    | 21                      | 400
      childrenInSchool | 0                       | 201
      childrenInSchool | 20                      | 201
      childrenInSchool | -1                      | 400
      childrenInSchool | 21                      | 400
      monthlyIncome    | 0                       | 201
      monthlyIncome    | 1000000                 | 201
      monthlyIncome    | 0.01                    | 201
      monthlyIncome    | -0.01                   | 400
      monthlyIncome    | 1000000.01              | 400
      rigidExpenses    | 999999.99               | 201
      rigidExpenses    | 0.001                   | 400
      phone            | "13012345678"           | 201
      phone            | "19912345678"           | 201
      phone            | "12912345678"           | 400
      phone            | "1391234567"            | 400
      phone            | "139123456789"          | 400
      region           | "110101"                | 201
      region           | "820000"                | 201
      region           | "990101"                | 400
      region           | "3301021"               | 400
      name             | "阿依古丽·买买提"          | 201
      name             | "Anna-Lena O'Neil"      | 201
      name             | "张三1"                  | 400
      channel          | "grid-referral"         | 201
      channel          | "hotline-12345"         | 400
      employmentForm   | "live-streamer"         | 201
      employmentForm   | "pilot"                 | 400
      categories       | ["psychological"]       | 201
      categories       | ["living","disaster"]   | 201
      categories       | ["Living"]              | 400
      consent          | false                   | 201
      employer         | null                    | 201
      description      | null                    | 201
      address          | null                    | 400
      idNumber         | LOWER_CASE_X            | 201
      idNumber         | SURROUNDED_BY_SPACES    | 201
      idNumber         | "110105194912310021"    | 400
      """)
  void everyIntakeRuleAtItsBoundary(String field, String json, int status) throws Exception {
    String body = withRaw(field, switch (json) {
      case "LOWER_CASE_X" -> "\"" + idNumberEndingInX().toLowerCase() + "\"";
      case "SURROUNDED_BY_SPACES" -> "\" " + idNumberEndingInX() + " \"";
      default -> json;
    });
    ResponseEntity<String> answer = post("intake", body, null);

    assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(status);
    if (status == 400) {
      assertThat(answer.getBody()).contains("\"field\":\"" + field + "\"");
    }
  }

  /** A fresh valid ID number whose check character is X. */
  private static String idNumberEndingInX() {
    String id;
    do {
      id = org.aidflow.support.Applicants.idNumber("19900101", true);
    } while (!id.endsWith("X"));
    return id;
  }

  static Stream<Arguments> hostileBodies() throws Exception {
    List<Arguments> bodies = new ArrayList<>();
    String valid = body(applicant());
    String withoutBrace = valid.substring(0, valid.length() - 1);
    add(bodies, "empty body", "");
    add(bodies, "null", "null");
    add(bodies, "array", "[]");
    add(bodies, "string", "\"text\"");
    add(bodies, "number", "123");
    add(bodies, "unterminated object", "{");
    add(bodies, "missing value", "{\"name\":}");
    add(bodies, "trailing garbage", valid + "x");
    add(bodies, "two objects", valid + valid);
    add(bodies, "duplicate key", withoutBrace + ",\"name\":\"李四\"}");
    add(bodies, "unknown field", withoutBrace + ",\"salary\":1}");
    add(bodies, "prototype pollution", withoutBrace + ",\"__proto__\":{\"admin\":true}}");
    add(bodies, "name as number", with("name", 42));
    add(bodies, "name as object", with("name", Map.of("first", "张")));
    add(bodies, "name as array", with("name", List.of("张", "三")));
    add(bodies, "empty name", with("name", ""));
    add(bodies, "blank name", with("name", "   "));
    add(bodies, "name of 51 characters", with("name", "张".repeat(51)));
    add(bodies, "script tag in name", with("name", "<script>alert(1)</script>"));
    add(bodies, "SQL in name", with("name", "Robert'); DROP TABLE aid_case;--"));
    add(bodies, "right-to-left override in name", with("name", "张\u202e三"));
    add(bodies, "emoji name", with("name", "😀"));
    add(bodies, "household size as string", with("householdSize", "3"));
    add(bodies, "fractional household size", with("householdSize", 2.5));
    add(bodies, "huge household size", withRaw("householdSize", "1e400"));
    add(bodies, "negative household size", with("householdSize", -1));
    add(bodies, "children in school fractional", with("childrenInSchool", 1.5));
    add(bodies, "income as string", with("monthlyIncome", "1000"));
    add(bodies, "income beyond double", withRaw("monthlyIncome", "1e309"));
    add(bodies, "income with 400 digits", withRaw("monthlyIncome", "9".repeat(400)));
    add(bodies, "negative income", withRaw("monthlyIncome", "-0.01"));
    add(bodies, "income above the maximum", withRaw("monthlyIncome", "1000000.01"));
    add(bodies, "income as boolean", with("monthlyIncome", true));
    add(bodies, "expenses with three decimals", withRaw("rigidExpenses", "12.345"));
    add(bodies, "consent as string", with("consent", "yes"));
    add(bodies, "consent as number", with("consent", 1));
    add(bodies, "consent null", withRaw("consent", "null"));
    add(bodies, "urgent as string", with("urgent", "true"));
    add(bodies, "categories as string", with("categories", "living"));
    add(bodies, "no category", with("categories", List.of()));
    add(bodies, "categories as numbers", with("categories", List.of(1, 2)));
    add(bodies, "unknown category", with("categories", List.of("lottery")));
    add(bodies, "nested categories", with("categories", List.of(List.of("living"))));
    add(bodies, "deep nesting", withRaw("description", "[".repeat(200) + "]".repeat(200)));
    add(bodies, "ID number with wrong check character", with("idNumber", "330102198603151230"));
    add(bodies, "ID number with zero-width space", with("idNumber", "3301021986\u200b03151234"));
    add(bodies, "script tag as ID number", with("idNumber", "<script>alert(1)</script>"));
    add(bodies, "NUL in description", with("description", "情况\u0000说明"));
    add(bodies, "lone surrogate in description", withRaw("description", "\"\\ud800\""));
    add(bodies, "description of 2001 characters", with("description", "困".repeat(2001)));
    add(bodies, "expression in description", with("description", "${caseRegistry.nextCaseNumber()}"));
    add(bodies, "international phone", with("phone", "+8613812345678"));
    add(bodies, "phone as number", withRaw("phone", "13812345678"));
    add(bodies, "letter in region", with("region", "33010A"));
    add(bodies, "unknown channel", with("channel", "fax"));
    add(bodies, "unknown employment form", with("employmentForm", "astronaut"));
    add(bodies, "address of 201 characters", with("address", "路".repeat(201)));
    return bodies.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileBodies")
  void malformedOrHostileBodyIsRefusedAndCreatesNothing(String situation, String body) {
    long[] before = footprint();

    ResponseEntity<String> answer = post("intake", body, null);

    assertThat(answer.getStatusCode().value()).as(situation).isEqualTo(400);
    assertThat(answer.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(footprint()).as("nothing created by: " + situation).containsExactly(before);
  }

  @Test
  void everyInvalidFieldIsReportedAtOnceWhateverKindOfError() throws Exception {
    ResponseEntity<String> answer = post("intake", "{\"name\":\"<b>x</b>\",\"householdSize\":\"3\",\"pet\":1}", null);

    assertThat(answer.getStatusCode().value()).isEqualTo(400);
    JsonNode violations = JSON.readTree(answer.getBody()).get("violations");
    List<String> fields = new ArrayList<>();
    violations.forEach(v -> fields.add(v.get("field").asText()));
    assertThat(fields).contains("name", "householdSize", "pet", "idNumber", "phone", "categories", "consent")
        .doesNotHaveDuplicates();
    violations.forEach(v -> assertThat(v.get("message").asText()).isNotBlank());
    violations.forEach(v -> assertThat(v.get("messageEn").asText()).isNotBlank());
  }

  @Test
  void wrongContentTypesAndOversizedBodiesAreRefused() throws Exception {
    long[] before = footprint();
    HttpHeaders text = new HttpHeaders();
    text.setContentType(MediaType.TEXT_PLAIN);
    assertThat(http.withBasicAuth("intake", "demo").postForEntity("/api/cases",
        new HttpEntity<>(body(applicant()), text), String.class).getStatusCode().value()).isEqualTo(415);
    assertThat(post("intake", body(applicant(DESCRIPTION, "困".repeat(30_000))), null).getStatusCode().value())
        .isEqualTo(413);
    assertThat(footprint()).containsExactly(before);
  }

  @Test
  void retriedRequestWithTheSameIdempotencyKeyReturnsTheSameCase() throws Exception {
    String body = body(applicant());
    String key = "retry-" + System.nanoTime();
    long casesBefore = cases();

    ResponseEntity<String> original = post("intake", body, key);
    ResponseEntity<String> retry = post("intake", body, key);

    assertThat(original.getStatusCode().value()).isEqualTo(201);
    assertThat(retry.getStatusCode().value()).isEqualTo(201);
    assertThat(retry.getBody()).isEqualTo(original.getBody());
    assertThat(retry.getHeaders().getLocation()).isEqualTo(original.getHeaders().getLocation());
    assertThat(cases()).isEqualTo(casesBefore + 1);
    // the same key for another request is a client error, not a second case
    assertThat(post("intake", body(applicant()), key).getStatusCode().value()).isEqualTo(422);
  }

  @Test
  void twentyIdenticalRequestsAtOnceMakeExactlyOneCase() throws Exception {
    String body = body(applicant());
    String key = "burst-" + System.nanoTime();
    long casesBefore = cases();
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Callable<ResponseEntity<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(() -> post("intake", body, key));
      }
      List<ResponseEntity<String>> answers = new ArrayList<>();
      for (Future<ResponseEntity<String>> answer : pool.invokeAll(calls)) {
        answers.add(answer.get());
      }
      assertThat(answers).extracting(a -> a.getStatusCode().value()).containsOnly(201);
      assertThat(answers).extracting(ResponseEntity::getBody).containsOnly(answers.get(0).getBody());
    } finally {
      pool.shutdownNow();
    }
    assertThat(cases()).isEqualTo(casesBefore + 1);
  }

  @Test
  void twentyPeopleAtOnceGetTwentyCasesWithDistinctNumbers() throws Exception {
    long casesBefore = cases();
    ExecutorService pool = Executors.newFixedThreadPool(20);
    List<ResponseEntity<String>> answers = new ArrayList<>();
    try {
      List<Callable<ResponseEntity<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String body = body(applicant());
        calls.add(() -> post("intake", body, null));
      }
      for (Future<ResponseEntity<String>> answer : pool.invokeAll(calls)) {
        answers.add(answer.get());
      }
    } finally {
      pool.shutdownNow();
    }
    // the number is counted in the registering transaction: no two intakes share one, none answers 500
    assertThat(answers).extracting(a -> a.getStatusCode().value()).containsOnly(201);
    List<String> numbers = new ArrayList<>();
    for (ResponseEntity<String> answer : answers) {
      numbers.add(JSON.readTree(answer.getBody()).get("caseNumber").asText());
    }
    assertThat(numbers).doesNotHaveDuplicates().allMatch(n -> n.matches(CaseRegistry.CASE_NUMBER_PATTERN));
    assertThat(cases()).isEqualTo(casesBefore + 20);
    for (String number : numbers) {
      assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(number).count()).isEqualTo(1);
    }
  }

  @Test
  void secondIntakeForAPersonWithAnOpenCaseIsAConflictNamingThatCaseAndIsRecordedOnIt() throws Exception {
    Map<String, Object> person = applicant();
    String caseNumber = JSON.readTree(post("intake", body(person), null).getBody()).get("caseNumber").asText();

    person.put(CHANNEL, "hotline-12351");
    ResponseEntity<String> again = post("intake", body(person), null);

    assertThat(again.getStatusCode().value()).isEqualTo(409);
    assertThat(JSON.readTree(again.getBody()).get("caseNumber").asText()).isEqualTo(caseNumber);
    assertThat(caseRegistry.contactsOf(caseNumber)).containsExactly("hotline-12351");
    String openCase = runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(caseNumber)
        .processDefinitionKey(AidCaseModel.PROCESS_KEY).singleResult().getId();
    assertThat((String) runtimeService.getVariable(openCase, LATER_CONTACTS)).contains("12351 职工服务热线");
  }

  @Test
  void withdrawalClosesTheCaseWithdrawn() throws Exception {
    String caseNumber = JSON.readTree(post("intake", body(applicant()), null).getBody()).get("caseNumber").asText();

    ResponseEntity<String> withdrawn = http.withBasicAuth("intake", "demo")
        .postForEntity("/api/cases/" + caseNumber + "/withdrawal", json("{\"reason\":\"已自行解决\"}"), String.class);

    assertThat(withdrawn.getStatusCode().value()).isEqualTo(200);
    JsonNode view = JSON.readTree(withdrawn.getBody());
    assertThat(view.get("status").asText()).isEqualTo("CLOSED");
    assertThat(view.get("closureReason").asText()).isEqualTo("WITHDRAWN");
    assertThat(http.withBasicAuth("intake", "demo").postForEntity("/api/cases/" + caseNumber + "/withdrawal",
        json("{\"reason\":\"再次撤回\"}"), String.class).getStatusCode().value()).isEqualTo(409);
  }

  @Test
  void onlyThoseWhoMayRegisterOrReadACaseGetAnAnswer() throws Exception {
    assertThat(http.postForEntity("/api/cases", json(body(applicant())), String.class).getStatusCode().value())
        .isEqualTo(401);
    long[] before = footprint();
    assertThat(post("union-worker", body(applicant()), null).getStatusCode().value()).isEqualTo(403);
    assertThat(footprint()[0]).isEqualTo(before[0]);
    String caseNumber = JSON.readTree(post("intake", body(applicant()), null).getBody()).get("caseNumber").asText();
    assertThat(http.withBasicAuth("women-worker", "demo").getForEntity("/api/cases/" + caseNumber, String.class)
        .getStatusCode().value()).isEqualTo(404);
    assertThat(http.withBasicAuth("union-worker", "demo").getForEntity("/api/cases/" + caseNumber, String.class)
        .getStatusCode().value()).isEqualTo(200);
  }

  @Test
  void theApiIsDescribedByOpenApi() {
    ResponseEntity<String> description = http.getForEntity("/api-docs", String.class);

    assertThat(description.getStatusCode().value()).isEqualTo(200);
    assertThat(description.getBody()).contains("\"/api/cases\"", "/api/cases/{caseNumber}/withdrawal",
        "/api/cases/{caseNumber}/audit");
  }

  /** Cases, running case instances, and the case number sequence: what a rejected request must not change. */
  private long[] footprint() {
    return new long[] {cases(),
        runtimeService.createProcessInstanceQuery().processDefinitionKey(AidCaseModel.PROCESS_KEY).count(),
        CaseNumbersDrawn.count(jdbc),
        jdbc.queryForObject("SELECT COUNT(*) FROM intake_request", Long.class)};
  }

  private long cases() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM aid_case", Long.class);
  }

  private ResponseEntity<String> post(String user, String body, String idempotencyKey) {
    HttpEntity<String> request = json(body);
    if (idempotencyKey != null) {
      HttpHeaders headers = new HttpHeaders();
      headers.putAll(request.getHeaders());
      headers.set("Idempotency-Key", idempotencyKey);
      request = new HttpEntity<>(body, headers);
    }
    return client(user).postForEntity("/api/cases", request, String.class);
  }

  /**
   * One client per user, each request still with the user's Basic credentials: {@code withBasicAuth} builds a new
   * HTTP client (threads, connection pool) at every call.
   */
  private TestRestTemplate client(String user) {
    return clients.computeIfAbsent(user, u -> http.withBasicAuth(u, "demo"));
  }

  private static String body(Map<String, Object> fields) throws Exception {
    return JSON.writeValueAsString(fields);
  }

  private static String with(String field, Object value) throws Exception {
    return body(applicant(field, value));
  }

  /** The valid applicant with one field's JSON replaced by raw text. */
  private static String withRaw(String field, String rawJson) throws Exception {
    Map<String, Object> fields = applicant(field, "__RAW__");
    return body(fields).replace("\"__RAW__\"", rawJson);
  }

  private static void add(List<Arguments> bodies, String situation, String body) {
    bodies.add(Arguments.of(situation, body));
  }
}
