package org.aidflow.cockpit.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.project.ProjectMeasure;
import org.aidflow.project.Projects;
import org.aidflow.project.Projects.Project;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The cockpit's figures per project and unit (docs/projects.md): beneficiaries (distinct persons reached by the
 * project's delivered service orders and its payments), service orders delivered by type, cash paid against the
 * budget, and for each measure the target (project_target) and 匹配度 = actual / target. A project's order or payment
 * counts for the unit the project runs in that is the referring unit or the nearest one above it (the owning unit
 * when none is); a project's totals add its units' figures, beneficiaries counted once across units.
 */
@Component
public class ProjectIndicators {

  /** One measure: what was reached, the target and 匹配度 (null without a target above zero). */
  public record Figure(String indicator, String label, String measureUnit, BigDecimal actual, BigDecimal target,
      BigDecimal match) {
  }

  /** A unit's figures in a project. */
  public record UnitFigures(String unit, String unitName, List<Figure> figures) {

    public Figure figure(String indicator) {
      return figures.stream().filter(f -> f.indicator().equals(indicator)).findFirst().orElse(null);
    }
  }

  /** A project's figures: its totals (null when the viewer sees only some of its units) and those of its units. */
  public record ProjectReport(String code, String name, String type, String service, String owningUnit,
      String owningUnitName, LocalDate startsOn, LocalDate endsOn, String status, BigDecimal budget,
      BigDecimal cashPaid, BigDecimal budgetLeft, List<Figure> totals, List<UnitFigures> units) {

    public Figure total(String indicator) {
      return totals == null ? null
          : totals.stream().filter(f -> f.indicator().equals(indicator)).findFirst().orElse(null);
    }
  }

  private final JdbcTemplate jdbc;
  private final Projects projects;
  private final OrganisationUnits units;

  public ProjectIndicators(JdbcTemplate jdbc, Projects projects, OrganisationUnits units) {
    this.jdbc = jdbc;
    this.projects = projects;
    this.units = units;
  }

  /** What one order or payment adds: to which unit, for which person, which measure, how much. */
  private record Contribution(String unit, String person, ProjectMeasure measure, BigDecimal amount) {
  }

  /**
   * The figures of a project; {@code visibleUnits} limits the unit rows (null: all), and the totals are given only
   * when the owning unit is among them.
   */
  public ProjectReport report(Project project, Set<String> visibleUnits) {
    List<String> projectUnits = new ArrayList<>(project.allUnits());
    List<Contribution> contributions = new ArrayList<>();
    jdbc.query("SELECT o.referring_unit, o.service, COALESCE(a.id_number_hash, o.case_number) FROM service_order o"
        + " LEFT JOIN aid_case a ON a.case_number = o.case_number WHERE o.project = ? AND o.status = 'DELIVERED'", rs -> {
          ProjectMeasure measure = ProjectMeasure.ofService(rs.getString(2)).orElse(null);
          contributions.add(new Contribution(unitOf(project, projectUnits, rs.getString(1)), rs.getString(3), measure,
              BigDecimal.ONE));
        }, project.code());
    jdbc.query("SELECT r.unit, COALESCE(a.id_number_hash, e.case_number), e.amount FROM ledger_entry e"
        + " LEFT JOIN case_referral r ON r.id = e.referral_id LEFT JOIN aid_case a ON a.case_number = e.case_number"
        + " WHERE e.project = ? AND e.kind = 'DISBURSE'", rs -> {
          contributions.add(new Contribution(unitOf(project, projectUnits, rs.getString(1)), rs.getString(2),
              ProjectMeasure.CASH_PAID, rs.getBigDecimal(3)));
        }, project.code());
    Map<String, Map<ProjectMeasure, BigDecimal>> targets = new HashMap<>();
    for (Projects.Target target : projects.targets(project.code())) {
      ProjectMeasure.ofKey(target.indicator()).ifPresent(measure -> targets
          .computeIfAbsent(target.unit(), k -> new HashMap<>()).put(measure, target.target()));
    }
    Set<ProjectMeasure> shown = EnumSet.of(ProjectMeasure.BENEFICIARIES);
    ProjectMeasure.ofService(project.service()).ifPresent(shown::add);
    if (project.fundCode() != null || Projects.CASH_CAMPAIGN.equals(project.type())) {
      shown.add(ProjectMeasure.CASH_PAID);
    }
    targets.values().forEach(byMeasure -> shown.addAll(byMeasure.keySet()));
    contributions.stream().filter(c -> c.measure() != null).forEach(c -> shown.add(c.measure()));

    List<UnitFigures> unitRows = new ArrayList<>();
    Map<ProjectMeasure, BigDecimal> totalTargets = new HashMap<>();
    for (String unit : projectUnits) {
      Map<ProjectMeasure, BigDecimal> unitTargets = targets.getOrDefault(unit, Map.of());
      unitTargets.forEach((measure, target) -> totalTargets.merge(measure, target, BigDecimal::add));
      if (visibleUnits != null && !visibleUnits.contains(unit)) {
        continue;
      }
      List<Contribution> ofUnit = contributions.stream().filter(c -> c.unit().equals(unit)).toList();
      unitRows.add(new UnitFigures(unit, name(unit), figures(shown, ofUnit, unitTargets)));
    }
    boolean seesTotals = visibleUnits == null || visibleUnits.contains(project.owningUnit());
    List<Figure> totals = seesTotals ? figures(shown, contributions, totalTargets) : null;
    BigDecimal paid = sum(contributions, ProjectMeasure.CASH_PAID);
    return new ProjectReport(project.code(), project.name(), project.type(), project.service(), project.owningUnit(),
        name(project.owningUnit()), project.startsOn(), project.endsOn(), project.status(), project.budget(),
        seesTotals ? paid : null, seesTotals ? project.budget().subtract(paid) : null, totals, unitRows);
  }

  /** The reports of the projects running in a year that concern a visible unit (null: every project). */
  public List<ProjectReport> reports(int year, Set<String> visibleUnits) {
    List<ProjectReport> reports = new ArrayList<>();
    for (Project project : projects.ofYear(year)) {
      if (visibleUnits == null || project.allUnits().stream().anyMatch(visibleUnits::contains)) {
        reports.add(report(project, visibleUnits));
      }
    }
    return reports;
  }

  private static List<Figure> figures(Set<ProjectMeasure> shown, List<Contribution> contributions,
      Map<ProjectMeasure, BigDecimal> targets) {
    List<Figure> figures = new ArrayList<>();
    for (ProjectMeasure measure : shown) {
      BigDecimal actual = measure == ProjectMeasure.BENEFICIARIES ? persons(contributions) : sum(contributions, measure);
      BigDecimal target = targets.get(measure);
      BigDecimal match = target == null || target.signum() == 0 ? null
          : actual.divide(target, 4, RoundingMode.HALF_UP);
      figures.add(new Figure(measure.key(), measure.label(), measure.unit(), Projects.plain(actual),
          target == null ? null : Projects.plain(target), match));
    }
    return figures;
  }

  private static BigDecimal persons(List<Contribution> contributions) {
    Set<String> persons = new HashSet<>();
    contributions.forEach(c -> persons.add(c.person()));
    return BigDecimal.valueOf(persons.size());
  }

  private static BigDecimal sum(List<Contribution> contributions, ProjectMeasure measure) {
    return contributions.stream().filter(c -> c.measure() == measure).map(Contribution::amount)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** The project's unit an order or payment of this unit counts for: itself or the nearest above it, else the owner. */
  private static String unitOf(Project project, List<String> projectUnits, String unit) {
    if (unit == null) {
      return project.owningUnit();
    }
    if (projectUnits.contains(unit)) {
      return unit;
    }
    for (String above : OrganisationUnits.ancestorCodes(unit)) {
      if (projectUnits.contains(above)) {
        return above;
      }
    }
    return project.owningUnit();
  }

  private String name(String unit) {
    return units.find(unit).map(OrganisationUnit::name).orElse(unit);
  }

  /** For the page: the measures in order of the enum, by key (labels). */
  public static Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    for (ProjectMeasure measure : ProjectMeasure.values()) {
      labels.put(measure.key(), measure.label());
    }
    return labels;
  }
}
