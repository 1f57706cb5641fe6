package org.aidflow.app;

import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.UUID;
import org.aidflow.security.PasswordUpgrade;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code POST /api/cases/{n}/withdrawal}: only the intake organisation, the intake officer who took the case in and
 * supervisors may withdraw a case, only with a JSON body giving a reason, and the case's audit names who did it,
 * when, and why. Every refused attempt leaves the case open.
 */
class WithdrawalIT extends ApplicationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtimeService;
  @Autowired AuthorizationService authorizationService;

  @Test
  void refusedAttemptsLeaveTheCaseOpen() throws Exception {
    String caseNumber = newUnionCase();
    String reason = "{\"reason\":\"申请人来电撤回\"}";

    // another organisation's caseworker and supervisor cannot read the case: the same answer as no case at all
    assertThat(withdraw("youth-worker", "demo", json(reason), caseNumber).getStatusCode().value()).isEqualTo(404);
    assertThat(withdraw("women-lead", "demo", json(reason), caseNumber).getStatusCode().value()).isEqualTo(404);
    // a user who may read the case, but not act on it
    String reader = readOnlyUser(caseNumber);
    assertThat(http.withBasicAuth(reader, READER_PASSWORD).getForEntity("/api/cases/" + caseNumber, String.class)
        .getStatusCode().value()).isEqualTo(200);
    ResponseEntity<String> readOnly = withdraw(reader, READER_PASSWORD, json(reason), caseNumber);
    assertThat(readOnly.getStatusCode().value()).as(readOnly.getBody()).isEqualTo(403);
    // a designer (who may deploy models) is no caseworker either
    assertThat(withdraw("designer", "demo", json(reason), caseNumber).getStatusCode().value()).isIn(403, 404);

    // a cross-site form or text/plain post (no preflight in a browser): refused before anything is read
    ResponseEntity<String> plain = withdraw("union-worker", "demo", typed(reason, MediaType.TEXT_PLAIN), caseNumber);
    assertThat(plain.getStatusCode().value()).isEqualTo(415);
    assertThat(plain.getHeaders().getContentType()).hasToString("application/problem+json");
    assertThat(withdraw("union-worker", "demo", typed("reason=x", MediaType.APPLICATION_FORM_URLENCODED), caseNumber)
        .getStatusCode().value()).isEqualTo(415);
    assertThat(withdraw("union-worker", "demo", new HttpEntity<>(null, new HttpHeaders()), caseNumber)
        .getStatusCode().value()).isEqualTo(415);

    // no reason, a blank one, one of another type, no JSON: 400 naming reason (or body)
    for (String body : new String[] {"{}", "{\"reason\":\"   \"}", "{\"reason\":42}", "{\"reason\":null}", "[]"}) {
      ResponseEntity<String> refused = withdraw("union-worker", "demo", json(body), caseNumber);
      assertThat(refused.getStatusCode().value()).as(body).isEqualTo(400);
      assertThat(JSON.readTree(refused.getBody()).get("field").asText()).as(body).isEqualTo("reason");
    }
    ResponseEntity<String> broken = withdraw("union-worker", "demo", json("{\"reason\":"), caseNumber);
    assertThat(broken.getStatusCode().value()).isEqualTo(400);
    assertThat(JSON.readTree(broken.getBody()).get("field").asText()).isEqualTo("body");

    assertThat(jdbc.queryForObject("SELECT status FROM aid_case WHERE case_number = ?", String.class, caseNumber))
        .isEqualTo("OPEN");
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(caseNumber)
        .processDefinitionKey(AidCaseModel.PROCESS_KEY).count()).isEqualTo(1);
    JsonNode audit = audit("union-worker", caseNumber);
    assertThat(audit.toString()).doesNotContain("Withdraw");
  }

  @ParameterizedTest
  @ValueSource(strings = {"union-worker", "union-lead", "intake", "supervisor"})
  void thoseWhoMayWithdrawCloseTheCaseWithdrawnAndTheAuditNamesThem(String user) throws Exception {
    String caseNumber = newUnionCase();
    String reason = "申请人已自行解决 (" + user + ")";

    ResponseEntity<String> withdrawn = withdraw(user, "demo",
        json(JSON.writeValueAsString(Map.of("reason", reason))), caseNumber);

    assertThat(withdrawn.getStatusCode().value()).as(withdrawn.getBody()).isEqualTo(200);
    JsonNode view = JSON.readTree(withdrawn.getBody());
    assertThat(view.get("status").asText()).isEqualTo("CLOSED");
    assertThat(view.get("closureReason").asText()).isEqualTo("WITHDRAWN");
    assertThat(jdbc.queryForObject("SELECT closure_reason FROM aid_case WHERE case_number = ?", String.class,
        caseNumber)).isEqualTo("WITHDRAWN");

    JsonNode withdrawal = null;
    for (JsonNode entry : audit("union-worker", caseNumber).get("entries")) {
      if (entry.get("operation").asText().equals("Withdraw")) {
        withdrawal = entry;
      }
    }
    assertThat(withdrawal).as("the audit's withdrawal entry").isNotNull();
    assertThat(withdrawal.get("user").asText()).isEqualTo(user);
    assertThat(withdrawal.get("reason").asText()).isEqualTo(reason);
    assertThat(withdrawal.get("time").isNull()).isFalse();

    assertThat(withdraw(user, "demo", json("{\"reason\":\"again\"}"), caseNumber).getStatusCode().value())
        .isEqualTo(409);
  }

  private static final String READER_PASSWORD = "Reader-Pass-2026";

  /** A user granted read access to the case's instance and nothing else. */
  private String readOnlyUser(String caseNumber) {
    String id = "reader-" + UUID.randomUUID().toString().substring(0, 8);
    User user = identityService.newUser(id);
    user.setFirstName("只读");
    user.setLastName("审计");
    user.setPassword(READER_PASSWORD);
    PasswordUpgrade.saveKeepingPassword(identityService, user);
    String instance = jdbc.queryForObject("SELECT process_instance_id FROM aid_case WHERE case_number = ?", String.class,
        caseNumber);
    Authorization read = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    read.setUserId(id);
    read.setResource(Resources.PROCESS_INSTANCE);
    read.setResourceId(instance);
    read.addPermission(ProcessInstancePermissions.READ);
    authorizationService.saveAuthorization(read);
    Authorization history = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    history.setUserId(id);
    history.setResource(Resources.HISTORIC_PROCESS_INSTANCE);
    history.setResourceId(instance);
    history.addPermission(HistoricProcessInstancePermissions.READ);
    authorizationService.saveAuthorization(history);
    return id;
  }

  private String newUnionCase() throws Exception {
    ResponseEntity<String> created = http.withBasicAuth("intake", "demo").postForEntity("/api/cases",
        json(JSON.writeValueAsString(applicant())), String.class);
    assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
    String caseNumber = JSON.readTree(created.getBody()).get("caseNumber").asText();
    assertThat(jdbc.queryForObject("SELECT intake_org FROM aid_case WHERE case_number = ?", String.class, caseNumber))
        .isEqualTo("union");
    return caseNumber;
  }

  private ResponseEntity<String> withdraw(String user, String password, HttpEntity<String> request,
      String caseNumber) {
    return http.withBasicAuth(user, password).postForEntity("/api/cases/" + caseNumber + "/withdrawal", request,
        String.class);
  }

  private JsonNode audit(String user, String caseNumber) throws Exception {
    ResponseEntity<String> audit = http.withBasicAuth(user, "demo").getForEntity("/api/cases/" + caseNumber + "/audit",
        String.class);
    assertThat(audit.getStatusCode().value()).as(audit.getBody()).isEqualTo(200);
    return JSON.readTree(audit.getBody());
  }

  private static HttpEntity<String> json(String body) {
    return typed(body, MediaType.APPLICATION_JSON);
  }

  private static HttpEntity<String> typed(String body, MediaType type) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(type);
    return new HttpEntity<>(body, headers);
  }
}
