package org.aidflow.app;

import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.ProcessVariables;
import org.aidflow.shared.ReferralModel;
import org.aidflow.support.Plans;
import org.aidflow.shared.CaseVariables;
import org.aidflow.assistance.CashItems;
import org.aidflow.assistance.CashItem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aidflow.assistance.FundLedger;
import org.aidflow.assistance.FundsTakenMeanwhileException;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The ledger on PostgreSQL under concurrency, and reconciled with what the process history says was delivered. */
class FundLedgerIT extends ApplicationTest {

  private static final int YEAR = LocalDate.now(AidFlowConfiguration.ZONE).getYear();

  @Autowired FundLedger ledger;
  @Autowired org.camunda.bpm.engine.RuntimeService runtimeService;
  @Autowired org.camunda.bpm.engine.TaskService taskService;
  @Autowired JdbcTemplate jdbc;
  @Autowired PlatformTransactionManager transactionManager;

  @Test
  void fiftyConcurrentReservationsAgainstRoomForTwentyLeaveExactlyZero() throws Exception {
    String fund = "race-" + System.nanoTime();
    ledger.openFund(fund, YEAR, "union", "并发测试资金", new BigDecimal("2000"));
    List<Callable<String>> reservations = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      long referral = 9_000_000L + i;
      reservations.add(() -> outcome(() -> ledger.reservePlan("union", "QBH-2026-999999", referral,
          List.of(new CashItem("cash-1", fund, new BigDecimal("100"), "并发")), "test")));
    }

    List<String> outcomes = race(50, reservations);

    // a plan is refused when it is made, or undone when it commits after others took the room
    assertThat(outcomes.stream().filter(RESERVED::equals).count()).isEqualTo(20);
    assertThat(outcomes).hasSize(50).isSubsetOf(RESERVED, "INSUFFICIENT_FUNDS", TAKEN_MEANWHILE);
    assertThat(ledger.balance(fund, YEAR).available()).isEqualByComparingTo("0");
    assertThat(ledger.balance(fund, YEAR).reserved()).isEqualByComparingTo("2000");
    assertThat(ledger.unreconciledFunds()).isEmpty();
  }

  @Test
  void concurrentPlansOverTwoFundsAreReservedWholeOrNotAtAllAndTheTotalsMatchTheLedger() throws Exception {
    String small = "pair-a-" + System.nanoTime();
    String large = "pair-b-" + System.nanoTime();
    ledger.openFund(small, YEAR, "union", "并发测试资金甲", new BigDecimal("1000"));
    ledger.openFund(large, YEAR, "union", "并发测试资金乙", new BigDecimal("100000"));
    List<Callable<String>> plans = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      long referral = 9_100_000L + i;
      // half the plans name the funds the other way round: locks are still taken in one order
      List<CashItem> items = i % 2 == 0
          ? List.of(new CashItem("cash-1", small, new BigDecimal("100"), "甲"),
              new CashItem("cash-2", large, new BigDecimal("300"), "乙"))
          : List.of(new CashItem("cash-1", large, new BigDecimal("300"), "乙"),
              new CashItem("cash-2", small, new BigDecimal("100"), "甲"));
      plans.add(() -> outcome(() -> ledger.reservePlan("union", "QBH-2026-999998", referral, items, "test")));
    }

    long reserved = race(16, plans).stream().filter(RESERVED::equals).count();

    // the small fund has room for ten plans; a refused plan keeps nothing of the large fund either
    assertThat(reserved).isEqualTo(10);
    assertThat(ledger.balance(small, YEAR).available()).isEqualByComparingTo("0");
    assertThat(ledger.balance(large, YEAR).reserved()).isEqualByComparingTo("3000");
    assertThat(ledger.unreconciledFunds()).isEmpty();
  }

  private static final String RESERVED = "reserved";
  private static final String TAKEN_MEANWHILE = "taken meanwhile";

  /** What became of a reservation: reserved, the refusal of its first short item, or undone at commit. */
  private static String outcome(Callable<List<FundLedger.Shortfall>> reservation) throws Exception {
    try {
      List<FundLedger.Shortfall> shortfalls = reservation.call();
      return shortfalls.isEmpty() ? RESERVED : shortfalls.get(0).refusal().name();
    } catch (FundsTakenMeanwhileException e) {
      return TAKEN_MEANWHILE;
    }
  }

  private static List<String> race(int threads, List<Callable<String>> attempts) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<String> outcomes = new ArrayList<>();
      for (Future<String> outcome : pool.invokeAll(attempts)) {
        outcomes.add(outcome.get());
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBudgetCannotBeCutBelowWhatTheFundHasPromised() {
    String fund = "cut-" + System.nanoTime();
    ledger.openFund(fund, YEAR, "union", "预算调整测试资金", new BigDecimal("1000"));
    assertThat(ledger.reservePlan("union", "QBH-2026-999997", 9_200_000L,
        List.of(new CashItem("cash-1", fund, new BigDecimal("600"), "预留")), "test")).isEmpty();

    assertThatThrownBy(() -> jdbc.update("UPDATE fund SET budget = 500 WHERE code = ? AND fund_year = ?", fund, YEAR))
        .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
    jdbc.update("UPDATE fund SET budget = 600 WHERE code = ? AND fund_year = ?", fund, YEAR);
    assertThat(ledger.balance(fund, YEAR).available()).isEqualByComparingTo("0");
  }

  @Test
  void disbursedTotalsInTheLedgerEqualTheDeliveredAmountsInTheProcessHistoryPerOrganisationAndFund() {
    // a case of its own: union, charity and civil each deliver from one of their funds
    ProcessInstance aidCase = runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        org.aidflow.support.Applicants.applicant(ProcessVariables.CATEGORIES, List.of("accident")));
    taskService.complete(taskService.createTaskQuery().processInstanceId(aidCase.getId()).singleResult().getId(),
        Map.of(ProcessVariables.VERIFIED, true, ProcessVariables.VERIFICATION_NOTE, "属实"));
    Map<String, Object[]> plans = Map.of("union", new Object[] {"union-hardship", 1200},
        "charity", new Object[] {"charity-relief", 800}, "civil", new Object[] {"civil-temporary", 500});
    for (ProcessInstance referral : runtimeService.createProcessInstanceQuery().superProcessInstanceId(aidCase.getId())
        .list()) {
      Object[] plan = plans.get((String) runtimeService.getVariable(referral.getId(), ProcessVariables.ORG));
      for (Map<String, Object> step : List.of(Map.<String, Object>of(ProcessVariables.ACCEPTED, true),
          Map.<String, Object>of(ProcessVariables.CASH_ITEMS, Plans.cash(plan[0], plan[1]),
              ProcessVariables.SERVICES, runtimeService.getVariable(referral.getId(), ProcessVariables.SERVICES)),
          Map.<String, Object>of(ProcessVariables.DELIVERED, true, ProcessVariables.PAID_ITEMS, Plans.paid("cash-1"),
              "deliveryNote", "已发放"))) {
        taskService.complete(taskService.createTaskQuery().processInstanceId(referral.getId()).singleResult().getId(),
            step);
      }
      awaitEnded(referral.getId());
    }

    Map<String, BigDecimal> delivered = new HashMap<>();
    for (HistoricProcessInstance referral : historyService.createHistoricProcessInstanceQuery()
        .processDefinitionKey(ReferralModel.PROCESS_KEY).finished().list()) {
      Map<String, Object> variables = new HashMap<>();
      for (HistoricVariableInstance variable : historyService.createHistoricVariableInstanceQuery()
          .processInstanceId(referral.getId()).list()) {
        variables.put(variable.getName(), variable.getValue());
      }
      if (Boolean.TRUE.equals(variables.get(ProcessVariables.DELIVERED))) {
        // what the process history says was paid: the items ticked as paid, at the amounts of the plan
        List<String> paid = CaseVariables.asStringList(variables.get(ProcessVariables.PAID_ITEMS));
        CashItems.of(variables.get(ProcessVariables.CASH_ITEMS)).stream().filter(item -> paid.contains(item.item()))
            .forEach(item -> delivered.merge(variables.get(ProcessVariables.ORG) + "/" + item.fund(), item.amount(),
                BigDecimal::add));
      }
    }
    Map<String, BigDecimal> disbursed = new HashMap<>();
    jdbc.query("SELECT f.org, e.fund_code, SUM(e.amount) FROM ledger_entry e JOIN fund f ON f.code = e.fund_code"
        + " AND f.fund_year = e.fund_year WHERE e.kind = 'DISBURSE' AND e.case_number LIKE 'QBH-%'"
        // the referrals' plan items (a campaign batch pays households without a referral: CampaignBatchIT)
        + " AND e.referral_id IS NOT NULL"
        + " AND e.case_number <> 'QBH-2026-999999' GROUP BY f.org, e.fund_code",
        rs -> {
          disbursed.put(rs.getString(1) + "/" + rs.getString(2), rs.getBigDecimal(3));
        });

    assertThat(delivered).containsKeys("union/union-hardship", "charity/charity-relief", "civil/civil-temporary");
    assertThat(disbursed.keySet()).containsExactlyInAnyOrderElementsOf(delivered.keySet());
    delivered.forEach((orgAndFund, amount) ->
        assertThat(disbursed.get(orgAndFund)).as(orgAndFund).isEqualByComparingTo(amount));
    assertThat(ledger.unreconciledFunds()).isEmpty();
  }

  /**
   * Asked again in one transaction what a referral still has reserved, or its totals, the ledger answers from what it
   * read, until it writes an entry.
   */
  @Test
  void theLedgerReadsAReferralsEntriesOnceUntilItWrites() {
    // a unit of its own, whose fund no other test's plan offers, and referrals of a range of its own (the other tests
    // reserve for referrals from 9,000,000)
    String fund = "memo-" + System.nanoTime();
    ledger.openFund(fund, YEAR, "union-3399", "读取测试资金", new BigDecimal("1000"));
    long referral = 9_300_000L + System.nanoTime() % 100_000;
    assertThat(ledger.reservePlan("union-3399", "QBH-2026-999998", referral, List.of(
        new CashItem("cash-1", fund, new BigDecimal("300"), "读取"),
        new CashItem("cash-2", fund, new BigDecimal("200"), "读取")), "test")).isEmpty();
    List<Long> reads = new ArrayList<>();

    new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
      long before = ledgerScans();
      assertThat(ledger.reservedItems(referral)).containsOnlyKeys("cash-1", "cash-2");
      ledger.settle(referral, java.util.Set.of(), "test");
      ledger.releaseReferral(referral, "test");
      assertThat(ledger.reservedTotal(referral)).isEqualByComparingTo("500");
      assertThat(ledger.paidTotal(referral)).isEqualByComparingTo("0");
      reads.add(ledgerScans() - before);
    });

    // what is outstanding, the two releases' counts of entries, what is outstanding after those writes, the totals
    // (seven before: outstanding three times, each total on its own)
    assertThat(reads).containsExactly(5L);
    assertThat(ledger.reservedItems(referral)).isEmpty();
    assertThat(ledger.balance(fund, YEAR).available()).isEqualByComparingTo("1000");
    assertThat(ledger.unreconciledFunds()).isEmpty();
  }

  /** Scans of ledger_entry by this session so far (the current transaction's, and earlier ones' not yet reported). */
  private long ledgerScans() {
    return jdbc.queryForObject("SELECT COALESCE(seq_scan, 0) + COALESCE(idx_scan, 0) FROM pg_stat_xact_user_tables"
        + " WHERE relname = 'ledger_entry'", Long.class);
  }
}
