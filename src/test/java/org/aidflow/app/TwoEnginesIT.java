package org.aidflow.app;

import org.aidflow.support.Plans;
import static org.aidflow.shared.CaseModel.Var.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aidflow.assistance.DisburseFundsDelegate;
import org.aidflow.assistance.FundLedger;
import org.aidflow.assistance.RecordDeliveryDelegate;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.CaseModel;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.ReferralRegistry;
import org.aidflow.support.ApplicationTest;
import org.aidflow.support.EmbeddedDatabase;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.spin.plugin.impl.SpinProcessEnginePlugin;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two process engines on one PostgreSQL, both with their job executors on, race through the disbursements of 200
 * referrals: every referral is paid exactly once.
 */
class TwoEnginesIT extends ApplicationTest {

  private static final int REFERRALS = 200;

  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired FundLedger ledger;
  @Autowired CaseRegistry caseRegistry;
  @Autowired JdbcTemplate jdbc;

  @Test
  void twoEnginesPayEachOf200ReferralsExactlyOnce() throws Exception {
    int year = LocalDate.now(AidFlowConfiguration.ZONE).getYear();
    String fund = "two-engines-" + System.nanoTime();
    ledger.openFund(fund, year, "union", "双引擎测试资金", new BigDecimal("1000000"));
    String caseNumber = caseRegistry.nextCaseNumber();
    caseRegistry.registerOpenCase(new CaseRegistry.NewCase(caseNumber, "two-engines", "two-engines-" + caseNumber,
        null, null, "union", "window", false, true));

    ProcessEngine second = secondEngine();
    try {
      List<String> referrals = new ArrayList<>();
      for (int i = 0; i < REFERRALS; i++) {
        String referral = runtimeService.startProcessInstanceByKey(CaseModel.Process.REFERRAL, caseNumber,
            Variables.putValue(CASE_NUMBER, caseNumber).putValue(ORG, "union").putValue(SERVICES, "hardship-grant")
                .putValue(SERVICES_TEXT, "困难帮扶金").putValue(ASSESSMENT_CYCLE, 1)).getId();
        complete(referral, Map.of(ACCEPTED, true));
        // a distinct aid type per referral: one person, 200 referrals, and no double aid to stop
        complete(referral, Map.of(CASH_ITEMS, Plans.cash(fund, 100), SERVICES, "race-service-" + i));
        // deliveries are recorded on either node, as a load balancer would spread them; both job executors then
        // compete for every disbursement job
        TaskService node = i % 2 == 0 ? taskService : second.getTaskService();
        node.complete(node.createTaskQuery().processInstanceId(referral).singleResult().getId(),
            Map.of(DELIVERED, true, PAID_ITEMS, Plans.paid("cash-1"), "deliveryNote", "已发放"));
        referrals.add(referral);
      }
      referrals.forEach(this::awaitEnded);
    } finally {
      second.close();
    }

    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE fund_code = ? AND kind = 'DISBURSE'",
        Integer.class, fund)).isEqualTo(REFERRALS);
    assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT referral_id) FROM ledger_entry WHERE fund_code = ?"
        + " AND kind = 'DISBURSE'", Integer.class, fund)).isEqualTo(REFERRALS);
    assertThat(ledger.balance(fund, year).disbursed()).isEqualByComparingTo("20000");
    assertThat(ledger.balance(fund, year).reserved()).isZero();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM case_referral WHERE case_number = ? AND status = 'DELIVERED'",
        Integer.class, caseNumber)).isEqualTo(REFERRALS);
    // both nodes really took part
    List<Map<String, Object>> byNode = jdbc.queryForList("SELECT l.hostname_, COUNT(*) AS jobs FROM act_hi_job_log l"
        + " JOIN act_hi_procinst p ON p.id_ = l.process_instance_id_ WHERE p.business_key_ = ? AND l.job_state_ = 2"
        + " GROUP BY l.hostname_", caseNumber);
    assertThat(byNode).as("successful disbursement jobs per node: %s", byNode).hasSize(2);
  }

  private void complete(String processInstanceId, Map<String, Object> variables) {
    taskService.complete(taskService.createTaskQuery().processInstanceId(processInstanceId).singleResult().getId(),
        variables);
  }

  /** A second engine on the same database, as a second node would run, with the delegates its jobs need. */
  private static ProcessEngine secondEngine() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(EmbeddedDatabase.jdbcUrl("postgres"));
    dataSource.setUser("postgres");
    dataSource.setPassword("postgres");
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    Clock clock = Clock.system(AidFlowConfiguration.ZONE);
    FundLedger ledger = new FundLedger(jdbc, clock);
    Map<Object, Object> beans = new HashMap<>();
    beans.put("disburseFundsDelegate", new DisburseFundsDelegate(ledger));
    beans.put("checkPlanListener", new org.aidflow.assistance.CheckPlanListener(ledger, clock));
    beans.put("checkDeliveryListener", new org.aidflow.assistance.CheckDeliveryListener(ledger));
    beans.put("recordDeliveryDelegate", new RecordDeliveryDelegate(new ReferralRegistry(jdbc, clock),
        new org.aidflow.followup.HardshipRegistration(new CaseRegistry(jdbc, clock),
            new org.aidflow.followup.HardshipHouseholds(jdbc, clock, new org.aidflow.shared.PolicySettings()))));

    StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
    configuration.setProcessEngineName("second-node");
    configuration.setHostname("second-node");
    configuration.setDataSource(dataSource);
    configuration.setDatabaseSchemaUpdate("false");
    configuration.setHistory("full");
    configuration.setDefaultSerializationFormat("application/json");
    configuration.setJavaSerializationFormatEnabled(false);
    configuration.setBeans(beans);
    configuration.setProcessEnginePlugins(List.of(new SpinProcessEnginePlugin()));
    DefaultJobExecutor jobExecutor = new DefaultJobExecutor();
    jobExecutor.setWaitTimeInMillis(100);
    jobExecutor.setMaxWait(500);
    configuration.setJobExecutor(jobExecutor);
    configuration.setJobExecutorActivate(true);
    return configuration.buildProcessEngine();
  }
}
