package org.aidflow.app;

import static org.aidflow.support.JsonBody.json;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 17 on PostgreSQL through the REST API: a refusal is explained (the reason returned by GET /api/cases/{n}, the
 * notices to the intake officer and the applicant in the outbox), and a repeat call is a new need routed at once.
 */
class NewNeedAndRefusalIT extends ApplicationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired TaskService taskService;

  @Test
  void aCaseNotEligibleAfterVerificationReturnsItsReasonAndTheApplicantIsNotified() throws Exception {
    String caseNumber = register(applicant(MONTHLY_INCOME, 9000, RIGID_EXPENSES, 0, CONSENT, true));

    verifyAs("union-worker", caseNumber);

    JsonNode view = read(caseNumber);
    assertThat(view.get("status").asText()).isEqualTo("CLOSED");
    assertThat(view.get("closureReason").asText()).isEqualTo("NOT_ELIGIBLE");
    assertThat(view.get("notEligibleReason").asText()).contains("不符合帮扶条件", "低保标准");
    List<Map<String, Object>> notices = jdbc.queryForList("SELECT kind, recipient_user, recipient_group, message"
        + " FROM notification WHERE case_number = ? ORDER BY id", caseNumber);
    assertThat(notices).extracting(n -> n.get("kind"), n -> n.get("recipient_user"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("NOT_ELIGIBLE", "intake"),
            org.assertj.core.groups.Tuple.tuple("APPLICANT", null));
    assertThat(notices).allSatisfy(n -> assertThat((String) n.get("message")).contains(caseNumber, "不符合帮扶条件"));
  }

  @Test
  void aDomesticViolenceCallThroughTheApiReachesTheWomensFederationOnTheOpenUnionCase() throws Exception {
    Map<String, Object> person = applicant(CATEGORIES, List.of("wage-arrears"));
    String caseNumber = register(person);
    verifyAs("union-worker", caseNumber);
    assertThat(read(caseNumber).get("stage").asText()).isEqualTo("REFERRAL");

    Map<String, Object> call = new HashMap<>(person);
    call.put(CATEGORIES, List.of("domestic-violence"));
    call.put(CHANNEL, "hotline-12338");
    ResponseEntity<String> joined = post(call);

    assertThat(joined.getStatusCode().value()).as(joined.getBody()).isEqualTo(409);
    assertThat(JSON.readTree(joined.getBody()).get("status").asText()).isEqualTo("JOINED_OPEN_CASE");
    JsonNode view = read(caseNumber);
    assertThat(view.get("referrals").findValuesAsText("org")).contains("union", "women");
    assertThat(taskService.createTaskQuery().processInstanceBusinessKey(caseNumber)
        .taskCandidateGroup("women-33-caseworkers").singleResult().getPriority()).isEqualTo(80);
    assertThat(jdbc.queryForObject("SELECT urgent FROM aid_case WHERE case_number = ?", Boolean.class, caseNumber))
        .isTrue();
    assertThat(jdbc.queryForList("SELECT recipient_user FROM notification WHERE case_number = ? AND kind = 'NEW_NEED'",
        String.class, caseNumber)).contains("intake");
  }

  private String register(Map<String, Object> fields) throws Exception {
    ResponseEntity<String> created = post(fields);
    assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
    return JSON.readTree(created.getBody()).get("caseNumber").asText();
  }

  private ResponseEntity<String> post(Map<String, Object> fields) throws Exception {
    return http.withBasicAuth("intake", "demo").postForEntity("/api/cases", json(JSON.writeValueAsString(fields)),
        String.class);
  }

  private void verifyAs(String user, String caseNumber) {
    String task = taskService.createTaskQuery().processInstanceBusinessKey(caseNumber)
        .taskDefinitionKey(AidCaseModel.VERIFY_CASE).singleResult().getId();
    ResponseEntity<String> done = http.withBasicAuth(user, "demo").postForEntity("/engine-rest/task/" + task
        + "/complete", json("{\"variables\": {\"verified\": {\"value\": true},"
        + " \"verificationNote\": {\"value\": \"情况属实\"}, " + confirmedFigures(task) + "}}"), String.class);
    assertThat(done.getStatusCode().value()).as(done.getBody()).isEqualTo(204);
  }

  /** The household figures as the verify form shows them, confirmed unchanged (the form requires all three). */
  private String confirmedFigures(String task) {
    return java.util.stream.Stream.of("householdSize", "monthlyIncome", "rigidExpenses")
        .map(name -> "\"" + name + "\": {\"value\": " + taskService.getVariable(task, name) + "}")
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private JsonNode read(String caseNumber) throws Exception {
    ResponseEntity<String> answer = http.withBasicAuth("intake", "demo").getForEntity("/api/cases/" + caseNumber,
        String.class);
    assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
    return JSON.readTree(answer.getBody());
  }
}
