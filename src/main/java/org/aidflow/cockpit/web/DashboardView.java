package org.aidflow.cockpit.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.aidflow.cockpit.report.CockpitFilter;
import org.aidflow.cockpit.report.CockpitIndicators;
import org.aidflow.cockpit.report.Indicator;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.servicelevel.ServiceLevelStep;
import org.aidflow.shared.CaseStage;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.shared.Organisation;
import org.aidflow.shared.Regions;

/**
 * What the dashboard's templates (templates/cockpit/) print: every figure already in words (docs/words.md) — channels,
 * categories, regions, stages and units by name, money as 3,000,000.00 (万元 on the tiles), times as 2026-12-02
 * 23:28 — and every chart's geometry ({@link BarChart}, {@link Gauge}). The templates escape all of it (th:text); the
 * raw figures go to {@code data-*} attributes so that a browser test can compare them with the API.
 */
public final class DashboardView {

  static final String PATH = CockpitDashboardController.PATH;
  private static final String INSTANCE_VIEW = "/camunda/app/cockpit/default/#/process-instance/";
  private static final Map<String, String> STAGE_NAMES = Arrays.stream(CaseStage.values())
      .collect(Collectors.toMap(CaseStage::name, CaseStage::label));

  private DashboardView() {
  }

  /** A bar of a matching degree, {@link #WIDTH} wide at 100 % and beyond. */
  public record Gauge(long width, boolean full) {
    public static final int WIDTH = 160;

    static Gauge of(BigDecimal degree) {
      if (degree == null) {
        return null;
      }
      double share = Math.min(1, Math.max(0, degree.doubleValue()));
      return new Gauge(Math.round(WIDTH * share), share >= 1);
    }

    public int total() {
      return WIDTH;
    }
  }

  /** One indicator as a tile: the figure, target and 匹配度 as shown, and raw for the data attributes. */
  public record Tile(String key, String label, String value, String target, String degree, String rawValue,
      String rawTarget, String rawDegree, Gauge gauge) {

    static Tile of(String key, CockpitIndicators.Figure figure) {
      return new Tile(key, figure.label(), shown(figure.value(), figure.unit()),
          figure.target() == null ? "—" : shown(figure.target(), figure.unit()), percent(figure.matchingDegree()),
          raw(figure.value()), raw(figure.target()), raw(figure.matchingDegree()), Gauge.of(figure.matchingDegree()));
    }
  }

  public record Option(String value, String label, boolean selected) {
  }

  public record Filters(List<Option> orgs, List<Option> units, List<Option> regions, String from, String to) {
  }

  public record StepRow(String code, String label, String href, long overdue, long breached, long completed,
      long onTime, String onTimeRate) {
  }

  public record CountRow(String code, String name, long count) {
  }

  public record FundRow(String code, String unit, String orgName, String name, int year, String budget,
      String disbursed, String left) {
  }

  /** A chart of cases received by one dimension. */
  public record Section(String id, String title, BarChart chart) {
  }

  public record Dashboard(Filters filters, List<Tile> tiles, BarChart perMonth, BarChart openByStage,
      List<StepRow> steps, List<CountRow> perOrg, List<CountRow> perUnit, List<FundRow> funds,
      List<Section> received, String asOf, String csvHref) {
  }

  public record OverdueRow(String caseNumber, String href, String orgName, String stepLabel, String dueAt) {
  }

  public record Overdue(String step, String backHref, List<OverdueRow> rows, boolean truncated, int listed) {
  }

  /** One unit's figure of one indicator in the comparison. */
  public record UnitFigure(String unit, String name, String region, String value, String target, String degree,
      String rawValue, String rawTarget, String rawDegree, Gauge gauge) {
  }

  public record IndicatorRows(String key, String label, List<UnitFigure> units) {
  }

  public record Comparison(int year, List<IndicatorRows> indicators, String asOf) {
  }

  // ------------------------------------------------------------------ the overview

  /**
   * The dashboard of a report: {@code units} are those the viewer may choose (code → Chinese name), {@code unit} the
   * one chosen, if any; {@code query} the filter as given, for the links that keep it.
   */
  static Dashboard dashboard(CockpitIndicators.Report report, String unit, Map<String, String> units, String query) {
    List<Tile> tiles = new ArrayList<>();
    report.indicators().forEach((key, figure) -> tiles.add(Tile.of(key, figure)));
    List<StepRow> steps = new ArrayList<>();
    report.steps().forEach((code, step) -> steps.add(new StepRow(code, step.label(),
        PATH + "/overdue?step=" + code + (query.isEmpty() ? "" : "&" + query), step.overdue(), step.breached(),
        step.completed(), step.onTime(), percent(step.onTimeRate()))));
    List<CountRow> perOrg = new ArrayList<>();
    report.received().get("byOrg").forEach((org, count) -> perOrg.add(new CountRow(org, orgName(org), count)));
    List<CountRow> perUnit = new ArrayList<>();
    report.received().get("byUnit").forEach((code, count) -> perUnit.add(new CountRow(code, unitName(code, units),
        count)));
    List<FundRow> funds = report.funds().stream().map(fund -> new FundRow(fund.code(), fund.unit(),
        orgName(fund.org()), fund.name(), fund.year(), IntakeVocabulary.amountText(fund.budget()),
        IntakeVocabulary.amountText(fund.disbursed()), IntakeVocabulary.amountText(fund.left()))).toList();
    List<Section> received = List.of(
        section("byChannel", "按渠道受理", report, IntakeVocabulary::channelName),
        section("byCategory", "按类别受理", report, IntakeVocabulary::categoryName),
        section("byRegion", "按地区受理", report, Regions::prefixName));
    return new Dashboard(filters(report.filter(), unit, units), tiles,
        BarChart.of("month", report.received().get("byMonth"), UnaryOperator.identity()),
        BarChart.of("stage", report.openByStage(), code -> STAGE_NAMES.getOrDefault(code, code)), steps, perOrg,
        perUnit, funds, received, IntakeVocabulary.dateTime(report.asOf()),
        PATH + "/report.csv" + (query.isEmpty() ? "" : "?" + query));
  }

  private static Section section(String dimension, String title, CockpitIndicators.Report report,
      UnaryOperator<String> names) {
    return new Section("received-" + dimension, title, BarChart.of(dimension, report.received().get(dimension),
        code -> code == null ? "" : names.apply(code)));
  }

  private static Filters filters(CockpitFilter filter, String unit, Map<String, String> units) {
    List<Option> orgs = new ArrayList<>();
    for (Organisation org : Organisation.values()) {
      orgs.add(new Option(org.code(), org.chineseName(), filter.orgs() != null && filter.orgs().size() == 1
          && filter.orgs().contains(org.code())));
    }
    List<Option> unitOptions = new ArrayList<>();
    units.forEach((code, name) -> unitOptions.add(new Option(code, name, code.equals(unit))));
    // the region by name; the value is the GB/T 2260 prefix the filter takes (33, 3301, 330106)
    List<Option> regions = new ArrayList<>();
    String chosen = filter.region();
    boolean listed = chosen == null;
    for (String code : Regions.all().keySet()) {
      String prefix = code.endsWith("0000") ? code.substring(0, 2) : code.endsWith("00") ? code.substring(0, 4) : code;
      listed |= prefix.equals(chosen);
      regions.add(new Option(prefix, Regions.prefixName(prefix), prefix.equals(chosen)));
    }
    if (!listed) {
      regions.add(new Option(chosen, Regions.prefixName(chosen), true));
    }
    return new Filters(orgs, unitOptions, regions, filter.from().toString(), filter.to().toString());
  }

  // ------------------------------------------------------------------ the late cases of one step

  static Overdue overdue(ServiceLevelStep step, List<CockpitIndicators.OverdueStep> late, String query) {
    List<OverdueRow> rows = late.stream().map(item -> new OverdueRow(item.caseNumber(),
        item.processInstanceId() == null ? null : INSTANCE_VIEW + item.processInstanceId(), orgName(item.org()),
        item.stepLabel(), IntakeVocabulary.dateTime(item.dueAt()))).toList();
    return new Overdue(step.code(), PATH + (query.isEmpty() ? "" : "?" + query), rows,
        late.size() == CockpitIndicators.MAX_OVERDUE_LISTED, CockpitIndicators.MAX_OVERDUE_LISTED);
  }

  // ------------------------------------------------------------------ the per-unit comparison

  /**
   * The indicators that have a target in at least one of the units, each with every unit's actual, target and
   * 匹配度; the units in the order of their region codes.
   */
  static Comparison comparison(int year, List<OrganisationUnit> units, Map<String, CockpitIndicators.Report> reports,
      String asOf) {
    List<OrganisationUnit> ordered = units.stream()
        .sorted(Comparator.comparing(OrganisationUnit::region).thenComparing(OrganisationUnit::code)).toList();
    List<IndicatorRows> rows = new ArrayList<>();
    for (Indicator indicator : Indicator.values()) {
      boolean targeted = reports.values().stream().map(r -> r.indicators().get(indicator.key()))
          .anyMatch(f -> f != null && f.target() != null);
      if (!targeted) {
        continue;
      }
      List<UnitFigure> figures = new ArrayList<>();
      for (OrganisationUnit unit : ordered) {
        CockpitIndicators.Figure figure = reports.get(unit.code()).indicators().get(indicator.key());
        if (figure == null) {
          continue;
        }
        figures.add(new UnitFigure(unit.code(), unit.name() + (unit.active() ? "" : "（已停用）"),
            Regions.prefixName(unit.region()), shown(figure.value(), figure.unit()),
            figure.target() == null ? "—" : shown(figure.target(), figure.unit()), percent(figure.matchingDegree()),
            raw(figure.value()), raw(figure.target()), raw(figure.matchingDegree()),
            Gauge.of(figure.matchingDegree())));
      }
      rows.add(new IndicatorRows(indicator.key(), indicator.label(), figures));
    }
    return new Comparison(year, rows, asOf);
  }

  // ------------------------------------------------------------------ figures in words

  private static String raw(BigDecimal value) {
    return value == null ? "" : value.toPlainString();
  }

  /** A figure as the tiles show it: 83.3% for a rate, 120 件 for a count, 1,185.63 万元 for money, — for none. */
  static String shown(BigDecimal value, String unit) {
    if (value == null) {
      return "—";
    }
    if ("%".equals(unit)) {
      return percent(value);
    }
    if ("元".equals(unit)) {
      return IntakeVocabulary.tenThousandYuan(value);
    }
    return value.toPlainString() + " " + unit;
  }

  static String percent(BigDecimal fraction) {
    return fraction == null ? "—"
        : fraction.multiply(BigDecimal.valueOf(100)).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
  }

  /**
   * A unit by its name; one the viewer's list does not name (a unit closed or of the history only) by its region and
   * organisation, e.g. union-330102 → 浙江省杭州市上城区总工会.
   */
  private static String unitName(String code, Map<String, String> units) {
    String name = units.get(code);
    if (name != null) {
      return name;
    }
    int dash = code.indexOf('-');
    if (dash > 0 && code.substring(dash + 1).matches("\\d{2}|\\d{4}|\\d{6}")) {
      return Regions.prefixName(code.substring(dash + 1)) + orgName(code.substring(0, dash));
    }
    return orgName(code);
  }

  private static String orgName(String code) {
    return IntakeVocabulary.organisationName(code);
  }

  /** A query string of the filter's parameters as given, values URL-encoded (the templates escape it for HTML). */
  static String query(Map<String, String> parameters) {
    List<String> parts = new ArrayList<>();
    parameters.forEach((name, value) -> {
      if (value != null && !value.isBlank()) {
        parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    });
    return String.join("&", parts);
  }

  /** The parameters of a dashboard filter, in the order the links carry them. */
  static Map<String, String> parameters(String org, String region, String unit, String year, String from, String to) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("org", org);
    parameters.put("region", region);
    parameters.put("unit", unit);
    parameters.put("year", year);
    parameters.put("from", from);
    parameters.put("to", to);
    return parameters;
  }
}
