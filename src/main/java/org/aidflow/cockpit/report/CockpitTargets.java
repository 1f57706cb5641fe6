package org.aidflow.cockpit.report;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.aidflow.shared.Organisation;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The cockpit's targets per year, unit and indicator (table cockpit_target, V26; rates as fractions). A report's
 * target is that of the units in view: the filter's units, or without them the province units of its organisations
 * (a province unit's target covers its organisation). Counts and sums add the units' targets; a rate, an average or a
 * number of days has a target only where the units in view that hold one agree on it.
 */
@Component
public class CockpitTargets {

  /** One unit's target of one indicator for one year. */
  public record Target(int year, String unit, String indicator, BigDecimal target) {
  }

  private final NamedParameterJdbcTemplate jdbc;
  private final Clock clock;

  public CockpitTargets(NamedParameterJdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The units whose targets a report of this filter measures against. */
  private static List<String> unitsInView(CockpitFilter filter) {
    if (filter.units() != null) {
      return filter.units();
    }
    List<String> orgs = filter.orgs() != null ? filter.orgs() : List.copyOf(Organisation.codes());
    return orgs.stream().map(Organisation::provinceUnit).toList();
  }

  /** The targets of a filter's year and units, by indicator JSON name; empty without a single year. */
  public Map<String, BigDecimal> of(CockpitFilter filter) {
    Integer year = filter.targetYear();
    List<String> units = unitsInView(filter);
    Map<String, BigDecimal> targets = new HashMap<>();
    if (year == null || units.isEmpty()) {
      return targets;
    }
    Map<String, BigDecimal> sums = new HashMap<>();
    Map<String, Set<BigDecimal>> distinct = new HashMap<>();
    jdbc.query("SELECT indicator, target FROM cockpit_target WHERE target_year = :year AND unit IN (:units)",
        new MapSqlParameterSource("year", year).addValue("units", units), rs -> {
          String indicator = rs.getString(1);
          BigDecimal target = rs.getBigDecimal(2).stripTrailingZeros();
          sums.merge(indicator, target, BigDecimal::add);
          distinct.computeIfAbsent(indicator, k -> new TreeSet<>()).add(target);
        });
    for (Map.Entry<String, BigDecimal> sum : sums.entrySet()) {
      Indicator indicator = Indicator.ofKey(sum.getKey()).orElse(null);
      if (indicator == null) {
        continue;
      }
      if (indicator.additive()) {
        targets.put(sum.getKey(), plain(sum.getValue()));
      } else if (distinct.get(sum.getKey()).size() == 1) {
        targets.put(sum.getKey(), plain(distinct.get(sum.getKey()).iterator().next()));
      }
    }
    return targets;
  }

  /** The targets of a year, of some units (null: all), ordered by unit and indicator. */
  public List<Target> list(int year, List<String> units) {
    if (units != null && units.isEmpty()) {
      return List.of();
    }
    MapSqlParameterSource params = new MapSqlParameterSource("year", year).addValue("units", units);
    List<Target> list = new ArrayList<>();
    jdbc.query("SELECT target_year, unit, indicator, target FROM cockpit_target WHERE target_year = :year"
        + (units == null ? "" : " AND unit IN (:units)") + " ORDER BY unit, indicator", params,
        rs -> {
          list.add(new Target(rs.getInt(1), rs.getString(2), rs.getString(3), plain(rs.getBigDecimal(4))));
        });
    return list;
  }

  /** Sets (inserts or replaces) one target. */
  public void put(int year, String unit, Indicator indicator, BigDecimal target, String userId) {
    MapSqlParameterSource params = new MapSqlParameterSource("year", year).addValue("unit", unit)
        .addValue("indicator", indicator.key()).addValue("target", target).addValue("by", userId)
        .addValue("at", Timestamp.from(clock.instant()));
    int updated = jdbc.update("UPDATE cockpit_target SET target = :target, updated_by = :by, updated_at = :at"
        + " WHERE target_year = :year AND unit = :unit AND indicator = :indicator", params);
    if (updated == 0) {
      jdbc.update("INSERT INTO cockpit_target (target_year, unit, indicator, target, updated_by, updated_at)"
          + " VALUES (:year, :unit, :indicator, :target, :by, :at)", params);
    }
  }

  /** Sets the target unless one is set already (demo data never overwrites what supervisors set). */
  public void putIfAbsent(int year, String unit, Indicator indicator, BigDecimal target, String userId) {
    jdbc.update("INSERT INTO cockpit_target (target_year, unit, indicator, target, updated_by, updated_at)"
        + " SELECT :year, :unit, :indicator, :target, :by, :at WHERE NOT EXISTS (SELECT 1 FROM cockpit_target"
        + " WHERE target_year = :year AND unit = :unit AND indicator = :indicator)",
        new MapSqlParameterSource("year", year).addValue("unit", unit).addValue("indicator", indicator.key())
            .addValue("target", target).addValue("by", userId).addValue("at", Timestamp.from(clock.instant())));
  }

  /** A figure without trailing zeros (3000, 0.95), as the API shows it. */
  public static BigDecimal plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}
