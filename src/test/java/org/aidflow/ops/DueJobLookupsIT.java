package org.aidflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.impl.Page;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.AcquirableJobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job executor's look-up of due jobs and the metrics' counts of due and failed jobs read those jobs by index: the
 * timers an open case holds, due days ahead, are not read at all, however often the look-ups run ({@link
 * EngineIndexes}). Before, each look-up that found fewer than three due jobs read every job: without the due-jobs
 * index this test reads 135,594 jobs by sequential scans, without the failed-jobs index 60,264.
 */
class DueJobLookupsIT extends ApplicationTest {

  private static final int TIMERS = 5_000;
  /** More than the driver's runs before it prepares a statement and PostgreSQL's before it may plan for any values. */
  private static final int LOOK_UPS = 12;

  @Autowired ProcessEngineConfigurationImpl configuration;
  @Autowired JdbcTemplate jdbc;
  @Autowired PlatformTransactionManager transactions;
  @Autowired AidFlowMetrics metrics;

  @Test
  void timersDueDaysAheadAreNotReadWhenTheDueAndFailedJobsAreLookedUp() {
    new TransactionTemplate(transactions).executeWithoutResult(status -> {
      // the timers, one job due now and one whose retries are spent, exclusive as the engine's are (the look-up then
      // checks no other job of the instance is running); rolled back at the end, never seen by other transactions
      insertJobs("timer", TIMERS, 3, "now() + INTERVAL '3 days'");
      insertJobs("due", 1, 3, "now() - INTERVAL '1 minute'");
      insertJobs("failed", 1, 0, "NULL");
      // as autovacuum does once the timers are written; the statistics roll back, the table's row estimate stays
      // until autovacuum's next look (a larger estimate, which only makes the indexes likelier for other tests)
      jdbc.execute("ANALYZE act_ru_job");
      long[] before = jobReads();

      List<AcquirableJobEntity> acquired = List.of();
      AidFlowMetrics.Snapshot figures = AidFlowMetrics.Snapshot.EMPTY;
      for (int i = 0; i < LOOK_UPS; i++) {
        acquired = configuration.getCommandExecutorTxRequired().execute(
            context -> context.getJobManager().findNextJobsToExecute(new Page(0, 3)));
        figures = metrics.read(Instant.now());
      }
      long[] after = jobReads();
      // the engine worked in this transaction: it sees the job no other transaction can
      JobEntity due = configuration.getCommandExecutorTxRequired().execute(
          context -> context.getJobManager().findJobById("lookup-due-1"));
      status.setRollbackOnly();

      assertThat(due).isNotNull();
      assertThat(acquired).as("due jobs found").isNotEmpty();
      assertThat(figures.figures().get("jobsDue")).isGreaterThanOrEqualTo(1.0);
      assertThat(figures.figures().get("jobsFailed")).isGreaterThanOrEqualTo(1.0);
      // the look-ups ran in this transaction (its counters), each through an index
      assertThat(after[2] - before[2]).as("index scans of the jobs").isGreaterThanOrEqualTo(LOOK_UPS);
      assertThat(after[1] - before[1]).as("jobs read by sequential scans").isZero();
      assertThat(after[0] - before[0]).as("sequential scans of the jobs").isZero();
    });
  }

  private void insertJobs(String kind, int count, int retries, String due) {
    jdbc.update("INSERT INTO act_ru_job (id_, rev_, type_, exclusive_, execution_id_, process_instance_id_, retries_,"
        + " duedate_, handler_type_, suspension_state_, priority_, create_time_) SELECT 'lookup-" + kind + "-' || g, 1,"
        + " 'message', TRUE, 'lookup-" + kind + "-execution-' || g, 'lookup-" + kind + "-instance-' || g, " + retries
        + ", " + due + ", 'async-continuation', 1, 0, now() FROM generate_series(1, ?) g", count);
  }

  /** This transaction's sequential scans of the jobs, the rows they read, and its index scans of the jobs. */
  private long[] jobReads() {
    return jdbc.queryForObject("SELECT seq_scan, seq_tup_read, idx_scan FROM pg_stat_xact_user_tables"
        + " WHERE relname = 'act_ru_job'", (rs, row) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
  }
}
