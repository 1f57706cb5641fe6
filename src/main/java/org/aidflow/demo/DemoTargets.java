package org.aidflow.demo;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import org.aidflow.cockpit.report.CockpitTargets;
import org.aidflow.cockpit.report.Indicator;
import org.aidflow.organisation.OrganisationUnits;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The cockpit's example targets for the demo, this year and next year (so the 匹配度 does not vanish on 1 January):
 * the province union's (30,000 new-employment-form workers is the figure of Hangzhou's 2023 plan, the others are
 * examples) and Hangzhou's service targets. Operators set their own through PUT /api/cockpit/targets.
 */
@Component
@Profile("demo")
public class DemoTargets {

  /** Unit, indicator, target. */
  private static final Object[][] TARGETS = {
      {"union-33", Indicator.NEW_EMPLOYMENT_WORKERS_SERVED, "30000"},
      {"union-33", Indicator.CASES_RECEIVED, "20000"},
      {"union-33", Indicator.CLOSURE_RATE, "0.9"},
      {"union-33", Indicator.RESOLUTION_RATE, "0.6"},
      {"union-33", Indicator.AVERAGE_SATISFACTION, "4.5"},
      {"union-33", Indicator.VERIFICATION_ON_TIME_RATE, "0.95"},
      {"union-33", Indicator.DELIVERY_ON_TIME_RATE, "0.95"},
      {"union-33", Indicator.LEGAL_SERVICES_DELIVERED, "5000"},
      {"union-33", Indicator.HEALTH_CHECKS_DELIVERED, "20000"},
      {"union-33", Indicator.TRAININGS_DELIVERED, "8000"},
      {"union-33", Indicator.ENTERPRISE_LEGAL_CHECKUPS_DELIVERED, "1000"},
      {"union-3301", Indicator.LEGAL_SERVICES_DELIVERED, "1500"},
      {"union-3301", Indicator.HEALTH_CHECKS_DELIVERED, "6000"},
      {"union-3301", Indicator.TRAININGS_DELIVERED, "2500"},
      {"union-3301", Indicator.ENTERPRISE_LEGAL_CHECKUPS_DELIVERED, "300"}};

  private final CockpitTargets targets;
  private final OrganisationUnits units;
  private final Clock clock;

  public DemoTargets(CockpitTargets targets, OrganisationUnits units, Clock clock) {
    this.targets = targets;
    this.units = units;
    this.clock = clock;
  }

  /** After the demo units, which the targets name. */
  @EventListener
  @Order(6)
  public void onReady(ApplicationReadyEvent event) {
    int year = LocalDate.now(clock).getYear();
    for (int y = year; y <= year + 1; y++) {
      for (Object[] target : TARGETS) {
        if (units.find((String) target[0]).isEmpty()) {
          continue; // the city units come with aidflow.demo.units
        }
        targets.putIfAbsent(y, (String) target[0], (Indicator) target[1], new BigDecimal((String) target[2]), "demo");
      }
    }
  }
}
