package org.aidflow.campaign;

import static org.aidflow.campaign.CampaignBatchModel.*;
import static org.aidflow.shared.ProcessVariables.BATCH_APPROVED;
import static org.aidflow.shared.ProcessVariables.RETRY_PAYMENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.aidflow.assistance.FundLedger;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.support.ProcessTestEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every path of campaignBatch (docs/campaigns.md): listed by the project's eligibility decision, reviewed with
 * exclusions, approved by another supervisor of the owning unit (or cancelled), paid in chunks each household once,
 * and a shortfall of funds decided by the supervisors (pay again, or close).
 */
@Deployment(resources = {"processes/campaign-batch.bpmn", "processes/decisions/project-golden-autumn.dmn",
    "processes/decisions/project-winter-warmth.dmn"})
class CampaignBatchProcessTest {

  private static final ProcessTestEngine ENGINE = new ProcessTestEngine();
  private static final String CITY = "union-3301";
  private static final String DISTRICT = "union-330106";
  private static final String SUPERVISORS = CITY + "-supervisors";
  private static final int YEAR = LocalDate.now(AidFlowConfiguration.ZONE).getYear();
  private static CampaignBatches batches;
  private static int counter;

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ENGINE.extension();

  private ProcessEngine engine;
  private String project;
  private String fund;

  @BeforeAll
  static void beans() {
    JdbcTemplate jdbc = ENGINE.jdbc();
    Timestamp now = new Timestamp(System.currentTimeMillis());
    jdbc.update("INSERT INTO organisation_unit (code, type, region, name, parent, active, created_at)"
        + " VALUES (?, 'union', '3301', '杭州市总工会', 'union-33', TRUE, ?)", CITY, now);
    jdbc.update("INSERT INTO organisation_unit (code, type, region, name, parent, active, created_at)"
        + " VALUES (?, 'union', '330106', '西湖区总工会', ?, TRUE, ?)", DISTRICT, CITY, now);
    jdbc.update("INSERT INTO organisation_unit (code, type, region, name, parent, active, created_at)"
        + " VALUES ('union-3302', 'union', '3302', '宁波市总工会', 'union-33', TRUE, ?)", now);
    // chunks of two households, so that a batch of a few households loops
    batches = new CampaignBatches(jdbc, ENGINE.projects(), ENGINE.ledger(), Clock.system(AidFlowConfiguration.ZONE), 2);
    ENGINE.replaceBean("campaignBatches", batches);
    ENGINE.replaceBean("campaignTeams", new CampaignTeams(batches));
    ENGINE.replaceBean("listHouseholdsDelegate", new ListHouseholdsDelegate(batches));
    ENGINE.replaceBean("payHouseholdsDelegate", new PayHouseholdsDelegate(batches));
    ENGINE.replaceBean("retryShortPaymentsDelegate", new RetryShortPaymentsDelegate(batches));
    ENGINE.replaceBean("checkBatchDecisionListener", new CheckBatchDecisionListener(batches));
  }

  @BeforeEach
  void setUp(ProcessEngine processEngine) {
    engine = processEngine;
    init(processEngine);
    counter++;
    project = "test-autumn-" + counter;
    fund = "test-fund-" + counter;
    ENGINE.ledger().openFund(fund, YEAR, CITY, "金秋助学资金", new BigDecimal("100000"));
    project(project, "projectGoldenAutumnEligibility");
    // earlier tests' households leave the registry, and their cases close
    ENGINE.jdbc().update("UPDATE hardship_household SET status = 'OUT_OF_HARDSHIP'");
    ENGINE.jdbc().update("UPDATE aid_case SET status = 'CLOSED', open_id_number_hash = NULL");
  }

  @AfterEach
  void signOut() {
    engine.getIdentityService().clearAuthentication();
  }

  private void project(String code, String decision) {
    ENGINE.jdbc().update("INSERT INTO project (code, name, owning_unit, project_type, starts_on, ends_on, fund_code,"
            + " fund_year, budget, eligibility_decision, status, created_by, created_at) VALUES (?, ?, ?,"
            + " 'CASH_CAMPAIGN', ?, ?, ?, ?, 100000, ?, 'ACTIVE', 'test', ?)", code, "金秋助学" + counter, CITY,
        LocalDate.of(YEAR, 1, 1), LocalDate.of(YEAR, 12, 31), fund, YEAR, decision,
        new Timestamp(System.currentTimeMillis()));
    ENGINE.jdbc().update("INSERT INTO project_unit (project, unit) VALUES (?, ?)", code, CITY);
  }

  /** An open case of a person in the unit, verified with the level, children and school level. */
  private String household(String unit, String level, int children, String school, boolean registered) {
    int n = ++counter;
    String caseNumber = String.format("QBH-%d-7%05d", YEAR, n);
    String person = "person-" + n;
    ENGINE.cases().registerOpenCase(new CaseRegistry.NewCase(caseNumber, "instance-" + n, person, null, null, "union",
        "window", false, true, null, unit.substring(6), unit));
    ENGINE.cases().recordAssessment(caseNumber, level, children, school);
    if (registered) {
      Timestamp now = new Timestamp(System.currentTimeMillis());
      ENGINE.jdbc().update("INSERT INTO hardship_household (person_hash, case_number, org, hardship_level,"
          + " name_masked, registered_at, last_verified_at, status) VALUES (?, ?, 'union', ?, '张*', ?, ?, 'ACTIVE')",
          person, caseNumber, level, now, now);
    }
    return caseNumber;
  }

  private ProcessInstance startBatch(String by) {
    long batchId = batches.create(batches.project(project).orElseThrow(), by);
    ProcessInstance instance = engine.getRuntimeService().startProcessInstanceByKey(PROCESS_KEY, businessKey(batchId));
    batches.recordInstance(batchId, instance.getId());
    return instance;
  }

  private static long batchId(ProcessInstance instance) {
    return CampaignBatchModel.batchId(instance.getBusinessKey());
  }

  /** Runs the instance's jobs (listing, each chunk of payments) until it waits for a person or ends. */
  private void runJobs(ProcessInstance instance) {
    for (int i = 0; i < 100; i++) {
      List<Job> jobs = engine.getManagementService().createJobQuery().processInstanceId(instance.getId()).list();
      if (jobs.isEmpty()) {
        return;
      }
      engine.getManagementService().executeJob(jobs.get(0).getId());
    }
    throw new IllegalStateException("jobs never ended");
  }

  private void completeAs(String user, String group, ProcessInstance instance, Map<String, Object> variables) {
    engine.getIdentityService().setAuthentication(user, List.of(group));
    try {
      engine.getTaskService().complete(task(instance).getId(), variables);
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
  }

  private int disbursements(ProcessInstance instance) {
    return ENGINE.jdbc().queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE campaign_batch = ?"
        + " AND kind = 'DISBURSE' AND project = ? AND referral_id IS NULL", Integer.class, batchId(instance), project);
  }

  @Test
  void anApprovedBatchPaysEachEligibleHouseholdOnceInChunks() {
    household(CITY, "DEEP", 1, "大学", true);
    household(DISTRICT, "RELATIVE", 2, "初中", false);
    String excluded = household(DISTRICT, "DEEP", 1, "小学", true);
    household(CITY, "DEEP", 0, null, true);
    household(CITY, "NONE", 2, "高中", false);
    household("union-3302", "DEEP", 1, "高中", true);

    ProcessInstance instance = startBatch("lead-a");
    assertThat(instance).isWaitingAt(LIST_HOUSEHOLDS);
    runJobs(instance);
    assertThat(instance).isWaitingAt(REVIEW_BATCH);
    assertThat(task(instance)).hasCandidateGroup(SUPERVISORS);
    long batchId = batchId(instance);
    CampaignBatches.Summary listed = batches.summary(batchId);
    // Ningbo's household is outside the project's units; two are not eligible (no children, not in hardship)
    assertThat(listed.listed()).isEqualTo(3);
    assertThat(listed.ineligible()).isEqualTo(2);
    assertThat(listed.listedTotal()).isEqualByComparingTo("3300");
    assertThat((String) engine.getRuntimeService().getVariable(instance.getId(), "batchSummary")).contains("列入发放 3 户");

    long excludedId = householdId(batchId, excluded);
    assertThat(batches.exclude(batchId, excludedId, "已由民政临时救助", "lead-a"))
        .isEqualTo(CampaignBatches.Exclusion.EXCLUDED);
    assertThat(batches.exclude(batchId, excludedId, "again", "lead-a")).isEqualTo(CampaignBatches.Exclusion.NOT_LISTED);

    completeAs("lead-b", SUPERVISORS, instance, Map.of(BATCH_APPROVED, true));
    assertThat(instance).isWaitingAt(PAY_HOUSEHOLDS);
    assertThat(batches.batchOrFail(batchId).approvedBy()).isEqualTo("lead-b");
    // attacks after the approval: exclude, approve again
    assertThat(batches.exclude(batchId, householdId(batchId, excluded) + 1, "late", "lead-a"))
        .isIn(CampaignBatches.Exclusion.NOT_IN_REVIEW, CampaignBatches.Exclusion.UNKNOWN_HOUSEHOLD);
    assertThat(batches.decideReview(batchId, true, "lead-c")).isFalse();

    runJobs(instance);
    assertThat(instance).hasPassed(IS_PAYMENT_DONE, PAY_JOIN).isEnded().hasPassed(BATCH_PAID);
    CampaignBatches.Summary paid = batches.summary(batchId);
    assertThat(paid.paid()).isEqualTo(2);
    assertThat(paid.paidTotal()).isEqualByComparingTo("2800");
    assertThat(disbursements(instance)).isEqualTo(2);
    assertThat(ENGINE.ledger().balance(fund, YEAR).disbursed()).isEqualByComparingTo("2800");
    assertThat(ENGINE.ledger().unreconciledFunds()).isEmpty();
    assertThat(batches.batchOrFail(batchId).status()).isEqualTo(CampaignBatches.PAID);

    // a payment repeated (a retried job) pays nothing twice
    assertThat(ENGINE.ledger().payCampaignItem(CITY, fund, YEAR, project, batchId, firstPaid(batchId), "x",
        new BigDecimal("2000"), "lead-b")).isEqualTo(FundLedger.CampaignPayment.PAID);
    assertThat(disbursements(instance)).isEqualTo(2);

    // the next batch of the project leaves out whom this one paid, with the reason; the excluded one is listed
    ProcessInstance next = startBatch("lead-a");
    runJobs(next);
    CampaignBatches.Summary second = batches.summary(batchId(next));
    assertThat(second.listed()).isEqualTo(1);
    assertThat(second.excluded()).isEqualTo(2);
    assertThat(batches.households(batchId(next), 0, 10)).filteredOn(h -> h.status().equals("EXCLUDED"))
        .allSatisfy(h -> assertThat(h.reason()).contains("本项目已向该户发放过"));
  }

  private long householdId(long batchId, String caseNumber) {
    return ENGINE.jdbc().queryForObject("SELECT id FROM campaign_household WHERE batch_id = ? AND case_number = ?",
        Long.class, batchId, caseNumber);
  }

  private long firstPaid(long batchId) {
    return ENGINE.jdbc().queryForObject("SELECT MIN(id) FROM campaign_household WHERE batch_id = ? AND result = 'PAID'",
        Long.class, batchId);
  }

  @Test
  void aBatchIsApprovedOnlyByAnotherSupervisorOfTheOwningUnitAndMayBeCancelled() {
    household(CITY, "DEEP", 1, "高中", true);
    ProcessInstance instance = startBatch("lead-a");
    runJobs(instance);

    // the starter (four eyes), a caseworker and another unit's supervisor cannot approve
    assertThatThrownBy(() -> completeAs("lead-a", SUPERVISORS, instance, Map.of(BATCH_APPROVED, true)))
        .hasMessageContaining("发起批次的主管不能审批");
    assertThatThrownBy(() -> completeAs("worker", CITY + "-caseworkers", instance, Map.of(BATCH_APPROVED, true)))
        .hasMessageContaining("仅项目主办单位的主管");
    assertThatThrownBy(() -> completeAs("ningbo-lead", "union-3302-supervisors", instance,
        Map.of(BATCH_APPROVED, true))).hasMessageContaining("仅项目主办单位的主管");
    assertThat(instance).isWaitingAt(REVIEW_BATCH);
    assertThat(batches.batchOrFail(batchId(instance)).status()).isEqualTo(CampaignBatches.REVIEW);

    // the starter may cancel the batch
    completeAs("lead-a", SUPERVISORS, instance, Map.of(BATCH_APPROVED, false));
    assertThat(instance).isEnded().hasPassed(BATCH_CANCELLED).hasNotPassed(PAY_HOUSEHOLDS);
    assertThat(batches.batchOrFail(batchId(instance)).status()).isEqualTo(CampaignBatches.CANCELLED);
    assertThat(disbursements(instance)).isZero();
    assertThat(batches.exclude(batchId(instance), householdId(batchId(instance),
        batches.households(batchId(instance), 0, 1).get(0).caseNumber()), "late", "lead-a"))
        .isEqualTo(CampaignBatches.Exclusion.NOT_IN_REVIEW);
  }

  @Test
  void householdsLeftUnpaidForLackOfFundsArePaidAgainWhenTheSupervisorsSaySo() {
    household(CITY, "DEEP", 1, "大学", true);
    household(CITY, "DEEP", 1, "大学", true);
    household(CITY, "DEEP", 1, "大学", true);
    ENGINE.jdbc().update("UPDATE fund SET budget = 4500 WHERE code = ?", fund);

    ProcessInstance instance = startBatch("lead-a");
    runJobs(instance);
    completeAs("lead-b", SUPERVISORS, instance, Map.of(BATCH_APPROVED, true));
    runJobs(instance);
    assertThat(instance).isWaitingAt(RESOLVE_BATCH_FUNDING);
    assertThat(task(instance)).hasCandidateGroup(SUPERVISORS);
    CampaignBatches.Summary shortOfFunds = batches.summary(batchId(instance));
    assertThat(shortOfFunds.paid()).isEqualTo(2);
    assertThat(shortOfFunds.fundsShort()).isEqualTo(1);
    assertThat(ENGINE.ledger().balance(fund, YEAR).available()).isEqualByComparingTo("500");

    // another unit's supervisor cannot decide
    assertThatThrownBy(() -> completeAs("ningbo-lead", "union-3302-supervisors", instance,
        Map.of(RETRY_PAYMENTS, true))).hasMessageContaining("仅项目主办单位的主管");

    ENGINE.jdbc().update("UPDATE fund SET budget = 10000 WHERE code = ?", fund);
    completeAs("lead-a", SUPERVISORS, instance, Map.of(RETRY_PAYMENTS, true));
    assertThat(instance).hasPassed(RETRY_SHORT_PAYMENTS).isWaitingAt(PAY_HOUSEHOLDS);
    runJobs(instance);
    assertThat(instance).isEnded().hasPassed(BATCH_PAID);
    assertThat(batches.summary(batchId(instance)).paid()).isEqualTo(3);
    assertThat(disbursements(instance)).isEqualTo(3);
    assertThat(ENGINE.ledger().unreconciledFunds()).isEmpty();
  }

  @Test
  void aBatchShortOfFundsMayBeClosedWithTheHouseholdsLeftUnpaid() {
    household(CITY, "RELATIVE", 1, "高中", true);
    household(CITY, "RELATIVE", 1, "高中", true);
    ENGINE.jdbc().update("UPDATE fund SET budget = 1000 WHERE code = ?", fund);

    ProcessInstance instance = startBatch("lead-a");
    runJobs(instance);
    completeAs("lead-b", SUPERVISORS, instance, Map.of(BATCH_APPROVED, true));
    runJobs(instance);
    assertThat(instance).isWaitingAt(RESOLVE_BATCH_FUNDING);
    completeAs("lead-b", SUPERVISORS, instance, Map.of(RETRY_PAYMENTS, false));
    assertThat(instance).isEnded().hasPassed(BATCH_CLOSED).hasNotPassed(RETRY_SHORT_PAYMENTS);
    assertThat(batches.batchOrFail(batchId(instance)).status()).isEqualTo(CampaignBatches.CLOSED);
    assertThat(batches.summary(batchId(instance)).paid()).isEqualTo(1);
    assertThat(batches.summary(batchId(instance)).fundsShort()).isEqualTo(1);
    assertThat(batches.decideFunding(batchId(instance), true)).isFalse();
  }

  @Test
  void winterWarmthListsOnlyRegisteredHardshipHouseholdsByTheirLevel() {
    String winter = "test-winter-" + counter;
    project = winter;
    project(winter, "projectWinterWarmthEligibility");
    household(CITY, "DEEP", 0, null, true);
    household(DISTRICT, "RELATIVE", 0, null, true);
    household(CITY, "DEEP", 0, null, false);

    ProcessInstance instance = startBatch("lead-a");
    runJobs(instance);
    CampaignBatches.Summary summary = batches.summary(batchId(instance));
    assertThat(summary.listed()).isEqualTo(2);
    assertThat(summary.ineligible()).isEqualTo(1);
    assertThat(summary.listedTotal()).isEqualByComparingTo("1600");
    completeAs("lead-b", SUPERVISORS, instance, Map.of(BATCH_APPROVED, true));
    runJobs(instance);
    assertThat(instance).isEnded().hasPassed(BATCH_PAID);
    assertThat(disbursements(instance)).isEqualTo(2);
  }
}
