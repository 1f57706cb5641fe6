package org.aidflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.aidflow.assistance.FundLedger;
import org.aidflow.organisation.OrganisationService;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.support.ApplicationTest;
import org.aidflow.support.TestUnits;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A campaign batch through the API on PostgreSQL (docs/campaigns.md): the owning unit's supervisor starts it, the
 * households are listed by the project's decision, one is excluded with a reason, another supervisor approves it
 * in Tasklist, and each household is paid exactly once through the ledger, the entries naming the project. Attacks
 * (a caseworker or another unit's supervisor starting, reading, excluding or approving; the starter approving;
 * approving twice; excluding after the approval; an exclusion without a reason) change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CampaignBatchIT extends ApplicationTest {

  private static final int YEAR = LocalDate.now(AidFlowConfiguration.ZONE).getYear();
  private static final String CITY = TestUnits.CITY;
  private static final String STARTER = CITY + "-lead";
  private static final String APPROVER = "campaign-it-second-lead";
  private static final String WORKER = CITY + "-worker";
  private static final String OTHER_LEAD = TestUnits.OTHER_CITY + "-lead";

  @Autowired TaskService taskService;
  @Autowired JdbcTemplate jdbc;
  @Autowired TestRestTemplate http;
  @Autowired OrganisationUnits units;
  @Autowired OrganisationService organisations;
  @Autowired CaseRegistry cases;
  @Autowired FundLedger ledger;

  private final ObjectMapper json = new ObjectMapper();
  private final String suffix = Long.toString(System.nanoTime() % 1_000_000_000L);
  private final String project = "it-autumn-" + suffix;
  private final String fund = "it-autumn-fund-" + suffix;
  private final List<String> mine = new ArrayList<>();
  private int counter;

  @BeforeAll
  void projectAndHouseholds() {
    TestUnits.ensure(units, organisations, identityService);
    TestUnits.user(identityService, APPROVER, CITY + "-supervisors");
    ledger.openFund(fund, YEAR, CITY, "金华市金秋助学资金", new BigDecimal("1000000"));
    Timestamp now = new Timestamp(System.currentTimeMillis());
    jdbc.update("INSERT INTO project (code, name, owning_unit, project_type, starts_on, ends_on, fund_code, fund_year,"
            + " budget, eligibility_decision, status, created_by, created_at) VALUES (?, '金秋助学（测试）', ?,"
            + " 'CASH_CAMPAIGN', ?, ?, ?, ?, 1000000, 'projectGoldenAutumnEligibility', 'ACTIVE', 'it', ?)", project,
        CITY, LocalDate.of(YEAR, 1, 1), LocalDate.of(YEAR, 12, 31), fund, YEAR, now);
    jdbc.update("INSERT INTO project_unit (project, unit) VALUES (?, ?)", project, CITY);
    mine.add(household(TestUnits.DISTRICT, "DEEP", 1, "大学", true));
    mine.add(household(TestUnits.DISTRICT, "RELATIVE", 2, "初中", false));
    mine.add(household(CITY, "DEEP", 1, "小学", true));
    mine.add(household(TestUnits.DISTRICT, "DEEP", 0, null, true));
    mine.add(household(TestUnits.OTHER_DISTRICT, "DEEP", 1, "高中", true));
  }

  private String household(String unit, String level, int children, String school, boolean registered) {
    int n = ++counter;
    String caseNumber = String.format("QBH-%d-6%05d", YEAR, (Integer.parseInt(suffix.substring(Math.max(0,
        suffix.length() - 3))) * 10 + n) % 100000);
    String person = "campaign-it-" + suffix + "-" + n;
    cases.registerOpenCase(new CaseRegistry.NewCase(caseNumber, "campaign-it-" + suffix + "-" + n, person, null, null,
        "union", "window", false, true, null, unit.substring(6), unit));
    cases.recordAssessment(caseNumber, level, children, school);
    if (registered) {
      Timestamp now = new Timestamp(System.currentTimeMillis());
      jdbc.update("INSERT INTO hardship_household (person_hash, case_number, org, hardship_level, name_masked,"
          + " registered_at, last_verified_at, status) VALUES (?, ?, 'union', ?, '李*', ?, ?, 'ACTIVE')", person,
          caseNumber, level, now, now);
    }
    return caseNumber;
  }

  @Test
  void theOwningUnitsSupervisorsRunABatchThatPaysEachHouseholdOnce() throws Exception {
    // attacks: a caseworker and another city's supervisor cannot start a batch; an unknown project is 404
    assertThat(post(WORKER, "/api/campaigns/" + project + "/batches", null).getStatusCode().value()).isEqualTo(403);
    assertThat(post(OTHER_LEAD, "/api/campaigns/" + project + "/batches", null).getStatusCode().value())
        .isEqualTo(403);
    assertThat(post(STARTER, "/api/campaigns/no-such-project/batches", null).getStatusCode().value()).isEqualTo(404);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM campaign_batch WHERE project = ?", Integer.class, project))
        .isZero();

    ResponseEntity<String> started = post(STARTER, "/api/campaigns/" + project + "/batches", null);
    assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(201);
    long batchId = json.readTree(started.getBody()).get("id").asLong();
    assertThat(post(STARTER, "/api/campaigns/" + project + "/batches", null).getStatusCode().value())
        .as("one open batch per project").isEqualTo(409);
    JsonNode listed = awaitStatus(batchId, "REVIEW");

    // Shaoxing's household is outside the project's units; the one without children in school is not eligible
    assertThat(household(listed, mine.get(4))).isNull();
    assertThat(household(listed, mine.get(3)).get("status").asText()).isEqualTo("INELIGIBLE");
    assertThat(household(listed, mine.get(3)).get("reason").asText()).contains("无在读子女");
    assertThat(household(listed, mine.get(0)).get("amount").decimalValue()).isEqualByComparingTo("2000");
    assertThat(household(listed, mine.get(1)).get("amount").decimalValue()).isEqualByComparingTo("800");

    // reading: not a caseworker nor another city's supervisor
    assertThat(get(WORKER, batchId).getStatusCode().value()).isEqualTo(403);
    assertThat(get(OTHER_LEAD, batchId).getStatusCode().value()).isEqualTo(403);

    // exclusion: a reason is required (400 naming it); another city's supervisor may not (403)
    long excludedId = household(listed, mine.get(2)).get("n").asLong();
    String exclusion = "/api/campaigns/batches/" + batchId + "/households/" + excludedId + "/exclusion";
    ResponseEntity<String> noReason = post(STARTER, exclusion, "{\"reason\": \" \"}");
    assertThat(noReason.getStatusCode().value()).isEqualTo(400);
    assertThat(noReason.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(json.readTree(noReason.getBody()).get("field").asText()).isEqualTo("reason");
    assertThat(post(OTHER_LEAD, exclusion, "{\"reason\": \"x\"}").getStatusCode().value()).isEqualTo(403);
    assertThat(post(WORKER, exclusion, "{\"reason\": \"x\"}").getStatusCode().value()).isEqualTo(403);
    assertThat(post(STARTER, exclusion, "{\"reason\": \"已享受民政临时救助\"}").getStatusCode().value()).isEqualTo(204);

    // approval in Tasklist: not the starter (four eyes), not a caseworker, not another city's supervisor
    Task review = taskService.createTaskQuery().processInstanceBusinessKey("campaign-batch-" + batchId).singleResult();
    assertThat((String) taskService.getVariable(review.getId(), "batchSummary")).contains("排除 1 户");
    for (String attacker : List.of(STARTER, WORKER, OTHER_LEAD)) {
      ResponseEntity<String> refused = complete(attacker, review.getId());
      assertThat(refused.getStatusCode().is2xxSuccessful()).as(attacker + ": " + refused.getBody()).isFalse();
    }
    assertThat(json.readTree(get(APPROVER, batchId).getBody()).get("status").asText()).isEqualTo("REVIEW");
    ResponseEntity<String> approved = complete(APPROVER, review.getId());
    assertThat(approved.getStatusCode().value()).as(approved.getBody()).isEqualTo(204);
    assertThat(complete(APPROVER, review.getId()).getStatusCode().is2xxSuccessful()).as("approving twice").isFalse();
    // no exclusion after the approval
    long listedId = household(listed, mine.get(0)).get("n").asLong();
    ResponseEntity<String> late = post(STARTER, "/api/campaigns/batches/" + batchId + "/households/" + listedId
        + "/exclusion", "{\"reason\": \"too late\"}");
    assertThat(late.getStatusCode().value()).isEqualTo(409);

    JsonNode paid = awaitStatus(batchId, "PAID");
    assertThat(paid.get("approvedBy").asText()).isEqualTo(APPROVER);
    assertThat(paid.get("startedBy").asText()).isEqualTo(STARTER);
    assertThat(paid.get("progress").asText()).isEqualTo(paid.get("listed").asInt() + "/" + paid.get("listed").asInt());
    assertThat(household(paid, mine.get(0)).get("result").asText()).isEqualTo("PAID");
    assertThat(household(paid, mine.get(1)).get("result").asText()).isEqualTo("PAID");
    assertThat(household(paid, mine.get(2)).get("status").asText()).isEqualTo("EXCLUDED");
    assertThat(household(paid, mine.get(2)).get("reason").asText()).isEqualTo("已享受民政临时救助");
    // each listed household exactly once in the ledger, naming the batch and the project
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT item FROM ledger_entry WHERE campaign_batch = ?"
        + " AND kind = 'DISBURSE' GROUP BY item HAVING COUNT(*) > 1) twice", Integer.class, batchId)).isZero();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE campaign_batch = ? AND kind = 'DISBURSE'"
        + " AND project = ?", Integer.class, batchId, project)).isEqualTo(paid.get("listed").asInt());
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE campaign_batch = ? AND case_number = ?"
        + " AND kind = 'DISBURSE'", Integer.class, batchId, mine.get(2))).isZero();
    assertThat(ledger.balance(fund, YEAR).disbursed()).isEqualByComparingTo(paid.get("paidTotal").decimalValue());
    assertThat(ledger.unreconciledFunds()).isEmpty();
  }

  private JsonNode household(JsonNode batch, String caseNumber) {
    for (JsonNode household : batch.get("households")) {
      if (household.get("caseNumber").asText().equals(caseNumber)) {
        return household;
      }
    }
    return null;
  }

  private JsonNode awaitStatus(long batchId, String status) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      ResponseEntity<String> answer = http.withBasicAuth(STARTER, "demo")
          .getForEntity("/api/campaigns/batches/" + batchId + "?limit=1000", String.class);
      JsonNode batch = json.readTree(answer.getBody());
      if (status.equals(batch.path("status").asText())) {
        return batch;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("batch " + batchId + " not " + status + ": " + answer.getBody());
      }
      Thread.sleep(200);
    }
  }

  private ResponseEntity<String> get(String user, long batchId) {
    return http.withBasicAuth(user, "demo").getForEntity("/api/campaigns/batches/" + batchId, String.class);
  }

  private ResponseEntity<String> post(String user, String path, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.withBasicAuth(user, "demo").postForEntity(path, new HttpEntity<>(body == null ? "{}" : body, headers),
        String.class);
  }

  private ResponseEntity<String> complete(String user, String taskId) {
    return post(user, "/engine-rest/task/" + taskId + "/complete",
        "{\"variables\": {\"batchApproved\": {\"value\": \"true\"}}}");
  }
}
