package org.aidflow.demo;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.aidflow.assistance.FundLedger;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.project.ProjectMeasure;
import org.aidflow.project.Projects;
import org.camunda.bpm.engine.RepositoryService;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo's four service programmes (docs/projects.md), owned by the Hangzhou union (union-3301) and run in its
 * districts, each with a fund of its own, this year's period and targets per unit: Hangzhou's 2023 plan (legal services
 * for 30,000 new-employment-form workers, free health checks for 1,200, free training for 1,000, legal check-ups of 100
 * enterprises) split between the city's own work and its two demo districts. A project or target that exists is left
 * as it is: the demo never overwrites what supervisors set.
 */
@Component
@Profile("demo")
public class DemoProjects {

  static final String OWNER = "union-3301";
  /** The units the programmes run in (the owner first) and their share of the city's plan, in per cent. */
  private static final Object[][] UNITS = {{"union-3301", 60}, {"union-330102", 20}, {"union-330106", 20}};

  /** Code prefix, name, service, eligibility decision, fund name, budget, the measure and the plan's figure. */
  private static final Object[][] PROGRAMMES = {
      {"hz-legal-services", "新就业形态劳动者法律服务", "legal-aid", "projectLegalServicesEligibility",
          "新就业形态劳动者法律服务专项资金", "900000", ProjectMeasure.LEGAL_SERVICES_DELIVERED, 30000},
      {"hz-health-checks", "职工健康体检", "health-check", "projectHealthChecksEligibility",
          "职工健康体检专项资金", "600000", ProjectMeasure.HEALTH_CHECKS_DELIVERED, 1200},
      {"hz-trainings", "技能提升培训", "training", "projectTrainingsEligibility",
          "技能提升培训专项资金", "500000", ProjectMeasure.TRAININGS_DELIVERED, 1000},
      {"hz-enterprise-checkups", "企业法治体检", "enterprise-legal-checkup", "projectEnterpriseCheckupsEligibility",
          "企业法治体检专项资金", "200000", ProjectMeasure.ENTERPRISE_LEGAL_CHECKUPS_DELIVERED, 100}};

  private final Projects projects;
  private final FundLedger ledger;
  private final OrganisationUnits units;
  private final RepositoryService repository;
  private final Clock clock;

  public DemoProjects(Projects projects, FundLedger ledger, OrganisationUnits units, RepositoryService repository,
      Clock clock) {
    this.projects = projects;
    this.ledger = ledger;
    this.units = units;
    this.repository = repository;
    this.clock = clock;
  }

  /** After the demo units and funds (order 3) and the cockpit's targets (order 6). */
  @EventListener
  @Order(7)
  public void onReady(ApplicationReadyEvent event) {
    if (units.find(OWNER).isEmpty()) {
      return; // the city units come with aidflow.demo.units
    }
    int year = LocalDate.now(clock).getYear();
    List<String> running = new ArrayList<>();
    for (Object[] unit : UNITS) {
      if (units.find((String) unit[0]).isPresent()) {
        running.add((String) unit[0]);
      }
    }
    for (Object[] programme : PROGRAMMES) {
      String code = programme[0] + "-" + year;
      String fund = OWNER + "-" + ((String) programme[0]).substring(3) + "-project";
      if (projects.find(code).isEmpty()) {
        ledger.openFund(fund, year, OWNER, (String) programme[4], new BigDecimal((String) programme[5]));
        projects.create(new Projects.NewProject(code, (String) programme[1], OWNER, Projects.SERVICE_PROGRAMME,
            (String) programme[2], year + "-01-01", year + "-12-31", fund, year, new BigDecimal((String) programme[5]),
            (String) programme[3], running), "demo",
            key -> repository.createDecisionDefinitionQuery().decisionDefinitionKey(key).count() > 0);
      }
      ProjectMeasure measure = (ProjectMeasure) programme[6];
      int plan = (Integer) programme[7];
      for (Object[] unit : UNITS) {
        if (!running.contains((String) unit[0])) {
          continue;
        }
        BigDecimal share = BigDecimal.valueOf((long) plan * (Integer) unit[1] / 100);
        projects.putTargetIfAbsent(code, (String) unit[0], measure, share, "demo");
        projects.putTargetIfAbsent(code, (String) unit[0], ProjectMeasure.BENEFICIARIES, share, "demo");
      }
    }
  }
}
