package org.aidflow.cockpit.report;

import jakarta.annotation.PreDestroy;
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
import org.aidflow.servicelevel.ServiceLevelStep;
import org.aidflow.serviceorder.ServiceOrders;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.CaseStage;
import org.aidflow.shared.Databases;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Service;

/**
 * The cockpit's indicators for the cases received in the filter's period, of its organisations and region. Case
 * figures count by the intake organisation, referral figures (acceptance, plan, delivery, cash, wages) by the
 * referral's organisation. Counts and sums add up the rollups (V11, {@link CockpitRollup}: a few thousand rows a
 * year); what depends on the time of the request (late steps) counts the open rows; distinct persons and the median
 * and p90 days to first delivery read the aid-delivered rows (index-only on PostgreSQL). All figures are exact.
 */
@Service
public class CockpitIndicators {

  /** Rates are fractions with this many decimals (0.8333). */
  private static final int RATE_SCALE = 4;
  /** The drill-down lists at most this many late steps. */
  public static final int MAX_OVERDUE_LISTED = 500;

  private static final String OPEN_BY_STAGE = "openByStage";
  /** Memory for a request's hash of repeat applicants (a year: about 35,000 rows of 64-character hashes). */
  private static final String DETAIL_WORK_MEM = "32MB";
  /** Threads for a report's independent statements, each on a connection of its own. */
  private static final int PARALLEL_STATEMENTS = 4;

  private final NamedParameterJdbcTemplate jdbc;
  private final CockpitTargets targets;
  private final Clock clock;
  private final boolean postgres;
  private final ExecutorService parallel = Executors.newFixedThreadPool(PARALLEL_STATEMENTS, runnable -> {
    Thread thread = new Thread(runnable, "cockpit-indicators");
    thread.setDaemon(true);
    return thread;
  });

  public CockpitIndicators(NamedParameterJdbcTemplate jdbc, CockpitTargets targets, Clock clock) {
    this.jdbc = jdbc;
    this.targets = targets;
    this.clock = clock;
    this.postgres = Databases.isPostgres(jdbc.getJdbcTemplate());
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

  /**
   * A fund of the period's year(s), of the unit it belongs to: budget, paid out in the period, and what is left to
   * promise now.
   */
  public record FundFigures(String org, String unit, String code, String name, int year, BigDecimal budget, BigDecimal disbursed,
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

    // what needs every aid-delivered case (distinct persons, median and p90) runs side by side with the rest
    Future<List<FundFigures>> funds = parallel.submit(() -> funds(filter));
    Future<Map<String, Object>> days = parallel.submit(() -> deliveryDays(filter, cases, params));
    Future<Map<String, Object>> people = parallel.submit(() -> repeatBeneficiaries(cases, params));
    Future<Map<String, Long>> services = parallel.submit(() -> servicesDelivered(filter, params));

    Map<String, Map<String, Long>> grouped = new LinkedHashMap<>();
    Map<String, Object> caseTotals = caseRollup(filter, params, grouped);
    grouped.put("byCategory", grouped("category", "SUM(cases)", "FROM cockpit_category_rollup WHERE "
        + rollupWhere(filter, "intake_org"), params));
    caseTotals.put("verification_overdue", verificationOverdue(cases, params));
    Map<String, Object> referralTotals = referralTotals(filter, referrals, params);
    caseTotals.putAll(days.get());
    caseTotals.putAll(people.get());
    caseTotals.put("beneficiaries", count(caseTotals, "aid_single") + count(caseTotals, "repeat_beneficiaries"));
    caseTotals.put("new_employment", count(caseTotals, "aid_single_new_form")
        + count(caseTotals, "repeat_new_employment"));

    Map<String, StepFigures> steps = stepFigures(caseTotals, referralTotals);
    Map<String, Figure> indicators = indicators(targets.of(filter), caseTotals, referralTotals, steps,
        services.get());
    Map<String, Map<String, Long>> byDimension = new LinkedHashMap<>();
    for (String dimension : List.of("byMonth", "byChannel", "byCategory", "byOrg", "byRegion", "byUnit")) {
      byDimension.put(dimension, grouped.get(dimension));
    }
    return new Report(filter, now(), indicators, byDimension, openByStage(grouped.get(OPEN_BY_STAGE)), steps,
        funds.get());
  }

  /**
   * Distinct persons among the aid-delivered cases: the rollup counts those with one case; those with more are
   * grouped here (a hash aggregate).
   */
  private Map<String, Object> repeatBeneficiaries(String cases, MapSqlParameterSource params) {
    return withMemory("SELECT COUNT(*) AS repeat_beneficiaries,"
        + " COALESCE(SUM(new_form), 0) AS repeat_new_employment FROM (SELECT person_hash, MAX(CASE WHEN"
        + " new_employment_form THEN 1 ELSE 0 END) AS new_form " + cases + " AND aid_delivered AND repeat_person"
        + " GROUP BY person_hash) people", params);
  }

  /**
   * Counts and sums per month, organisation, region, channel and stage, from the case rollup: the totals (received,
   * closed, open, the measures, satisfaction) are returned, the counts per dimension put into {@code grouped}.
   */
  private Map<String, Object> caseRollup(CockpitFilter filter, MapSqlParameterSource params,
      Map<String, Map<String, Long>> grouped) {
    Map<String, Object> caseTotals = new org.springframework.util.LinkedCaseInsensitiveMap<>();
    for (String dimension : List.of("byMonth", "byChannel", "byOrg", "byRegion", "byUnit", OPEN_BY_STAGE)) {
      grouped.put(dimension, new java.util.TreeMap<>());
    }
    String[] measures = {"closed_with_aid", "resolved_with_aid", "aid_single", "aid_single_new_form",
        "satisfaction_sum", "satisfaction_count",
        "verification_breached", "verification_completed", "verification_on_time"};
    long[] sums = new long[measures.length];
    long[] counts = new long[3];
    jdbc.query("SELECT received_month, channel, intake_org, region, unit, stage, cases, " + String.join(", ", measures)
        + " FROM cockpit_case_rollup WHERE " + rollupWhere(filter, "intake_org") + " AND cases <> 0", params, rs -> {
          long n = rs.getLong("cases");
          String stage = rs.getString("stage");
          boolean closed = CaseStage.CLOSED.name().equals(stage);
          counts[0] += n;
          counts[closed ? 1 : 2] += n;
          grouped.get("byMonth").merge(rs.getString("received_month"), n, Long::sum);
          grouped.get("byChannel").merge(rs.getString("channel"), n, Long::sum);
          grouped.get("byOrg").merge(rs.getString("intake_org"), n, Long::sum);
          grouped.get("byRegion").merge(rs.getString("region"), n, Long::sum);
          grouped.get("byUnit").merge(rs.getString("unit"), n, Long::sum);
          if (!closed) {
            grouped.get(OPEN_BY_STAGE).merge(stage, n, Long::sum);
          }
          for (int i = 0; i < measures.length; i++) {
            sums[i] += rs.getLong(measures[i]);
          }
        });
    caseTotals.put("received", counts[0]);
    caseTotals.put("closed", counts[1]);
    caseTotals.put("open_cases", counts[2]);
    for (int i = 0; i < measures.length; i++) {
      caseTotals.put(measures[i], sums[i]);
    }
    long rated = count(caseTotals, "satisfaction_count");
    caseTotals.put("satisfaction", rated == 0 ? null : BigDecimal.valueOf(count(caseTotals, "satisfaction_sum"))
        .divide(BigDecimal.valueOf(rated), 16, RoundingMode.HALF_UP));
    return caseTotals;
  }

  /** Verifications late now: depends on the time of the request, so counted over the open rows (a partial index). */
  private Long verificationOverdue(String cases, MapSqlParameterSource params) {
    return jdbc.queryForObject("SELECT COUNT(*) " + cases
        + " AND verification_due_at < :now AND verification_done_at IS NULL AND closed_at IS NULL", params,
        Long.class);
  }

  /**
   * The referrals' money and their steps (acceptance, plan, delivery): breached, completed and on time from the
   * referral rollup, late now over the open referral rows.
   */
  private Map<String, Object> referralTotals(CockpitFilter filter, String referrals, MapSqlParameterSource params) {
    StringBuilder referralSql = new StringBuilder("SELECT COALESCE(SUM(cash_disbursed), 0) AS cash,"
        + " COALESCE(SUM(wages_recovered), 0) AS wages");
    StringBuilder overdueSql = new StringBuilder("SELECT COUNT(*) AS open_referrals");
    for (ServiceLevelStep step : ServiceLevelStep.values()) {
      if (step.onCase()) {
        continue;
      }
      String s = step.code();
      for (String measure : List.of("_breached", "_completed", "_on_time")) {
        referralSql.append(", COALESCE(SUM(").append(s).append(measure).append("), 0) AS ").append(s).append(measure);
      }
      overdueSql.append(", SUM(CASE WHEN ").append(step.dueColumn()).append(" < :now AND ").append(step.doneColumn())
          .append(" IS NULL THEN 1 ELSE 0 END) AS ").append(s).append("_overdue");
    }
    Map<String, Object> referralTotals = new org.springframework.util.LinkedCaseInsensitiveMap<>();
    referralTotals.putAll(jdbc.queryForMap(referralSql.append(" FROM cockpit_referral_rollup WHERE ")
        .append(rollupWhere(filter, "org")).toString(), params));
    referralTotals.putAll(jdbc.queryForMap(overdueSql.append(' ').append(referrals).append(" AND ended_at IS NULL")
        .toString(), params));
    return referralTotals;
  }

  /** Each service-level step's figures: verification's from the case totals, the others' from the referrals'. */
  private static Map<String, StepFigures> stepFigures(Map<String, Object> caseTotals,
      Map<String, Object> referralTotals) {
    Map<String, StepFigures> steps = new LinkedHashMap<>();
    for (ServiceLevelStep step : ServiceLevelStep.values()) {
      Map<String, Object> totals = step.onCase() ? caseTotals : referralTotals;
      String s = step.code();
      long completed = count(totals, s + "_completed");
      long onTime = count(totals, s + "_on_time");
      steps.put(s, new StepFigures(step.shortLabel(), count(totals, s + "_overdue"),
          count(totals, s + "_breached"), completed, onTime, ratio(onTime, completed)));
    }
    return steps;
  }

  /** The core indicators, each with the year's target where there is one. */
  private Map<String, Figure> indicators(Map<String, BigDecimal> year, Map<String, Object> caseTotals,
      Map<String, Object> referralTotals, Map<String, StepFigures> steps, Map<String, Long> services) {
    long overdue = 0;
    for (StepFigures figures : steps.values()) {
      overdue += figures.overdue();
    }
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
    for (Indicator indicator : Indicator.values()) {
      if (indicator.service() != null) {
        put(indicators, year, indicator, BigDecimal.valueOf(services.getOrDefault(indicator.service(), 0L)));
      }
    }
    return indicators;
  }

  /**
   * Service orders delivered in the period (by the delivery date), per service, of the filter's units, organisations
   * and region by the order's referring unit and the applicant's region (table service_order, read only).
   */
  private Map<String, Long> servicesDelivered(CockpitFilter filter, MapSqlParameterSource params) {
    List<String> conditions = new ArrayList<>();
    conditions.add("status = '" + ServiceOrders.Status.DELIVERED
        + "' AND delivered_on >= :startDay AND delivered_on < :endDay");
    MapSqlParameterSource own = new MapSqlParameterSource(params.getValues())
        .addValue("startDay", java.sql.Date.valueOf(filter.start().toLocalDate()))
        .addValue("endDay", java.sql.Date.valueOf(filter.end().toLocalDate()));
    if (filter.orgs() != null) {
      List<String> orgs = new ArrayList<>();
      for (int i = 0; i < filter.orgs().size(); i++) {
        orgs.add("referring_unit LIKE :serviceOrg" + i);
        own.addValue("serviceOrg" + i, filter.orgs().get(i) + "-%");
      }
      conditions.add(orgs.isEmpty() ? "1 = 0" : "(" + String.join(" OR ", orgs) + ")");
    }
    if (filter.region() != null) {
      conditions.add("region LIKE :region");
    }
    if (filter.units() != null) {
      List<String> units = new ArrayList<>();
      for (int i = 0; i < filter.units().size(); i++) {
        units.add("referring_unit LIKE :unit" + i);
      }
      conditions.add(units.isEmpty() ? "1 = 0" : "(" + String.join(" OR ", units) + ")");
    }
    return grouped("service", "COUNT(*)", "FROM service_order WHERE " + String.join(" AND ", conditions), own);
  }

  /** Open cases per stage of the loop, every stage shown (0 where none). */
  private static Map<String, Long> openByStage(Map<String, Long> counted) {
    Map<String, Long> openByStage = new LinkedHashMap<>();
    for (CaseStage stage : CaseStage.values()) {
      if (stage != CaseStage.CLOSED) {
        openByStage.put(stage.name(), 0L);
      }
    }
    openByStage.putAll(counted);
    return openByStage;
  }

  /**
   * Median and p90 days to first delivery, exactly as PERCENTILE_CONT over the aid-delivered cases: the ranks are
   * found in the per-day counts of the rollup, and only the values of their day are read from the rows (ordered by
   * an index on PostgreSQL), then interpolated as PostgreSQL does.
   */
  private Map<String, Object> deliveryDays(CockpitFilter filter, String cases, MapSqlParameterSource params) {
    java.util.TreeMap<Integer, Long> perDay = new java.util.TreeMap<>();
    jdbc.query("SELECT day_bin, SUM(cases) FROM cockpit_days_rollup WHERE " + rollupWhere(filter, "intake_org")
        + " GROUP BY day_bin", params, rs -> {
          perDay.merge(Integer.parseInt(rs.getString(1)), rs.getLong(2), Long::sum);
        });
    long n = perDay.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("median_days", n == 0 ? null : percentile(0.5, n, perDay, cases, params));
    row.put("p90_days", n == 0 ? null : percentile(0.9, n, perDay, cases, params));
    return row;
  }

  /** PostgreSQL's percentile_cont: the values at ranks floor and ceil of p (n - 1), linearly interpolated. */
  private Double percentile(double p, long n, java.util.TreeMap<Integer, Long> perDay, String cases,
      MapSqlParameterSource params) {
    double position = p * (n - 1);
    long first = (long) Math.floor(position);
    long second = (long) Math.ceil(position);
    double low = valueAt(first, perDay, cases, params);
    if (second == first) {
      return low;
    }
    double high = valueAt(second, perDay, cases, params);
    return low + (high - low) * (position - first);
  }

  /** The value of the given rank (0-based, ascending) among the aid-delivered cases' days to first delivery. */
  private double valueAt(long rank, java.util.TreeMap<Integer, Long> perDay, String cases,
      MapSqlParameterSource params) {
    long before = 0;
    for (Map.Entry<Integer, Long> day : perDay.entrySet()) {
      if (rank < before + day.getValue()) {
        MapSqlParameterSource dayParams = new MapSqlParameterSource(params.getValues())
            .addValue("dayFrom", BigDecimal.valueOf(day.getKey())).addValue("dayTo", BigDecimal.valueOf(day.getKey() + 1))
            .addValue("offset", rank - before);
        return jdbc.queryForObject("SELECT days_to_first_delivery " + cases + " AND aid_delivered"
            + " AND days_to_first_delivery >= :dayFrom AND days_to_first_delivery < :dayTo"
            + " ORDER BY days_to_first_delivery LIMIT 1 OFFSET :offset", dayParams, BigDecimal.class).doubleValue();
      }
      before += day.getValue();
    }
    throw new IllegalStateException("rank " + rank + " beyond the " + before + " days counted");
  }

  /**
   * One row, on PostgreSQL with memory enough for a year's repeat applicants (hash of persons):
   * with the default 4 MB the aggregate spills to disk in batches. SET LOCAL ends with the statement's transaction.
   */
  private Map<String, Object> withMemory(String sql, MapSqlParameterSource params) {
    if (!postgres) {
      return jdbc.queryForMap(sql, params);
    }
    return jdbc.getJdbcTemplate().execute((ConnectionCallback<Map<String, Object>>) connection -> {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        NamedParameterJdbcTemplate single = new NamedParameterJdbcTemplate(new SingleConnectionDataSource(connection,
            true));
        single.getJdbcTemplate().execute("SET LOCAL work_mem = '" + DETAIL_WORK_MEM + "'");
        Map<String, Object> row = single.queryForMap(sql, params);
        connection.commit();
        return row;
      } catch (RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    });
  }

  /**
   * The period's funds of the filter's organisations (and, with a region, of their units within it): paid out in the
   * period, left to promise now.
   */
  List<FundFigures> funds(CockpitFilter filter) {
    MapSqlParameterSource params = params(filter)
        .addValue("firstYear", filter.from().getYear()).addValue("lastYear", filter.to().getYear());
    return jdbc.query("SELECT f.org, f.unit, f.code, f.name, f.fund_year, f.budget,"
            + " COALESCE(SUM(CASE WHEN e.kind = 'DISBURSE' AND e.created_at >= :start AND e.created_at < :end"
            + " THEN e.amount ELSE 0 END), 0) AS disbursed,"
            + " f.budget - COALESCE(SUM(CASE e.kind WHEN 'RESERVE' THEN e.amount WHEN 'RELEASE' THEN -e.amount"
            + " ELSE 0 END), 0) AS budget_left"
            + " FROM fund f LEFT JOIN ledger_entry e ON e.fund_code = f.code AND e.fund_year = f.fund_year"
            + " WHERE f.fund_year BETWEEN :firstYear AND :lastYear" + (filter.orgs() == null ? "" : " AND f.org IN (:orgs)")
            + (filter.region() == null ? "" : " AND f.unit LIKE f.org || '-' || :region")
            + " GROUP BY f.org, f.unit, f.code, f.name, f.fund_year, f.budget ORDER BY f.org, f.unit, f.code, f.fund_year",
        params, (rs, row) -> new FundFigures(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getInt(5), rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getBigDecimal(8)));
  }

  /** The steps late now, oldest due first, for the drill-down from an overdue count. */
  public List<OverdueStep> overdue(CockpitFilter filter, ServiceLevelStep step) {
    MapSqlParameterSource params = params(filter).addValue("limit", MAX_OVERDUE_LISTED);
    String orgColumn = step.orgColumn();
    return jdbc.query("SELECT case_number, " + orgColumn + ", " + step.dueColumn() + ", process_instance_id FROM "
            + step.table() + " WHERE " + where(filter, orgColumn) + " AND " + step.dueColumn() + " < :now AND "
            + step.doneColumn() + " IS NULL AND " + step.endedColumn() + " IS NULL ORDER BY " + step.dueColumn()
            + ", case_number LIMIT :limit", params,
        (rs, row) -> new OverdueStep(rs.getString(1), rs.getString(2), step.code(), step.shortLabel(),
            local(rs.getTimestamp(3)), rs.getString(4)));
  }

  private Map<String, Long> grouped(String column, String count, String from, MapSqlParameterSource params) {
    Map<String, Long> counts = new LinkedHashMap<>();
    jdbc.query("SELECT " + column + ", " + count + " " + from + " GROUP BY " + column + " HAVING " + count + " <> 0"
        + " ORDER BY " + column, params,
        rs -> {
          counts.put(rs.getString(1), rs.getLong(2));
        });
    return counts;
  }

  /** The filter as SQL over a rollup: the period is whole months, so the months received select exactly. */
  private static String rollupWhere(CockpitFilter filter, String orgColumn) {
    return where(filter, orgColumn).replace("received_at >= :start AND received_at < :end",
        "received_month >= :fromMonth AND received_month <= :toMonth");
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
    if (filter.units() != null) {
      // a unit and every unit below it: the codes that start with its code (the rows' intake or receiving unit)
      List<String> units = new ArrayList<>();
      for (int i = 0; i < filter.units().size(); i++) {
        units.add("unit LIKE :unit" + i);
      }
      conditions.add(units.isEmpty() ? "1 = 0" : "(" + String.join(" OR ", units) + ")");
    }
    return String.join(" AND ", conditions);
  }

  private MapSqlParameterSource params(CockpitFilter filter) {
    MapSqlParameterSource params = new MapSqlParameterSource()
        .addValue("start", timestamp(filter.start()))
        .addValue("end", timestamp(filter.end()))
        .addValue("fromMonth", filter.from().toString())
        .addValue("toMonth", filter.to().toString())
        .addValue("orgs", filter.orgs())
        .addValue("region", filter.region() == null ? null : filter.region() + "%")
        .addValue("now", Timestamp.from(clock.instant()));
    if (filter.units() != null) {
      for (int i = 0; i < filter.units().size(); i++) {
        params.addValue("unit" + i, filter.units().get(i) + "%");
      }
    }
    return params;
  }

  private static void put(Map<String, Figure> indicators, Map<String, BigDecimal> targets, Indicator indicator,
      BigDecimal value) {
    BigDecimal target = targets.get(indicator.key());
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
