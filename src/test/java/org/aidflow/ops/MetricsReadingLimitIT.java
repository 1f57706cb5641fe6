package org.aidflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A metrics reading that cannot finish (here: a table it reads is locked; in the benchmark, the reading of open tasks
 * ran one statement for more than ten minutes) is stopped after the reading limit, through the engine's reports too,
 * and the refresh goes on; once the table is free it reads again. Its statements are planned with their values.
 */
class MetricsReadingLimitIT extends ApplicationTest {

  /** PostgreSQL's SQLSTATE for a statement cancelled by {@code statement_timeout}. */
  private static final String QUERY_CANCELED = "57014";

  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;
  @Autowired PlatformTransactionManager transactions;
  @Autowired ObjectProvider<HistoryService> history;

  private AidFlowMetrics limitedTo(Duration limit) {
    return new AidFlowMetrics(jdbc, history, Clock.systemUTC(), Duration.ofMinutes(10), transactions, limit);
  }

  @Test
  void aReadingOfALockedTableIsStoppedAfterTheLimitAndTheNextOneReadsAgain() throws Exception {
    AidFlowMetrics metrics = limitedTo(Duration.ofMillis(500));
    whileLocked("act_ru_incident", () -> {
      assertThat(stateOfFailure(() -> metrics.withinLimit(() -> metrics.read(Instant.now())))).isEqualTo(QUERY_CANCELED);
      // the scheduled refresh logs it and goes on
      CompletableFuture.runAsync(metrics::refresh).get(15, TimeUnit.SECONDS);
      return null;
    });
    assertThat(metrics.withinLimit(() -> metrics.read(Instant.now())).figures()).containsKey("incidents");
  }

  @Test
  void theEnginesCleanupReportsAreStoppedAfterTheLimitToo() throws Exception {
    AidFlowMetrics metrics = limitedTo(Duration.ofMillis(500));
    whileLocked("act_hi_procinst", () -> {
      assertThat(stateOfFailure(() -> metrics.withinLimit(() -> metrics.readCleanup(Instant.now()))))
          .isEqualTo(QUERY_CANCELED);
      return null;
    });
    assertThat(metrics.withinLimit(() -> metrics.readCleanup(Instant.now())).removable()).containsKey("process");
  }

  @Test
  void aReadingIsPlannedWithItsValuesAndTheConnectionKeepsItsSettingsAfterwards() {
    AidFlowMetrics metrics = limitedTo(Duration.ofSeconds(20));
    assertThat(metrics.withinLimit(() -> jdbc.queryForObject("SHOW plan_cache_mode", String.class)))
        .isEqualTo("force_custom_plan");
    assertThat(metrics.withinLimit(() -> jdbc.queryForObject("SHOW statement_timeout", String.class))).isEqualTo("20s");
    assertThat(jdbc.queryForObject("SHOW plan_cache_mode", String.class)).isEqualTo("auto");
    assertThat(jdbc.queryForObject("SHOW statement_timeout", String.class)).isEqualTo("0");
  }

  /** Runs the check while another connection holds the table locked; without the limit the reading would wait. */
  private void whileLocked(String table, Callable<Void> check) throws Exception {
    try (Connection holder = dataSource.getConnection()) {
      holder.setAutoCommit(false);
      try (Statement lock = holder.createStatement()) {
        lock.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
      }
      try {
        check.call();
      } finally {
        holder.rollback();
      }
    }
  }

  /** The SQLSTATE the reading failed with, within 15 s (it waits for as long as the lock is held without the limit). */
  private static String stateOfFailure(Supplier<?> reading) throws Exception {
    Throwable failure = CompletableFuture.supplyAsync(() -> {
      try {
        reading.get();
        return null;
      } catch (RuntimeException e) {
        return (Throwable) e;
      }
    }).get(15, TimeUnit.SECONDS);
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        return sql.getSQLState();
      }
    }
    throw new AssertionError("no database failure", failure);
  }
}
