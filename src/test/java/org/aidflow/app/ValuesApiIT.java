package org.aidflow.app;

import static org.aidflow.shared.AidCaseModel.*;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 17, items 5, 6 and 8 through the engine's REST API as Tasklist and the channels call it: the verification
 * is an explicit yes or no, "no" needs a reason which closes the case; a closure reason or outcome outside its
 * values and a follow-up without satisfaction are refused with 400 problem+json naming the field; the case API
 * accepts every case number the system can issue; the school level given at verification is kept with the case,
 * one outside the form's options is refused.
 */
class ValuesApiIT extends ApplicationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CORRECTIONS = "\"householdSize\": {\"value\": 3}, \"monthlyIncome\": {\"value\": 3000},"
      + " \"rigidExpenses\": {\"value\": 300}";

  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired JdbcTemplate jdbc;
  @Autowired TestRestTemplate http;

  @Test
  void aVerificationWithoutAChoiceIsRefusedAndNoWithAReasonClosesWithThatNote() throws Exception {
    ProcessInstance aidCase = as("intake", () -> runtimeService.startProcessInstanceByKey(
        AidCaseModel.PROCESS_KEY, applicant(DESCRIPTION, "核实须明确选择")));
    String task = taskService.createTaskQuery().processInstanceId(aidCase.getId()).singleResult().getId();

    ResponseEntity<String> noChoice = complete("union-worker", task, "submit-form",
        "{\"variables\": {\"verificationNote\": {\"value\": \"已核实\"}, " + CORRECTIONS + "}}");
    ResponseEntity<String> noReason = complete("union-worker", task, "complete",
        "{\"variables\": {\"verified\": {\"value\": false}, " + CORRECTIONS + "}}");
    ResponseEntity<String> notYesOrNo = complete("union-worker", task, "complete",
        "{\"variables\": {\"verified\": {\"value\": \"maybe\"}, \"unverifiedReason\": {\"value\": \"?\"}, "
            + CORRECTIONS + "}}");

    assertRefused(noChoice, VERIFIED);
    assertThat(JSON.readTree(noChoice.getBody()).path("detail").asText()).contains("必填", "required");
    assertRefused(noReason, UNVERIFIED_REASON);
    assertRefused(notYesOrNo, VERIFIED);
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(aidCase.getId()).count()).isEqualTo(1);

    ResponseEntity<String> no = complete("union-worker", task, "submit-form",
        "{\"variables\": {\"verified\": {\"value\": false}, \"unverifiedReason\": {\"value\": \"入户核实，家庭收入远高于申报\"}, "
            + CORRECTIONS + "}}");

    assertThat(no.getStatusCode().value()).as(no.getBody()).isEqualTo(204);
    assertThat(jdbc.queryForObject("SELECT closure_reason FROM aid_case WHERE case_number = ?", String.class,
        aidCase.getBusinessKey())).isEqualTo("NOT_ELIGIBLE");
    assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(aidCase.getId())
        .variableName(CLOSURE_NOTE).singleResult().getValue()).isEqualTo("入户核实，家庭收入远高于申报");
  }

  @Test
  void theSchoolLevelGivenAtVerificationIsKeptWithTheCaseAndOneOutsideTheFormsOptionsIsRefused() throws Exception {
    ProcessInstance aidCase = as("intake", () -> runtimeService.startProcessInstanceByKey(
        AidCaseModel.PROCESS_KEY, applicant(CHILDREN_IN_SCHOOL, 2, DESCRIPTION, "学段随核实登记")));
    String task = taskService.createTaskQuery().processInstanceId(aidCase.getId()).singleResult().getId();
    String verified = "{\"variables\": {\"verified\": {\"value\": true}, \"verificationNote\": {\"value\": \"入户核实，"
        + "两个孩子在读\"}, " + CORRECTIONS + ", \"schoolLevel\": ";

    // 金秋助学 pays by school level: a level the form does not offer, or not a text, never reaches the case
    ResponseEntity<String> forged = complete("union-worker", task, "submit-form", verified + "{\"value\": \"博士\"}}}");
    ResponseEntity<String> notAText = complete("union-worker", task, "complete", verified + "{\"value\": 4}}}");

    assertRefused(forged, SCHOOL_LEVEL);
    assertThat(JSON.readTree(forged.getBody()).path("detail").asText()).contains("小学", "初中", "高中", "大学");
    assertRefused(notAText, SCHOOL_LEVEL);
    assertThat(taskService.createTaskQuery().taskId(task).count()).as("the verification stays open").isEqualTo(1);
    assertThat(schoolLevelOf(aidCase)).isNull();

    ResponseEntity<String> given = complete("union-worker", task, "submit-form", verified + "{\"value\": \"高中\"}}}");

    assertThat(given.getStatusCode().value()).as(given.getBody()).isEqualTo(204);
    assertThat(jdbc.queryForMap("SELECT hardship_level, children_in_school, school_level FROM aid_case"
        + " WHERE case_number = ?", aidCase.getBusinessKey()))
        .containsEntry("school_level", "高中").containsEntry("children_in_school", 2)
        .hasEntrySatisfying("hardship_level", level -> assertThat(level).isNotNull());
  }

  @Test
  void anUnknownClosureReasonOrOutcomeAndAFollowUpWithoutSatisfactionAreRefused() throws Exception {
    ProcessInstance aidCase = as("intake", () -> runtimeService.startProcessInstanceByKey(
        AidCaseModel.PROCESS_KEY, applicant(DESCRIPTION, "取值校验")));
    runtimeService.createProcessInstanceModification(aidCase.getId()).startBeforeActivity(FOLLOW_UP)
        .startBeforeActivity(DECIDE_STALLED_CASE).execute();
    String decide = taskService.createTaskQuery().processInstanceId(aidCase.getId())
        .taskDefinitionKey(DECIDE_STALLED_CASE).singleResult().getId();
    String followUp = taskService.createTaskQuery().processInstanceId(aidCase.getId())
        .taskDefinitionKey(FOLLOW_UP).singleResult().getId();

    ResponseEntity<String> unknownReason = complete("union-lead", decide, "complete",
        "{\"variables\": {\"supervisorDecision\": {\"value\": \"CLOSED_QUIETLY\"},"
            + " \"supervisorNote\": {\"value\": \"结案\"}}}");
    ResponseEntity<String> unknownOutcome = complete("union-worker", followUp, "complete",
        "{\"variables\": {\"contactMade\": {\"value\": true}, \"followUpOutcome\": {\"value\": \"CLOSED_QUIETLY\"},"
            + " \"satisfaction\": {\"value\": 5}, \"followUpNote\": {\"value\": \"回访\"}}}");
    ResponseEntity<String> noSatisfaction = complete("union-worker", followUp, "submit-form",
        "{\"variables\": {\"contactMade\": {\"value\": true}, \"followUpOutcome\": {\"value\": \"RESOLVED\"},"
            + " \"followUpNote\": {\"value\": \"已脱困\"}}}");
    ResponseEntity<String> outOfRange = complete("union-worker", followUp, "complete",
        "{\"variables\": {\"contactMade\": {\"value\": true}, \"followUpOutcome\": {\"value\": \"RESOLVED\"},"
            + " \"satisfaction\": {\"value\": 9}, \"followUpNote\": {\"value\": \"已脱困\"}}}");

    assertRefused(unknownReason, "supervisorDecision");
    assertRefused(unknownOutcome, FOLLOW_UP_OUTCOME);
    assertRefused(noSatisfaction, SATISFACTION);
    assertThat(outOfRange.getStatusCode().value()).as(outOfRange.getBody()).isEqualTo(400);
    assertThat(outOfRange.getBody()).contains(SATISFACTION);
    assertThat(taskService.createTaskQuery().processInstanceId(aidCase.getId()).count()).isEqualTo(3);
    assertThat(jdbc.queryForObject("SELECT status FROM aid_case WHERE case_number = ?", String.class,
        aidCase.getBusinessKey())).isEqualTo("OPEN");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM follow_up_score WHERE case_number = ?", Integer.class,
        aidCase.getBusinessKey())).isZero();
  }

  @Test
  void theCaseApiAcceptsEveryNumberTheSystemIssues() {
    ResponseEntity<String> millionth = http.withBasicAuth("supervisor", "demo")
        .getForEntity("/api/cases/QBH-2027-1000000", String.class);
    ResponseEntity<String> tooShort = http.withBasicAuth("supervisor", "demo")
        .getForEntity("/api/cases/QBH-2027-12345", String.class);

    // a well-formed number of a case that does not exist: not found, not a bad request
    assertThat(millionth.getStatusCode().value()).as(millionth.getBody()).isEqualTo(404);
    assertThat(tooShort.getStatusCode().value()).isEqualTo(400);
  }

  private String schoolLevelOf(ProcessInstance aidCase) {
    return jdbc.queryForObject("SELECT school_level FROM aid_case WHERE case_number = ?", String.class,
        aidCase.getBusinessKey());
  }

  private ResponseEntity<String> complete(String user, String task, String action, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.withBasicAuth(user, "demo").exchange("/engine-rest/task/" + task + "/" + action, HttpMethod.POST,
        new HttpEntity<>(body, headers), String.class);
  }

  private static void assertRefused(ResponseEntity<String> answer, String field) throws Exception {
    assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(400);
    assertThat(answer.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(answer.getBody());
    java.util.List<String> named = new java.util.ArrayList<>();
    problem.path("violations").forEach(v -> named.add(v.path("field").asText()));
    assertThat(named).as(answer.getBody()).contains(field);
  }
}
