package org.aidflow.followup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.aidflow.followup.HardshipHouseholds.Household;
import org.aidflow.followup.HardshipHouseholds.Status;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.PolicySettings;
import org.aidflow.support.EmbeddedDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The register of hardship households over AidFlow's schema on PostgreSQL 17 (a schema of its own per test), at a
 * clock the test sets.
 */
class HardshipHouseholdsIT {

  private final ZonedDateTime start = ZonedDateTime.of(2027, 1, 31, 10, 0, 0, 0, AidFlowConfiguration.ZONE);
  private Instant now = start.toInstant();
  private final Clock clock = new Clock() {
    @Override
    public java.time.ZoneId getZone() {
      return AidFlowConfiguration.ZONE;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  private final PolicySettings policy = new PolicySettings();
  private JdbcTemplate jdbc;
  private CaseRegistry cases;
  private HardshipHouseholds households;
  private int caseCounter;

  @BeforeEach
  void setUp() {
    DataSource dataSource = EmbeddedDatabase.newSchema("hardship_households");
    Flyway.configure().dataSource(dataSource).table("aidflow_schema_history").load().migrate();
    jdbc = new JdbcTemplate(dataSource);
    cases = new CaseRegistry(jdbc, clock);
    households = new HardshipHouseholds(jdbc, clock, policy);
  }

  @Test
  void aPersonRegisteredAgainKeepsOneRowWithTheNewCaseLevelOrganisationAndVerification() {
    String first = newCase("hash-a", "union");
    long id = registered(first, "RELATIVE", start.minusDays(10).toInstant(), "张*");
    now = start.plusMonths(2).toInstant();
    String second = newCase("hash-a", "women");

    assertThat(registered(second, "DEEP", null, null)).as("the same household").isEqualTo(id);

    Household household = households.find(id).orElseThrow();
    assertThat(household.caseNumber()).isEqualTo(second);
    assertThat(household.org()).isEqualTo("women");
    assertThat(household.hardshipLevel()).isEqualTo("DEEP");
    assertThat(household.lastVerifiedAt()).as("no verification on record: now").isEqualTo(now);
    assertThat(household.registeredAt()).isEqualTo(start.toInstant());
    assertThat(household.nameMasked()).isEqualTo("张*");
    assertThat(households.ofCase(first)).isEmpty();
  }

  @Test
  void aHouseholdOutOfHardshipRegisteredAgainIsActiveFromItsNewRegistration() {
    long id = registered(newCase("hash-b", "union"), "DEEP", null, "李*");
    households.markReviewStarted(id);
    households.recordReview(id, false, null, "已脱困");
    now = start.plusMonths(5).toInstant();

    households.register(newCase("hash-b", "union"), "RELATIVE", null, "李*");

    Household household = households.find(id).orElseThrow();
    assertThat(household.status()).isEqualTo(Status.ACTIVE);
    assertThat(household.outOfHardshipAt()).isNull();
    assertThat(household.registeredAt()).isEqualTo(now);
  }

  @Test
  void onlyDeepAndRelativeHouseholdsAreRegistered() {
    String caseNumber = newCase("hash-c", "union");
    for (String level : new String[] {"NONE", "ACCIDENT", null}) {
      assertThatThrownBy(() -> households.register(caseNumber, level, null, null))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(households.ofCase(caseNumber)).isEmpty();
  }

  @Test
  void aHouseholdIsDueExactlyTheConfiguredMonthsAfterItsLastVerification() {
    ZonedDateTime verified = ZonedDateTime.of(2026, 2, 28, 15, 0, 0, 0, AidFlowConfiguration.ZONE);
    long id = registered(newCase("hash-d", "youth"), "DEEP", verified.toInstant(), null);

    assertThat(households.householdsDueForReview(verified.plusMonths(12).minusSeconds(1).toInstant())).isEmpty();
    assertThat(households.householdsDueForReview(verified.plusMonths(12).toInstant()))
        .extracting(Household::id).containsExactly(id);

    policy.setAnnualReviewMonths(6);
    assertThat(households.householdsDueForReview(verified.plusMonths(6).toInstant()))
        .extracting(Household::id).containsExactly(id);
  }

  @Test
  void aReviewStartsOnceHoweverManyCallersRaceForIt() throws Exception {
    long id = registered(newCase("hash-e", "union"), "DEEP", start.minusMonths(13).toInstant(), null);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> callers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        callers.add(() -> households.markReviewStarted(id));
      }
      int started = 0;
      for (Future<Boolean> result : pool.invokeAll(callers)) {
        started += result.get() ? 1 : 0;
      }
      assertThat(started).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
    assertThat(households.householdsDueForReview(now)).as("under review").isEmpty();
  }

  @Test
  void aReviewFindingStillInHardshipKeepsTheLevelUnlessANewOneIsGiven() {
    long id = registered(newCase("hash-f", "union"), "DEEP", start.minusMonths(13).toInstant(), null);
    households.markReviewStarted(id);

    households.recordReview(id, true, null, "维持");
    assertThat(households.find(id).orElseThrow().hardshipLevel()).isEqualTo("DEEP");
    assertThat(households.find(id).orElseThrow().lastVerifiedAt()).isEqualTo(now);
    assertThatThrownBy(() -> households.recordReview(id, true, "NONE", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUnknownCaseRegistersNoHouseholdAndSaysSo() {
    long before = jdbc.queryForObject("SELECT COUNT(*) FROM hardship_household", Long.class);
    assertThatThrownBy(() -> households.register("QBH-2026-799999", "DEEP", null, null))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("QBH-2026-799999");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hardship_household", Long.class)).isEqualTo(before);
  }

  /** Registers the case's household, and answers its id. */
  private long registered(String caseNumber, String hardshipLevel, Instant lastVerifiedAt,
      String nameMasked) {
    households.register(caseNumber, hardshipLevel, lastVerifiedAt, nameMasked);
    return households.ofCase(caseNumber).orElseThrow().id();
  }

  private String newCase(String personHash, String org) {
    String caseNumber = String.format("QBH-2026-7%05d", ++caseCounter);
    cases.registerOpenCase(new CaseRegistry.NewCase(caseNumber, "instance-" + caseNumber, personHash, null, null,
        org, "window", false, true));
    // one open case per person: close it, so that the same person can come again
    cases.close(caseNumber, "RESOLVED");
    return caseNumber;
  }
}
