package org.aidflow.cockpit.projection;

import static org.aidflow.shared.AidCaseModel.FOLLOW_UP;
import static org.aidflow.shared.AidCaseModel.VERIFY_CASE;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.shared.ReferralModel.ACCEPT_REFERRAL;
import static org.aidflow.shared.ReferralModel.DELIVER_ASSISTANCE;
import static org.aidflow.shared.ReferralModel.PLAN_ASSISTANCE;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.aidflow.servicelevel.ServiceLevelStep;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.CaseStage;
import org.aidflow.shared.ReferralRegistry;
import org.aidflow.support.ApplicationTest;
import org.aidflow.support.Plans;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cockpit's rollups, kept commit by commit while a case is worked (the case's contribution to all four read in one
 * statement before a transaction's first change of the case and again as it commits), grow by exactly what the case
 * contributes when it is closed: the case counted once in each table, its referral, its aid and its service levels;
 * and two transactions that change one case at once are each counted once.
 */
class CockpitRollupIT extends ApplicationTest {

  /** Keys may hold nulls (a case of no unit): ordered by their text. */
  private static final java.util.Comparator<List<String>> BY_TEXT = java.util.Comparator.comparing(List::toString);

  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired ManagementService managementService;
  @Autowired CockpitRollup rollup;
  @Autowired CockpitProjections projections;
  @Autowired ReferralRegistry referrals;
  @Autowired PlatformTransactionManager transactionManager;

  @Test
  void theRollupsGrowByWhatAWorkedCaseContributes() {
    Map<String, Map<List<String>, List<BigDecimal>>> before = rollups();

    ProcessInstance aidCase = as("intake", () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(CATEGORIES, List.of("living"), EMPLOYER, null, UNION_MEMBER, false,
            MONTHLY_INCOME, 5000, RIGID_EXPENSES, 0)));
    String caseNumber = aidCase.getBusinessKey();
    work(aidCase.getId(), VERIFY_CASE, Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实"));
    String referral = runtimeService.createProcessInstanceQuery().superProcessInstanceId(aidCase.getId())
        .singleResult().getId();
    work(referral, ACCEPT_REFERRAL, Map.of(ACCEPTED, true));
    work(referral, PLAN_ASSISTANCE, Map.of(CASH_ITEMS, Plans.cash("union-hardship", 500), SERVICES,
        "hardship-grant"));
    work(referral, DELIVER_ASSISTANCE, Map.of(DELIVERED, true, PAID_ITEMS, Plans.paid("cash-1"), "deliveryNote",
        "已发放"));
    awaitEnded(referral);
    managementService.executeJob(managementService.createJobQuery().processInstanceId(aidCase.getId())
        .singleResult().getId());
    work(aidCase.getId(), FOLLOW_UP, Map.of(FOLLOW_UP_OUTCOME, "RESOLVED", SATISFACTION, 4));
    assertThat(jdbc.queryForObject("SELECT stage FROM cockpit_case WHERE case_number = ?", String.class, caseNumber))
        .isEqualTo("CLOSED");

    Map<String, Map<List<String>, List<BigDecimal>>> after = rollups();
    for (CockpitRollup.Table table : CockpitRollup.TABLES) {
      Map<List<String>, List<BigDecimal>> grown = difference(after.get(table.name()), before.get(table.name()));
      assertThat(grown).as("what %s grew by", table.name()).isEqualTo(contribution(table, caseNumber))
          .isNotEmpty();
    }
  }

  /**
   * Two referrals of one case changed by two transactions at once: the second waits for the first's lock on the
   * case, so each change is counted once. (Read around each change without the lock, the second's change, committed
   * between the first's two reads, was counted by both.)
   */
  @Test
  void twoReferralsOfACaseChangedAtOnceAreEachCountedOnce() throws Exception {
    String caseNumber = "QBH-1999-770001";
    TransactionTemplate transaction = new TransactionTemplate(transactionManager);
    transaction.executeWithoutResult(status -> rollup.change(caseNumber, () -> {
      jdbc.update("INSERT INTO cockpit_case (case_number, person_hash, intake_org, channel, region, categories,"
          + " new_employment_form, urgent, stage, received_at, received_month, synthetic, updated_at, unit)"
          + " VALUES (?, 'it-rollup-race', 'union', 'online', '330100', 'living', FALSE, FALSE, 'ASSISTANCE',"
          + " TIMESTAMP '1999-07-01 10:00:00', '1999-07', TRUE, TIMESTAMP '1999-07-01 10:00:00', 'it-race-3301')",
          caseNumber);
      for (long referral : List.of(77001L, 77002L)) {
        jdbc.update("INSERT INTO cockpit_referral (referral_id, case_number, org, region, received_at, services,"
            + " status, cash_disbursed, created_at, synthetic, updated_at, unit) VALUES (?, ?, 'union', '330100',"
            + " TIMESTAMP '1999-07-01 10:00:00', 'hardship-grant', 'ACCEPTED', 0, TIMESTAMP '1999-07-01 10:00:00',"
            + " TRUE, TIMESTAMP '1999-07-01 10:00:00', 'it-race-3301')", referral, caseNumber);
      }
      return null;
    }));

    CountDownLatch firstChanging = new CountDownLatch(1);
    CountDownLatch secondCommitted = new CountDownLatch(1);
    ExecutorService second = Executors.newSingleThreadExecutor();
    try {
      Future<?> secondStep = second.submit(() -> {
        firstChanging.await();
        transaction.executeWithoutResult(status -> rollup.change(caseNumber, () -> jdbc.update(
            "UPDATE cockpit_referral SET cash_disbursed = cash_disbursed + 50 WHERE referral_id = 77002")));
        secondCommitted.countDown();
        return null;
      });
      transaction.executeWithoutResult(status -> rollup.change(caseNumber, () -> {
        firstChanging.countDown();
        awaitCommittedOrWaitingForALock(secondCommitted);
        return jdbc.update("UPDATE cockpit_referral SET cash_disbursed = cash_disbursed + 100"
            + " WHERE referral_id = 77001");
      }));
      secondStep.get(30, TimeUnit.SECONDS);
    } finally {
      second.shutdownNow();
    }

    for (CockpitRollup.Table table : CockpitRollup.TABLES) {
      Map<List<String>, List<BigDecimal>> expected = contribution(table, caseNumber);
      assertThat(rows("SELECT " + columns(table) + " FROM " + table.name() + " WHERE received_month = '1999-07'"
          + " AND unit = 'it-race-3301'", table)).as(table.name()).isEqualTo(expected);
    }
    assertThat(jdbc.queryForObject("SELECT cash_disbursed FROM cockpit_referral_rollup WHERE received_month = '1999-07'"
        + " AND unit = 'it-race-3301'", BigDecimal.class)).isEqualByComparingTo("150");

    // the synthetic case and its referrals leave, and take their counts out of the rollups
    transaction.executeWithoutResult(status -> rollup.change(caseNumber, () -> {
      jdbc.update("DELETE FROM cockpit_referral WHERE case_number = ?", caseNumber);
      return jdbc.update("DELETE FROM cockpit_case WHERE case_number = ?", caseNumber);
    }));
    assertThat(jdbc.queryForObject("SELECT SUM(referrals) FROM cockpit_referral_rollup WHERE received_month = '1999-07'"
        + " AND unit = 'it-race-3301'", Integer.class)).isZero();
  }

  /**
   * A wait state of the stage the case is in already (the follow-up task after its timer) locks, reads and writes
   * nothing of the case; a new stage is written and moves the case in the rollups as before.
   */
  @Test
  void aStageReachedAgainLeavesTheCaseAsItWasAndANewStageMovesItsCount() {
    String caseNumber = "QBH-1999-770101";
    TransactionTemplate transaction = new TransactionTemplate(transactionManager);
    transaction.executeWithoutResult(status -> rollup.change(caseNumber, () -> jdbc.update("INSERT INTO cockpit_case"
        + " (case_number, person_hash, intake_org, channel, region, categories, new_employment_form, urgent, stage,"
        + " received_at, received_month, synthetic, updated_at, unit) VALUES (?, 'it-rollup-stage', 'union',"
        + " 'online', '330100', 'living', FALSE, FALSE, 'FOLLOW_UP', TIMESTAMP '1999-08-01 10:00:00', '1999-08',"
        + " TRUE, TIMESTAMP '1999-08-01 10:00:00', 'it-stage-3301')", caseNumber)));
    String updatedAt = "SELECT updated_at FROM cockpit_case WHERE case_number = '" + caseNumber + "'";
    java.sql.Timestamp before = jdbc.queryForObject(updatedAt, java.sql.Timestamp.class);
    List<Long> locksHeld = new ArrayList<>();

    transaction.executeWithoutResult(status -> {
      projections.stageReached(caseNumber, CaseStage.FOLLOW_UP, new Date());
      locksHeld.add(advisoryLocksHeld());
    });
    assertThat(locksHeld).as("the case's lock, taken by a change of the case").containsExactly(0L);
    assertThat(jdbc.queryForObject(updatedAt, java.sql.Timestamp.class)).isEqualTo(before);

    transaction.executeWithoutResult(status -> {
      projections.stageReached(caseNumber, CaseStage.SUPERVISOR_DECISION, new Date());
      locksHeld.add(advisoryLocksHeld());
    });
    assertThat(locksHeld).containsExactly(0L, 1L);
    String counted = "SELECT COALESCE(SUM(cases), 0) FROM cockpit_case_rollup WHERE received_month = '1999-08'"
        + " AND unit = 'it-stage-3301' AND stage = ?";
    assertThat(jdbc.queryForObject(counted, Integer.class, "SUPERVISOR_DECISION")).isOne();
    assertThat(jdbc.queryForObject(counted, Integer.class, "FOLLOW_UP")).isZero();

    transaction.executeWithoutResult(status -> rollup.change(caseNumber, () -> jdbc.update(
        "DELETE FROM cockpit_case WHERE case_number = ?", caseNumber)));
  }

  /** Several cases changed in one transaction (a unit's work moved) are all counted by its commit, each once. */
  @Test
  void casesChangedTogetherAreEachCountedOnceByTheCommit() {
    List<String> cases = List.of("QBH-1999-770201", "QBH-1999-770202", "QBH-1999-770203");
    TransactionTemplate transaction = new TransactionTemplate(transactionManager);
    String counted = "SELECT COALESCE(SUM(cases), 0) FROM cockpit_case_rollup WHERE received_month = '1999-09'"
        + " AND unit = 'it-together-3301' AND stage = ?";

    transaction.executeWithoutResult(status -> {
      rollup.lockInOrder(cases);
      cases.forEach(caseNumber -> rollup.change(caseNumber, () -> jdbc.update("INSERT INTO cockpit_case"
          + " (case_number, person_hash, intake_org, channel, region, categories, new_employment_form, urgent, stage,"
          + " received_at, received_month, synthetic, updated_at, unit) VALUES (?, ?, 'union', 'online', '330100',"
          + " 'living', FALSE, FALSE, 'VERIFICATION', TIMESTAMP '1999-09-01 10:00:00', '1999-09', TRUE,"
          + " TIMESTAMP '1999-09-01 10:00:00', 'it-together-3301')", caseNumber, "it-together-" + caseNumber)));
    });
    assertThat(jdbc.queryForObject(counted, Integer.class, "VERIFICATION")).isEqualTo(3);

    transaction.executeWithoutResult(status -> cases.forEach(caseNumber ->
        projections.stageReached(caseNumber, CaseStage.SUPERVISOR_DECISION, new Date())));
    assertThat(jdbc.queryForObject(counted, Integer.class, "VERIFICATION")).isZero();
    assertThat(jdbc.queryForObject(counted, Integer.class, "SUPERVISOR_DECISION")).isEqualTo(3);

    List<Long> rollupRowsWritten = new ArrayList<>();
    transaction.executeWithoutResult(status -> {
      long writtenEarlier = caseRollupRowsWritten();
      cases.forEach(caseNumber -> rollup.change(caseNumber, () -> jdbc.update(
          "UPDATE cockpit_case SET updated_at = CURRENT_TIMESTAMP WHERE case_number = ?", caseNumber)));
      afterTheRollups(() -> rollupRowsWritten.add(caseRollupRowsWritten() - writtenEarlier));
    });
    assertThat(rollupRowsWritten).as("rows of cockpit_case_rollup written for changes that move no count")
        .containsExactly(0L);

    transaction.executeWithoutResult(status -> cases.forEach(caseNumber -> rollup.change(caseNumber,
        () -> jdbc.update("DELETE FROM cockpit_case WHERE case_number = ?", caseNumber))));
    assertThat(jdbc.queryForObject(counted, Integer.class, "SUPERVISOR_DECISION")).isZero();
  }

  /**
   * A case registered by the transaction (the intake) has nothing counted yet and no other transaction sees it: it
   * takes no lock of its own, and is counted once, as it commits.
   */
  @Test
  void aCaseRegisteredInTheTransactionTakesNoLockAndIsCountedAsItCommits() {
    Map<String, Map<List<String>, List<BigDecimal>>> before = rollups();
    List<Long> locksHeld = new ArrayList<>();

    String caseNumber = new TransactionTemplate(transactionManager).execute(status -> {
      ProcessInstance aidCase = as("intake", () -> runtimeService.startProcessInstanceByKey(
          AidCaseModel.PROCESS_KEY, applicant(CATEGORIES, List.of("living"), EMPLOYER, null, UNION_MEMBER, false,
              MONTHLY_INCOME, 5000, RIGID_EXPENSES, 0)));
      locksHeld.add(advisoryLocksHeld());
      return aidCase.getBusinessKey();
    });

    assertThat(locksHeld).as("the case's lock").containsExactly(0L);
    Map<String, Map<List<String>, List<BigDecimal>>> after = rollups();
    for (CockpitRollup.Table table : CockpitRollup.TABLES) {
      assertThat(difference(after.get(table.name()), before.get(table.name()))).as("what %s grew by", table.name())
          .isEqualTo(contribution(table, caseNumber));
    }
    assertThat(difference(after.get(CockpitRollup.CASES.name()), before.get(CockpitRollup.CASES.name())))
        .isNotEmpty();
  }

  /**
   * A referral's projection row made at its registration is known with its case from then on: its first step's
   * service level changes that case's rows without reading the row back.
   */
  @Test
  void aReferralRegisteredIsKnownWithItsCaseWithoutReadingItsRowBack() {
    String caseNumber = startedCase();
    String otherCase = startedCase();
    List<Boolean> held = new ArrayList<>();

    new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
      long referralId = referrals.register(caseNumber, "it-known-referral-" + caseNumber, 1, "union",
          "hardship-grant");
      projections.referralRegistered(referralId, caseNumber, new Date());
      // written past the projections: not read, since the row's case is known from its registration
      jdbc.update("UPDATE cockpit_referral SET case_number = ? WHERE referral_id = ?", otherCase, referralId);
      projections.stepStarted(ServiceLevelStep.ACCEPTANCE, referralId, new Date(), new Date());
      held.add(rollup.holds(otherCase));
      status.setRollbackOnly();
    });

    assertThat(held).as("the other case's rows changed").containsExactly(false);
  }

  private String startedCase() {
    return as("intake", () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, applicant(
        CATEGORIES, List.of("living"), EMPLOYER, null, UNION_MEMBER, false, MONTHLY_INCOME, 5000, RIGID_EXPENSES, 0)))
        .getBusinessKey();
  }

  private long caseRollupRowsWritten() {
    return jdbc.queryForObject("SELECT n_tup_ins + n_tup_upd FROM pg_stat_xact_user_tables"
        + " WHERE relname = 'cockpit_case_rollup'", Long.class);
  }

  /** Runs as the transaction commits, after the cockpit's copies and rollups are written. */
  private static void afterTheRollups(Runnable check) {
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public int getOrder() {
        return Integer.MAX_VALUE;
      }

      @Override
      public void beforeCommit(boolean readOnly) {
        check.run();
      }
    });
  }

  private long advisoryLocksHeld() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()",
        Long.class);
  }

  /**
   * A referral reported changed twice in one transaction (its last step, then its end) is copied to the cockpit once,
   * as the transaction commits, with what its register row holds then.
   */
  @Test
  void aReferralChangedTwiceInATransactionIsCopiedOnceAsItCommits() {
    ProcessInstance aidCase = as("intake", () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(CATEGORIES, List.of("living"), EMPLOYER, null, UNION_MEMBER, false,
            MONTHLY_INCOME, 5000, RIGID_EXPENSES, 0)));
    work(aidCase.getId(), VERIFY_CASE, Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实"));
    long referralId = jdbc.queryForObject("SELECT id FROM case_referral WHERE case_number = ?", Long.class,
        aidCase.getBusinessKey());
    String copied = "SELECT services FROM cockpit_referral WHERE referral_id = ?";
    String before = jdbc.queryForObject(copied, String.class, referralId);
    List<Long> copiesAtCommit = new ArrayList<>();

    new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
      // the session's counts not yet handed to the shared statistics (earlier transactions') stay in the reading
      long updatedEarlier = referralRowsUpdated();
      jdbc.update("UPDATE case_referral SET services = 'legal-aid' WHERE id = ?", referralId);
      projections.referralChanged(referralId, new Date());
      jdbc.update("UPDATE case_referral SET services = 'legal-aid,psychological' WHERE id = ?", referralId);
      projections.referralChanged(referralId, new Date());
      assertThat(jdbc.queryForObject(copied, String.class, referralId)).as("before the commit").isEqualTo(before);
      afterTheRollups(() -> copiesAtCommit.add(referralRowsUpdated() - updatedEarlier));
    });

    assertThat(copiesAtCommit).as("rows of cockpit_referral written by the transaction").containsExactly(1L);
    assertThat(jdbc.queryForObject(copied, String.class, referralId)).isEqualTo("legal-aid,psychological");
  }

  private long referralRowsUpdated() {
    return jdbc.queryForObject("SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'cockpit_referral'",
        Long.class);
  }

  /** Until the other transaction committed, or waits for a lock this one holds (the case's: it cannot commit). */
  private void awaitCommittedOrWaitingForALock(CountDownLatch committed) {
    long deadline = System.currentTimeMillis() + 10_000;
    try {
      while (!committed.await(20, TimeUnit.MILLISECONDS) && System.currentTimeMillis() < deadline) {
        // pg_locks is read live (pg_stat_activity would answer from one snapshot for the rest of the transaction)
        Integer waiting = jdbc.queryForObject("SELECT COUNT(*) FROM pg_locks l WHERE NOT l.granted"
            + " AND pg_backend_pid() = ANY(pg_blocking_pids(l.pid))", Integer.class);
        if (waiting > 0) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void work(String processInstanceId, String taskKey, Map<String, Object> variables) {
    as("union-worker", () -> {
      Task task = taskService.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(taskKey)
          .singleResult();
      taskService.claim(task.getId(), "union-worker");
      taskService.complete(task.getId(), Variables.fromMap(variables));
      return null;
    });
  }

  /** Every rollup row, by table and key. */
  private Map<String, Map<List<String>, List<BigDecimal>>> rollups() {
    Map<String, Map<List<String>, List<BigDecimal>>> all = new TreeMap<>();
    for (CockpitRollup.Table table : CockpitRollup.TABLES) {
      all.put(table.name(), rows("SELECT " + columns(table) + " FROM " + table.name(), table));
    }
    return all;
  }

  /** The case's rows in the table, grouped by the table's key, from the projections themselves. */
  private Map<List<String>, List<BigDecimal>> contribution(CockpitRollup.Table table, String caseNumber) {
    String sums = String.join(", ", table.keys()) + ", " + String.join(", ", table.measures().stream()
        .map(m -> "SUM(" + m + ") AS " + m).toList());
    return rows("SELECT " + sums + " FROM (" + table.rows() + ") r WHERE case_number = ? GROUP BY "
        + String.join(", ", table.keys()), table, caseNumber);
  }

  private static String columns(CockpitRollup.Table table) {
    return String.join(", ", table.keys()) + ", " + String.join(", ", table.measures());
  }

  private Map<List<String>, List<BigDecimal>> rows(String sql, CockpitRollup.Table table, Object... arguments) {
    Map<List<String>, List<BigDecimal>> rows = new TreeMap<>(BY_TEXT);
    jdbc.query(sql, rs -> {
      List<String> key = new ArrayList<>();
      for (String column : table.keys()) {
        key.add(rs.getString(column));
      }
      List<BigDecimal> values = new ArrayList<>();
      for (String measure : table.measures()) {
        BigDecimal value = rs.getBigDecimal(measure);
        values.add(value == null ? BigDecimal.ZERO : value.stripTrailingZeros());
      }
      rows.put(key, values);
    }, arguments);
    return rows;
  }

  /** After minus before, per key; rows that did not change are left out. */
  private static Map<List<String>, List<BigDecimal>> difference(Map<List<String>, List<BigDecimal>> after,
      Map<List<String>, List<BigDecimal>> before) {
    Map<List<String>, List<BigDecimal>> grown = new TreeMap<>(BY_TEXT);
    after.forEach((key, values) -> {
      List<BigDecimal> earlier = before.get(key);
      List<BigDecimal> change = new ArrayList<>();
      boolean changed = false;
      for (int i = 0; i < values.size(); i++) {
        BigDecimal d = values.get(i).subtract(earlier == null ? BigDecimal.ZERO : earlier.get(i))
            .stripTrailingZeros();
        changed |= d.signum() != 0;
        change.add(d.signum() == 0 ? BigDecimal.ZERO : d);
      }
      if (changed) {
        grown.put(key, change);
      }
    });
    return grown;
  }
}
