package org.aidflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A metrics reading that cannot finish (here: a table it counts is locked; in the benchmark, a plan gone wrong held a
 * core for minutes) is stopped after the reading limit, and the refresh goes on; once the table is free it reads again.
 */
class MetricsReadingLimitIT extends ApplicationTest {

  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;
  @Autowired PlatformTransactionManager transactions;
  @Autowired ObjectProvider<HistoryService> history;

  @Test
  void aReadingThatCannotFinishIsStoppedAfterTheLimitAndTheNextOneReadsAgain() throws Exception {
    AidFlowMetrics metrics = new AidFlowMetrics(jdbc, history, Clock.systemUTC(), Duration.ofMinutes(10), transactions,
        Duration.ofMillis(500));
    try (Connection holder = dataSource.getConnection()) {
      holder.setAutoCommit(false);
      try (Statement lock = holder.createStatement()) {
        lock.execute("LOCK TABLE act_ru_incident IN ACCESS EXCLUSIVE MODE");
      }
      try {
        CompletableFuture<Throwable> reading = CompletableFuture.supplyAsync(() -> {
          try {
            metrics.withinLimit(() -> metrics.read(Instant.now()));
            return null;
          } catch (RuntimeException e) {
            return e;
          }
        });
        // without the limit the reading waits for the lock for as long as it is held
        Throwable stopped = reading.get(15, TimeUnit.SECONDS);
        assertThat(stopped).isInstanceOf(DataAccessException.class);
        assertThat(((DataAccessException) stopped).getMostSpecificCause().getMessage()).contains("statement timeout");
        // the scheduled refresh logs it and goes on
        CompletableFuture.runAsync(metrics::refresh).get(15, TimeUnit.SECONDS);
      } finally {
        holder.rollback();
      }
    }
    assertThat(metrics.withinLimit(() -> metrics.read(Instant.now())).figures()).containsKey("incidents");
  }
}
