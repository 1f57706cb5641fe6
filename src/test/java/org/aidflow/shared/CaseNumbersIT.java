package org.aidflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.aidflow.support.EmbeddedDatabase;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 17, item 8: case numbers count per year in China time from 000001, are never issued twice or reused
 * (concurrent intakes, rolled-back intakes), one intake never waits for another's number (issue 19), and the API's
 * pattern accepts every number issued. On H2 (process tests, demo) and
 * PostgreSQL (production, cluster), with the schema of the Flyway migrations.
 */
class CaseNumbersIT {

  private static final ZoneId CHINA = AidFlowConfiguration.ZONE;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void theCountStartsAgainAtMidnightOnNewYearsEveChinaTime(String database) {
    JdbcTemplate jdbc = new JdbcTemplate(migrated(database));
    SettableClock clock = new SettableClock(at(2026, 12, 31, 23, 59, 58));
    CaseRegistry cases = new CaseRegistry(jdbc, clock);

    String first = cases.nextCaseNumber();
    clock.now = at(2026, 12, 31, 23, 59, 59);
    String lastOfYear = cases.nextCaseNumber();
    clock.now = at(2027, 1, 1, 0, 0, 0);
    String firstOfYear = cases.nextCaseNumber();
    String second = cases.nextCaseNumber();

    assertThat(first).isEqualTo("QBH-2026-000001");
    assertThat(lastOfYear).isEqualTo("QBH-2026-000002");
    // 16:00 UTC on 31 December is already 1 January in Hangzhou
    assertThat(clock.now).isEqualTo(Instant.parse("2026-12-31T16:00:00Z"));
    assertThat(firstOfYear).isEqualTo("QBH-2027-000001");
    assertThat(second).isEqualTo("QBH-2027-000002");
    assertThat(List.of(first, lastOfYear, firstOfYear, second)).allMatch(n -> n.matches(CaseRegistry.CASE_NUMBER_PATTERN));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aYearsMillionthCaseGetsSevenDigitsAndTheApiAcceptsThem(String database) {
    JdbcTemplate jdbc = new JdbcTemplate(migrated(database));
    // counted to 999,998 by a release before the sequences (the year's counter row): the year goes on from there
    jdbc.update("INSERT INTO case_number_counter (case_year, last_number) VALUES (2027, 999998)");
    CaseRegistry cases = new CaseRegistry(jdbc, new SettableClock(at(2027, 6, 1, 12, 0, 0)));

    assertThat(cases.nextCaseNumber()).isEqualTo("QBH-2027-999999");
    String millionth = cases.nextCaseNumber();

    assertThat(millionth).isEqualTo("QBH-2027-1000000").matches(CaseRegistry.CASE_NUMBER_PATTERN);
    assertThat(millionth.length()).isLessThanOrEqualTo(20);
    assertThat("QBH-2027-12345").doesNotMatch(CaseRegistry.CASE_NUMBER_PATTERN);
    assertThat("QBH-27-000001").doesNotMatch(CaseRegistry.CASE_NUMBER_PATTERN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void concurrentIntakesNeverShareANumberAndARolledBackOnesNumberIsNeverReused(String database) throws Exception {
    DataSource dataSource = migrated(database);
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    CaseRegistry cases = new CaseRegistry(jdbc, new SettableClock(at(2028, 1, 1, 0, 0, 1)));
    TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    int intakes = 12;
    Set<String> committed = ConcurrentHashMap.newKeySet();
    Set<String> rolledBack = ConcurrentHashMap.newKeySet();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < intakes; i++) {
      boolean rollsBack = i % 4 == 3;
      done.add(pool.submit(() -> {
        start.await();
        transaction.executeWithoutResult(status -> {
          String number = cases.nextCaseNumber();
          if (rollsBack) {
            rolledBack.add(number);
            status.setRollbackOnly();
          } else {
            assertThat(committed.add(number)).as("issued twice: " + number).isTrue();
          }
        });
        return null;
      }));
    }
    start.countDown();
    for (Future<?> future : done) {
      future.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(committed).hasSize(9).doesNotContainAnyElementsOf(rolledBack);
    assertThat(rolledBack).hasSize(3);
    // the twelve numbers drawn were 1 to 12 between them; the rolled-back ones stay unused
    Set<String> drawn = new java.util.HashSet<>(committed);
    drawn.addAll(rolledBack);
    assertThat(drawn).containsExactlyInAnyOrder(java.util.stream.IntStream.rangeClosed(1, 12)
        .mapToObj(n -> String.format("QBH-2028-%06d", n)).toArray(String[]::new));
    assertThat(cases.nextCaseNumber()).isEqualTo("QBH-2028-000013");
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void anIntakeDrawsItsNumberWhileAnotherIntakeIsStillOpen(String database) throws Exception {
    DataSource dataSource = migrated(database);
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    CaseRegistry cases = new CaseRegistry(jdbc, new SettableClock(at(2029, 3, 1, 9, 0, 0)));
    TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    CountDownLatch drawn = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    // the first intake draws its number and is still writing its case
    Future<String> first = pool.submit(() -> transaction.execute(status -> {
      String number = cases.nextCaseNumber();
      drawn.countDown();
      try {
        finish.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return number;
    }));
    assertThat(drawn.await(30, TimeUnit.SECONDS)).isTrue();
    try {
      // the second does not wait for the first to commit (the year's counter row used to hold it until then)
      String second = pool.submit(() -> transaction.execute(status -> cases.nextCaseNumber()))
          .get(10, TimeUnit.SECONDS);
      assertThat(second).isEqualTo("QBH-2029-000002");
    } finally {
      finish.countDown();
    }
    assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("QBH-2029-000001");
    pool.shutdown();
  }

  private static Instant at(int year, int month, int day, int hour, int minute, int second) {
    return LocalDateTime.of(year, month, day, hour, minute, second).atZone(CHINA).toInstant();
  }

  private static DataSource migrated(String database) {
    String name = "case_numbers_" + DATABASES.incrementAndGet();
    DataSource dataSource;
    if (database.equals("h2")) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
      h2.setUser("sa");
      dataSource = h2;
    } else {
      PGSimpleDataSource postgres = new PGSimpleDataSource();
      postgres.setUrl(EmbeddedDatabase.createDatabase(name, "aidflow_" + name, "test"));
      postgres.setUser("aidflow_" + name);
      postgres.setPassword("test");
      dataSource = postgres;
    }
    Flyway.configure().dataSource(dataSource).table("aidflow_schema_history").load().migrate();
    return dataSource;
  }

  /** A clock a test sets; in UTC, so that only the registry's own China time can give the right year. */
  private static final class SettableClock extends Clock {
    volatile Instant now;

    SettableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
