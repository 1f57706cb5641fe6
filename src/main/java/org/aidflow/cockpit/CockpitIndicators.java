package org.aidflow.cockpit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jakarta.annotation.PreDestroy;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.CaseStage;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The cockpit's indicators, each an SQL aggregation over the projections (and the fund ledger), for the cases
 * received in the filter's period, of its organisations and region. Case figures count by the intake organisation,
 * referral figures (acceptance, plan, delivery, cash, wages) by the referral's organisation.
 */
@Service
public class CockpitIndicators {

  /** Rates are fractions with this many decimals (0.8333). */
  private static final int RATE_SCALE = 4;
  /** The drill-down lists at most this many late steps. */
  static final int MAX_OVERDUE_LISTED = 500;

  private static final String OPEN_BY_STAGE = "openByStage";
  /** Threads for a report's independent statements, each on a connection of its own. */
  private static final int PARALLEL_STATEMENTS = 4;

  private final NamedParameterJdbcTemplate jdbc;
  private final CockpitTargets targets;
  private final Clock clock;
  private final boolean groupingSets;
  private final ExecutorService parallel = Executors.newFixedThreadPool(PARALLEL_STATEMENTS, runnable -> {
    Thread thread = new Thread(runnable, "cockpit-indicators");
    thread.setDaemon(true);
    return thread;
  });

  public CockpitIndicators(NamedParameterJdbcTemplate jdbc, CockpitTargets targets, Clock clock) {
    this.jdbc = jdbc;
    this.targets = targets;
    this.clock = clock;
    this.groupingSets = Boolean.TRUE.equals(jdbc.getJdbcTemplate().execute((ConnectionCallback<Boolean>) connection ->
        connection.getMetaData().getDatabaseProductName().startsWith("PostgreSQL")));
  }

  @PreDestroy
  void stop() {
    parallel.shutdownNow();
  }

  /** One indicator's figure with its target and matching degree (匹配度 = actual / target), where there is one. */
  public record Figure(String label, String unit, BigDecimal value, BigDecimal target, BigDecimal matchingDegree) {
  }

  /** A service-level step: late now, ever escalated, completed, completed in time, and the on-time rate. */
  public record StepFigures(String label, long overdue, long breached, long completed, long onTime,
      BigDecimal onTimeRate) {
  }

  /** A fund of the period's year(s): budget, paid out in the period, and what is left to promise now. */
  public record FundFigures(String org, String code, String name, int year, BigDecimal budget, BigDecimal disbursed,
      BigDecimal left) {
  }

  /** A late step for the drill-down, with the process instance to open in Cockpit. */
  public record OverdueStep(String caseNumber, String org, String step, String stepLabel, LocalDateTime dueAt,
      String processInstanceId) {
  }

  public record Report(CockpitFilter filter, LocalDateTime asOf, Map<String, Figure> indicators,
      Map<String, Map<String, Long>> received, Map<String, Long> openByStage, Map<String, StepFigures> steps,
      List<FundFigures> funds) {
  }

  public Report report(CockpitFilter filter) {
    try {
      return reportOf(filter);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    }
  }

  private Report reportOf(CockpitFilter filter) throws InterruptedException, ExecutionException {
    MapSqlParameterSource params = params(filter);
    String cases = "FROM cockpit_case WHERE " + where(filter, "intake_org");
    String referrals = "FROM cockpit_referral WHERE " + where(filter, "org");

    // the five statements are independent: run on connections of their own, side by side
    Future<Map<String, Map<String, Long>>> dimensions = parallel.submit(() -> dimensions(filter, cases, params));
    Future<List<FundFigures>> funds = parallel.submit(() -> funds(filter));
    Future<Map<String, Object>> caseTotalsQuery = parallel.submit(() -> jdbc.queryForMap("SELECT COUNT(*) AS received,"
        + " SUM(CASE WHEN stage <> 'CLOSED' THEN 1 ELSE 0 END) AS open_cases,"
        + " SUM(CASE WHEN stage = 'CLOSED' THEN 1 ELSE 0 END) AS closed,"
        + " SUM(CASE WHEN stage = 'CLOSED' AND aid_delivered THEN 1 ELSE 0 END) AS closed_with_aid,"
        + " SUM(CASE WHEN stage = 'CLOSED' AND aid_delivered AND closure_reason = 'RESOLVED' THEN 1 ELSE 0 END)"
        + " AS resolved_with_aid,"
        + " AVG(CAST(satisfaction AS NUMERIC(6, 4))) AS satisfaction,"
        + " PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY days_to_first_delivery) AS median_days,"
        + " PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY days_to_first_delivery) AS p90_days,"
        + " SUM(CASE WHEN verification_due_at < :now AND verification_done_at IS NULL AND closed_at IS NULL"
        + " THEN 1 ELSE 0 END) AS verification_overdue,"
        + " SUM(CASE WHEN verification_breached THEN 1 ELSE 0 END) AS verification_breached,"
        + " SUM(CASE WHEN verification_done_at IS NOT NULL AND verification_due_at IS NOT NULL THEN 1 ELSE 0 END)"
        + " AS verification_completed,"
        + " SUM(CASE WHEN verification_done_at <= verification_due_at THEN 1 ELSE 0 END) AS verification_on_time "
        + cases, params));

    StringBuilder referralSql = new StringBuilder("SELECT COALESCE(SUM(cash_disbursed), 0) AS cash,"
        + " COALESCE(SUM(wages_recovered), 0) AS wages");
    for (ServiceLevelStep step : ServiceLevelStep.values()) {
      if (step.onCase()) {
        continue;
      }
      String s = step.code();
      referralSql.append(", SUM(CASE WHEN ").append(step.dueColumn()).append(" < :now AND ").append(step.doneColumn())
          .append(" IS NULL AND ended_at IS NULL THEN 1 ELSE 0 END) AS ").append(s).append("_overdue")
          .append(", SUM(CASE WHEN ").append(step.breachedColumn()).append(" THEN 1 ELSE 0 END) AS ").append(s)
          .append("_breached")
          .append(", SUM(CASE WHEN ").append(step.doneColumn()).append(" IS NOT NULL AND ").append(step.dueColumn())
          .append(" IS NOT NULL THEN 1 ELSE 0 END) AS ").append(s).append("_completed")
          .append(", SUM(CASE WHEN ").append(step.doneColumn()).append(" <= ").append(step.dueColumn())
          .append(" THEN 1 ELSE 0 END) AS ").append(s).append("_on_time");
    }
    // distinct persons by grouping (a hash aggregate) rather than COUNT(DISTINCT), which sorts every row
    Future<Map<String, Object>> people = parallel.submit(() -> jdbc.queryForMap("SELECT COUNT(*) AS beneficiaries,"
        + " COALESCE(SUM(new_form), 0) AS new_employment FROM (SELECT person_hash, MAX(CASE WHEN new_employment_form"
        + " THEN 1 ELSE 0 END) AS new_form " + cases + " AND aid_delivered GROUP BY person_hash) people", params));
    String referralTotalsSql = referralSql.append(' ').append(referrals).toString();
    Map<String, Object> referralTotals = jdbc.queryForMap(referralTotalsSql, params);
    Map<String, Object> caseTotals = new org.springframework.util.LinkedCaseInsensitiveMap<>();
    caseTotals.putAll(caseTotalsQuery.get());
    caseTotals.putAll(people.get());

    Map<String, StepFigures> steps = new LinkedHashMap<>();
    long overdue = 0;
    for (ServiceLevelStep step : ServiceLevelStep.values()) {
      Map<String, Object> totals = step.onCase() ? caseTotals : referralTotals;
      String s = step.code();
      long completed = count(totals, s + "_completed");
      long onTime = count(totals, s + "_on_time");
      StepFigures figures = new StepFigures(step.chineseName(), count(totals, s + "_overdue"),
          count(totals, s + "_breached"), completed, onTime, ratio(onTime, completed));
      steps.put(s, figures);
      overdue += figures.overdue();
    }

    Integer year = filter.targetYear();
    Map<String, Figure> indicators = new LinkedHashMap<>();
    long received = count(caseTotals, "received");
    put(indicators, year, Indicator.CASES_RECEIVED, BigDecimal.valueOf(received));
    put(indicators, year, Indicator.OPEN_CASES, BigDecimal.valueOf(count(caseTotals, "open_cases")));
    put(indicators, year, Indicator.OVERDUE_STEPS, BigDecimal.valueOf(overdue));
    put(indicators, year, Indicator.CLOSURE_RATE, ratio(count(caseTotals, "closed"), received));
    put(indicators, year, Indicator.RESOLUTION_RATE,
        ratio(count(caseTotals, "resolved_with_aid"), count(caseTotals, "closed_with_aid")));
    put(indicators, year, Indicator.MEDIAN_DAYS_TO_FIRST_DELIVERY, decimal(caseTotals.get("median_days"), 2));
    put(indicators, year, Indicator.P90_DAYS_TO_FIRST_DELIVERY, decimal(caseTotals.get("p90_days"), 2));
    put(indicators, year, Indicator.DISTINCT_BENEFICIARIES, BigDecimal.valueOf(count(caseTotals, "beneficiaries")));
    put(indicators, year, Indicator.CASH_DISBURSED, decimal(referralTotals.get("cash"), 2));
    put(indicators, year, Indicator.AVERAGE_SATISFACTION, decimal(caseTotals.get("satisfaction"), 2));
    put(indicators, year, Indicator.WAGES_RECOVERED, decimal(referralTotals.get("wages"), 2));
    put(indicators, year, Indicator.NEW_EMPLOYMENT_WORKERS_SERVED,
        BigDecimal.valueOf(count(caseTotals, "new_employment")));
    for (ServiceLevelStep step : ServiceLevelStep.values()) {
      put(indicators, year, Indicator.onTimeRateOf(step), steps.get(step.code()).onTimeRate());
    }

    Map<String, Map<String, Long>> byDimension = new LinkedHashMap<>();
    Map<String, Long> openByStage = new LinkedHashMap<>();
    for (CaseStage stage : CaseStage.values()) {
      if (stage != CaseStage.CLOSED) {
        openByStage.put(stage.name(), 0L);
      }
    }
    Map<String, Map<String, Long>> grouped = dimensions.get();
    for (String dimension : List.of("byMonth", "byChannel", "byCategory", "byOrg", "byRegion")) {
      byDimension.put(dimension, grouped.get(dimension));
    }
    openByStage.putAll(grouped.get(OPEN_BY_STAGE));
    return new Report(filter, now(), indicators, byDimension, openByStage, steps, funds.get());
  }

  /** The period's funds of the filter's organisations: paid out in the period, left to promise now. */
  List<FundFigures> funds(CockpitFilter filter) {
    MapSqlParameterSource params = params(filter)
        .addValue("firstYear", filter.from().getYear()).addValue("lastYear", filter.to().getYear());
    return jdbc.query("SELECT f.org, f.code, f.name, f.fund_year, f.budget,"
            + " COALESCE(SUM(CASE WHEN e.kind = 'DISBURSE' AND e.created_at >= :start AND e.created_at < :end"
            + " THEN e.amount ELSE 0 END), 0) AS disbursed,"
            + " f.budget - COALESCE(SUM(CASE e.kind WHEN 'RESERVE' THEN e.amount WHEN 'RELEASE' THEN -e.amount"
            + " ELSE 0 END), 0) AS budget_left"
            + " FROM fund f LEFT JOIN ledger_entry e ON e.fund_code = f.code AND e.fund_year = f.fund_year"
            + " WHERE f.fund_year BETWEEN :firstYear AND :lastYear" + (filter.orgs() == null ? "" : " AND f.org IN (:orgs)")
            + " GROUP BY f.org, f.code, f.name, f.fund_year, f.budget ORDER BY f.org, f.code, f.fund_year", params,
        (rs, row) -> new FundFigures(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
            rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7)));
  }

  /** The steps late now, oldest due first, for the drill-down from an overdue count. */
  public List<OverdueStep> overdue(CockpitFilter filter, ServiceLevelStep step) {
    MapSqlParameterSource params = params(filter).addValue("limit", MAX_OVERDUE_LISTED);
    String orgColumn = step.orgColumn();
    return jdbc.query("SELECT case_number, " + orgColumn + ", " + step.dueColumn() + ", process_instance_id FROM "
            + step.table() + " WHERE " + where(filter, orgColumn) + " AND " + step.dueColumn() + " < :now AND "
            + step.doneColumn() + " IS NULL AND " + step.endedColumn() + " IS NULL ORDER BY " + step.dueColumn()
            + ", case_number LIMIT :limit", params,
        (rs, row) -> new OverdueStep(rs.getString(1), rs.getString(2), step.code(), step.chineseName(),
            local(rs.getTimestamp(3)), rs.getString(4)));
  }

  /**
   * Cases received by month, channel, organisation and region, open ones by stage, and received by category. On
   * PostgreSQL the first five come from one scan (GROUPING SETS); H2, the demo's database, has none.
   */
  private Map<String, Map<String, Long>> dimensions(CockpitFilter filter, String cases, MapSqlParameterSource params) {
    Map<String, Map<String, Long>> grouped = new LinkedHashMap<>();
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("byMonth", "received_month");
    columns.put("byChannel", "channel");
    columns.put("byOrg", "intake_org");
    columns.put("byRegion", "region");
    columns.put(OPEN_BY_STAGE, "open_stage");
    String rows = "(SELECT received_month, channel, intake_org, region, CASE WHEN stage <> 'CLOSED' THEN stage END"
        + " AS open_stage " + cases + ") received";
    if (groupingSets) {
      columns.keySet().forEach(dimension -> grouped.put(dimension, new java.util.TreeMap<>()));
      jdbc.query("SELECT received_month, channel, intake_org, region, open_stage, GROUPING(received_month) AS g_month,"
          + " GROUPING(channel) AS g_channel, GROUPING(intake_org) AS g_org, GROUPING(region) AS g_region,"
          + " GROUPING(open_stage) AS g_stage, COUNT(*) AS n FROM " + rows + " GROUP BY GROUPING SETS"
          + " ((received_month), (channel), (intake_org), (region), (open_stage))", params, rs -> {
            String[] groupings = {"g_month", "g_channel", "g_org", "g_region", "g_stage"};
            int i = 0;
            for (Map.Entry<String, String> column : columns.entrySet()) {
              String key = rs.getString(column.getValue());
              if (rs.getInt(groupings[i++]) == 0 && key != null) {
                grouped.get(column.getKey()).put(key, rs.getLong("n"));
              }
            }
          });
    } else {
      columns.forEach((dimension, column) -> grouped.put(dimension, grouped(column, "FROM " + rows + " WHERE "
          + column + " IS NOT NULL", params)));
    }
    grouped.put("byCategory", grouped("category", "FROM cockpit_case_category WHERE " + where(filter, "intake_org"),
        params));
    return grouped;
  }

  private Map<String, Long> grouped(String column, String from, MapSqlParameterSource params) {
    Map<String, Long> counts = new LinkedHashMap<>();
    jdbc.query("SELECT " + column + ", COUNT(*) " + from + " GROUP BY " + column + " ORDER BY " + column, params,
        rs -> {
          counts.put(rs.getString(1), rs.getLong(2));
        });
    return counts;
  }

  /** The filter as SQL over a projection whose organisation column is the given one. */
  private static String where(CockpitFilter filter, String orgColumn) {
    List<String> conditions = new ArrayList<>();
    conditions.add("received_at >= :start AND received_at < :end");
    if (filter.orgs() != null) {
      conditions.add(orgColumn + " IN (:orgs)");
    }
    if (filter.region() != null) {
      conditions.add("region LIKE :region");
    }
    return String.join(" AND ", conditions);
  }

  private MapSqlParameterSource params(CockpitFilter filter) {
    return new MapSqlParameterSource()
        .addValue("start", timestamp(filter.start()))
        .addValue("end", timestamp(filter.end()))
        .addValue("orgs", filter.orgs())
        .addValue("region", filter.region() == null ? null : filter.region() + "%")
        .addValue("now", Timestamp.from(clock.instant()));
  }

  private void put(Map<String, Figure> indicators, Integer year, Indicator indicator, BigDecimal value) {
    BigDecimal target = year == null ? null : targets.of(year, indicator).orElse(null);
    BigDecimal degree = value == null || target == null || target.signum() == 0 ? null
        : value.divide(target, RATE_SCALE, RoundingMode.HALF_UP);
    indicators.put(indicator.key(), new Figure(indicator.label(), indicator.unit(), value, target, degree));
  }

  private static long count(Map<String, Object> row, String column) {
    Object value = row.get(column);
    return value == null ? 0 : ((Number) value).longValue();
  }

  private static BigDecimal ratio(long part, long whole) {
    return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), RATE_SCALE,
        RoundingMode.HALF_UP);
  }

  private static BigDecimal decimal(Object value, int scale) {
    if (value == null) {
      return null;
    }
    BigDecimal decimal = value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
    return decimal.setScale(scale, RoundingMode.HALF_UP);
  }

  private static Timestamp timestamp(LocalDateTime chinaTime) {
    return Timestamp.from(chinaTime.atZone(AidFlowConfiguration.ZONE).toInstant());
  }

  private static LocalDateTime local(Timestamp timestamp) {
    return timestamp == null ? null : LocalDateTime.ofInstant(timestamp.toInstant(), AidFlowConfiguration.ZONE);
  }

  private LocalDateTime now() {
    return LocalDateTime.now(clock).withNano(0);
  }
}
