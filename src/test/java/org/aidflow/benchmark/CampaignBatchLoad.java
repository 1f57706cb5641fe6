package org.aidflow.benchmark;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.aidflow.assistance.FundLedger;
import org.aidflow.campaign.CampaignBatchModel;
import org.aidflow.campaign.CampaignBatches;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.ProcessVariables;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One campaign batch at scale (docs/campaigns.md): registered DEEP households written straight into the tables, a
 * 冬送温暖 project of a unit of its own, the batch started, approved by a second supervisor and paid through the
 * engine's jobs (the job executor's, or run here when it is off). Times the listing and the payments.
 */
final class CampaignBatchLoad {

  record Timing(long listMillis, long payMillis, int paid, int disbursements) {
  }

  private static final String UNIT = "union-3399";
  private static final String PROJECT = "bench-winter-warmth";
  private static final String FUND = "bench-winter-fund";

  private final AidFlowCases aidFlow;
  private final JdbcTemplate jdbc;

  CampaignBatchLoad(AidFlowCases aidFlow) {
    this.aidFlow = aidFlow;
    this.jdbc = aidFlow.bean(JdbcTemplate.class);
  }

  Timing run(int households) throws InterruptedException {
    int year = LocalDate.now(AidFlowConfiguration.ZONE).getYear();
    Timestamp now = new Timestamp(System.currentTimeMillis());
    jdbc.update("INSERT INTO organisation_unit (code, type, region, name, parent, active, created_at)"
        + " VALUES (?, 'union', '3399', '基准测试市总工会', 'union-33', TRUE, ?)", UNIT, now);
    aidFlow.bean(FundLedger.class).openFund(FUND, year, UNIT, "冬送温暖资金", new BigDecimal(households * 1000L));
    jdbc.update("INSERT INTO project (code, name, owning_unit, project_type, starts_on, ends_on, fund_code, fund_year,"
            + " budget, eligibility_decision, status, created_by, created_at) VALUES (?, '冬送温暖', ?, 'CASH_CAMPAIGN',"
            + " ?, ?, ?, ?, ?, 'projectWinterWarmthEligibility', 'ACTIVE', 'bench', ?)", PROJECT, UNIT,
        LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), FUND, year, households * 1000L, now);
    jdbc.update("INSERT INTO project_unit (project, unit) VALUES (?, ?)", PROJECT, UNIT);
    List<Object[]> cases = new ArrayList<>();
    List<Object[]> registry = new ArrayList<>();
    for (int i = 1; i <= households; i++) {
      String caseNumber = String.format("QBH-%d-8%05d", year, i);
      cases.add(new Object[] {caseNumber, "bench-campaign-" + i, "bench-campaign-person-" + i, now, UNIT});
      registry.add(new Object[] {"bench-campaign-person-" + i, caseNumber, now, now});
    }
    jdbc.batchUpdate("INSERT INTO aid_case (case_number, process_instance_id, id_number_hash, intake_org, channel,"
        + " urgent, status, created_at, region, intake_unit, hardship_level, children_in_school)"
        + " VALUES (?, ?, ?, 'union', 'window', FALSE, 'CLOSED', ?, '339900', ?, 'DEEP', 0)", cases);
    jdbc.batchUpdate("INSERT INTO hardship_household (person_hash, case_number, org, hardship_level, name_masked,"
        + " registered_at, last_verified_at, status) VALUES (?, ?, 'union', 'DEEP', '王*', ?, ?, 'ACTIVE')", registry);

    CampaignBatches batches = aidFlow.bean(CampaignBatches.class);
    RuntimeService runtime = aidFlow.bean(RuntimeService.class);
    long started = System.nanoTime();
    long batchId = batches.create(batches.project(PROJECT).orElseThrow(), "bench-lead-a");
    String instance = runtime.startProcessInstanceByKey(CampaignBatchModel.PROCESS_KEY,
        CampaignBatchModel.businessKey(batchId)).getId();
    batches.recordInstance(batchId, instance);
    await(batchId, instance, CampaignBatches.REVIEW);
    long listed = System.nanoTime();

    IdentityService identity = aidFlow.bean(IdentityService.class);
    TaskService tasks = aidFlow.bean(TaskService.class);
    identity.setAuthentication("bench-lead-b", List.of(UNIT + "-supervisors"));
    try {
      tasks.complete(tasks.createTaskQuery().processInstanceId(instance).singleResult().getId(),
          java.util.Map.of(ProcessVariables.BATCH_APPROVED, "true"));
    } finally {
      identity.clearAuthentication();
    }
    long approved = System.nanoTime();
    await(batchId, instance, CampaignBatches.PAID);
    long paid = System.nanoTime();
    return new Timing((listed - started) / 1_000_000, (paid - approved) / 1_000_000, batches.summary(batchId).paid(),
        jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE campaign_batch = ? AND kind = 'DISBURSE'",
            Integer.class, batchId));
  }

  private void await(long batchId, String instance, String status) throws InterruptedException {
    CampaignBatches batches = aidFlow.bean(CampaignBatches.class);
    ManagementService management = aidFlow.bean(ManagementService.class);
    long deadline = System.currentTimeMillis() + 30 * 60_000L;
    while (!status.equals(batches.batchOrFail(batchId).status())) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("batch " + batchId + " not " + status);
      }
      if (aidFlow.jobExecutor()) {
        Thread.sleep(50);
      } else {
        for (Job job : management.createJobQuery().processInstanceId(instance).list()) {
          management.executeJob(job.getId());
        }
      }
    }
  }
}
