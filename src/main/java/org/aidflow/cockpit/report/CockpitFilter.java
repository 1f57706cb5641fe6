package org.aidflow.cockpit.report;

import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.aidflow.shared.Organisation;

/**
 * What the cockpit shows: cases received in [from, to] (months, China time), of some organisations (null = all), a
 * region (a 2-, 4- or 6-digit prefix of the region code; null = all) and some units with every unit below each
 * (null = all): case figures by the case's intake unit, referral figures by the receiving unit. A unit is below
 * another when it is of the same organisation type and its region starts with the other's, so its code starts with
 * the other's code ({@code union-3301} → {@code union-3301}, {@code union-330106}; docs/organisation-units.md).
 */
public record CockpitFilter(List<String> orgs, String region, List<String> units, YearMonth from, YearMonth to) {

  /** A filter value the cockpit refuses, naming the request parameter. */
  public static final class InvalidFilter extends RuntimeException {
    private final String parameter;

    public InvalidFilter(String parameter, String message) {
      super(message);
      this.parameter = parameter;
    }

    public String parameter() {
      return parameter;
    }
  }

  /** The longest period one request may cover. */
  static final int MAX_MONTHS = 60;

  /**
   * From request parameters: {@code org}, {@code region}, and either {@code year} or {@code from}/{@code to}
   * (YYYY-MM); without a period, the current year.
   */
  /** A target's or project's year: four digits, 2000 to 2100; refused naming {@code year} otherwise. */
  public static int year(String year) {
    if (year == null || !year.matches("\\d{4}") || Integer.parseInt(year) < 2000 || Integer.parseInt(year) > 2100) {
      throw new InvalidFilter("year", "year 须为2000至2100之间的四位年份 / year must be four digits, 2000 to 2100");
    }
    return Integer.parseInt(year);
  }

  public static CockpitFilter parse(String org, String region, String year, String from, String to, YearMonth now) {
    return parse(org, region, null, year, from, to, now);
  }

  /** As {@link #parse(String, String, String, String, String, YearMonth)}, with a {@code unit} code. */
  public static CockpitFilter parse(String org, String region, String unit, String year, String from, String to,
      YearMonth now) {
    boolean unitGiven = unit != null && !unit.isBlank();
    if (unitGiven && !(unit.matches("[a-z]+-\\d{2}(\\d{2}){0,2}")
        && Organisation.codes().contains(unit.substring(0, unit.indexOf('-'))))) {
      throw new InvalidFilter("unit", "unit 须为单位代码，如 union-3301 / unit must be a unit code such as union-3301");
    }
    if (org != null && !org.isBlank() && !Organisation.codes().contains(org)) {
      throw new InvalidFilter("org", "org 须为 " + String.join("、", Organisation.codes()) + " 之一 / org must be one of "
          + String.join(", ", Organisation.codes()));
    }
    if (region != null && !region.isBlank() && !region.matches("\\d{2}|\\d{4}|\\d{6}")) {
      throw new InvalidFilter("region", "region 须为2、4或6位行政区划代码 / region must be a 2, 4 or 6-digit region code");
    }
    YearMonth start;
    YearMonth end;
    if (year != null && !year.isBlank()) {
      if (from != null || to != null) {
        throw new InvalidFilter("year", "year 与 from/to 不能同时使用 / give either year or from and to");
      }
      if (!year.matches("\\d{4}")) {
        throw new InvalidFilter("year", "year 须为四位年份 / year must be four digits");
      }
      start = YearMonth.of(Integer.parseInt(year), 1);
      end = YearMonth.of(Integer.parseInt(year), 12);
    } else if (from != null || to != null) {
      // one of them alone is a single month
      YearMonth given = from == null ? null : month("from", from);
      YearMonth until = to == null ? null : month("to", to);
      start = given == null ? until : given;
      end = until == null ? given : until;
      if (end.isBefore(start)) {
        throw new InvalidFilter("to", "to 不能早于 from / to must not be before from");
      }
    } else {
      start = YearMonth.of(now.getYear(), 1);
      end = YearMonth.of(now.getYear(), 12);
    }
    if (start.plusMonths(MAX_MONTHS - 1).isBefore(end)) {
      throw new InvalidFilter("to", "期间不能超过" + MAX_MONTHS + "个月 / the period may cover at most " + MAX_MONTHS
          + " months");
    }
    return new CockpitFilter(org == null || org.isBlank() ? null : List.of(org),
        region == null || region.isBlank() ? null : region, unitGiven ? List.of(unit) : null, start, end);
  }

  private static YearMonth month(String parameter, String value) {
    try {
      YearMonth month = YearMonth.parse(value);
      if (month.getYear() < 2000 || month.getYear() > 2100) {
        throw new DateTimeParseException("out of range", value, 0);
      }
      return month;
    } catch (DateTimeParseException e) {
      throw new InvalidFilter(parameter, parameter + " 须为 YYYY-MM 格式的月份 / " + parameter + " must be a month YYYY-MM");
    }
  }

  public CockpitFilter withOrgs(List<String> allowed) {
    return new CockpitFilter(allowed, region, units, from, to);
  }

  public CockpitFilter withUnits(List<String> allowed) {
    return new CockpitFilter(orgs, region, allowed, from, to);
  }

  /** Whether a unit lies within one of the filter's units (itself or below it); any unit when there are none. */
  public boolean covers(String unit) {
    return units == null || units.stream().anyMatch(unit::startsWith);
  }

  /** Start of the period, inclusive, in China time. */
  public LocalDateTime start() {
    return from.atDay(1).atStartOfDay();
  }

  /** End of the period, exclusive. */
  public LocalDateTime end() {
    return to.plusMonths(1).atDay(1).atStartOfDay();
  }

  /** The year of the targets, when the period lies within one year. */
  public Integer targetYear() {
    return from.getYear() == to.getYear() ? from.getYear() : null;
  }
}
