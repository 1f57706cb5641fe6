package org.aidflow.demo;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.aidflow.assistance.FundLedger;
import org.aidflow.organisation.OrganisationUnits;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The demo's two cash campaigns (docs/campaigns.md), owned by Hangzhou's union ({@code union-3301}) with a fund and a
 * budget of their own and running in its units: 金秋助学 in August and September of this year, 冬送温暖 from December
 * to the end of February (the weeks around the Spring Festival). A project or fund that exists is left as it is, so
 * the supervisors' edits are never overwritten.
 */
@Component
@Profile("demo")
public class DemoCampaigns {

  static final String OWNER = "union-3301";
  static final List<String> RUNS_IN = List.of("union-3301", "union-330102", "union-330106");

  private final JdbcTemplate jdbc;
  private final FundLedger ledger;
  private final OrganisationUnits units;
  private final Clock clock;

  public DemoCampaigns(JdbcTemplate jdbc, FundLedger ledger, OrganisationUnits units, Clock clock) {
    this.jdbc = jdbc;
    this.ledger = ledger;
    this.clock = clock;
    this.units = units;
  }

  /** After the demo units (the owner comes with aidflow.demo.units) and funds. */
  @EventListener
  @Order(6)
  public void onReady(ApplicationReadyEvent event) {
    if (units.find(OWNER).isEmpty()) {
      return;
    }
    int year = LocalDate.now(clock).getYear();
    ledger.openFund("union-3301-golden-autumn", year, OWNER, "杭州市金秋助学专项资金", new BigDecimal("300000"));
    ledger.openFund("union-3301-winter-warmth", year, OWNER, "杭州市冬送温暖专项资金", new BigDecimal("400000"));
    project("golden-autumn-" + year, "金秋助学", LocalDate.of(year, 8, 1), LocalDate.of(year, 9, 30),
        "union-3301-golden-autumn", year, "300000", "projectGoldenAutumnEligibility");
    LocalDate february = LocalDate.of(year + 1, 2, 1);
    project("winter-warmth-" + year, "冬送温暖", LocalDate.of(year, 12, 1),
        february.withDayOfMonth(february.lengthOfMonth()), "union-3301-winter-warmth", year, "400000",
        "projectWinterWarmthEligibility");
  }

  private void project(String code, String name, LocalDate starts, LocalDate ends, String fund, int year,
      String budget, String decision) {
    if (jdbc.queryForObject("SELECT COUNT(*) FROM project WHERE code = ?", Integer.class, code) > 0) {
      return;
    }
    jdbc.update("INSERT INTO project (code, name, owning_unit, project_type, starts_on, ends_on, fund_code, fund_year,"
            + " budget, eligibility_decision, status, created_by, created_at) VALUES (?, ?, ?, 'CASH_CAMPAIGN', ?, ?,"
            + " ?, ?, ?, ?, 'ACTIVE', 'demo', ?)", code, name, OWNER, starts, ends, fund, year, new BigDecimal(budget),
        decision, Timestamp.from(clock.instant()));
    for (String unit : RUNS_IN) {
      if (units.find(unit).isPresent()) {
        jdbc.update("INSERT INTO project_unit (project, unit) VALUES (?, ?)", code, unit);
      }
    }
  }
}
