package org.aidflow.demo;

import java.time.Clock;
import java.time.LocalDate;
import org.aidflow.cockpit.projection.CockpitRollup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A year of synthetic cases in the cockpit's projections, so that the dashboard means something on first start.
 * They have no process instance (docs/cockpit.md); written once, numbered DEMO-0000001 on.
 */
@Component
@Profile("demo")
public class DemoCockpitHistory {

  private static final Logger LOG = LoggerFactory.getLogger(DemoCockpitHistory.class);
  static final String PREFIX = "DEMO";
  /** Far above any real referral's id, so that the synthetic ones never meet them. */
  private static final long FIRST_REFERRAL_ID = 8_000_000_000L;
  private static final long SEED = 20_260_101L;

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final int cases;

  public DemoCockpitHistory(JdbcTemplate jdbc, Clock clock,
      @Value("${aidflow.demo.cockpit-history-cases:6000}") int cases) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.cases = cases;
  }

  @EventListener
  @Order(5)
  public void onReady(ApplicationReadyEvent event) {
    if (cases <= 0 || jdbc.queryForObject("SELECT COUNT(*) FROM cockpit_case WHERE case_number LIKE ?",
        Integer.class, PREFIX + "-%") > 0) {
      return;
    }
    LocalDate today = LocalDate.now(clock);
    long started = System.nanoTime();
    new SyntheticCases(jdbc, SEED).write(PREFIX, FIRST_REFERRAL_ID, cases, today.minusYears(1), today, today);
    // the rows were written around the projection listeners: count them into the rollups
    new CockpitRollup(jdbc).refill();
    LOG.info("demo: {} synthetic cases of the last twelve months written to the cockpit's projections in {} ms", cases,
        (System.nanoTime() - started) / 1_000_000);
  }
}
