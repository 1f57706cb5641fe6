package org.aidflow.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aidflow.cockpit.projection.CockpitRollup;
import org.aidflow.demo.SyntheticCases;
import org.aidflow.shared.AidFlowConfiguration;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The cockpit at scale: synthetic cases loaded straight into the projections (batched inserts, rewritten by the
 * driver into multi-row INSERTs), then {@code GET /api/cockpit/indicators} timed over HTTP with a few filters.
 */
final class CockpitIndicatorsLoad {

  static final String SUPERVISOR = "bench-supervisor";
  static final String UNION_LEAD = "bench-union-lead";
  private static final long SEED = 1_000_000L;
  private static final long FIRST_REFERRAL_ID = 9_000_000_000L;

  private final HttpClient client = HttpClient.newHttpClient();
  private final int port;

  CockpitIndicatorsLoad(int port) {
    this.port = port;
  }

  /** Loads the cases spread over the last {@code months} months with COPY; returns the milliseconds it took. */
  static long load(String jdbcUrl, int cases, int months) throws Exception {
    DriverManagerDataSource dataSource = new DriverManagerDataSource(jdbcUrl, BenchmarkDatabase.USER,
        BenchmarkDatabase.PASSWORD);
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    LocalDate today = LocalDate.now(AidFlowConfiguration.ZONE);
    long started = System.nanoTime();
    try (Connection connection = dataSource.getConnection()) {
      CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
      new SyntheticCases((table, columns, rows) -> copy(copy, table, columns, rows), SEED).write("BENCH",
          FIRST_REFERRAL_ID, cases, today.minusMonths(months), today.plusDays(1), today);
    }
    // the rows went around the projection listeners: count them into the rollups, as the demo's loader does
    new CockpitRollup(jdbc).refill();
    // fresh statistics and visibility map, as autovacuum would leave them after a day of work
    jdbc.execute("VACUUM ANALYZE cockpit_case");
    jdbc.execute("VACUUM ANALYZE cockpit_case_category");
    jdbc.execute("VACUUM ANALYZE cockpit_referral");
    jdbc.execute("VACUUM ANALYZE cockpit_case_rollup");
    jdbc.execute("VACUUM ANALYZE cockpit_category_rollup");
    jdbc.execute("VACUUM ANALYZE cockpit_referral_rollup");
    jdbc.execute("VACUUM ANALYZE cockpit_days_rollup");
    return (System.nanoTime() - started) / 1_000_000;
  }

  private static void copy(CopyManager copy, String table, String columns, List<Object[]> rows) {
    StringBuilder csv = new StringBuilder(rows.size() * 300);
    for (Object[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          csv.append(',');
        }
        Object value = row[i];
        if (value instanceof String text) {
          csv.append('"').append(text.replace("\"", "\"\"")).append('"');
        } else if (value instanceof java.math.BigDecimal decimal) {
          csv.append(decimal.toPlainString());
        } else if (value != null) {
          // numbers, booleans, and timestamps in the JVM's time zone, as JDBC would send them
          csv.append(value);
        }
      }
      csv.append('\n');
    }
    try {
      copy.copyIn("COPY " + table + " (" + columns + ") FROM STDIN WITH (FORMAT csv)",
          new java.io.StringReader(csv.toString()));
    } catch (java.sql.SQLException | java.io.IOException e) {
      throw new IllegalStateException("COPY into " + table + " failed", e);
    }
  }

  /** The filters a supervisor typically asks for, with the login that may ask. */
  static Map<String, String[]> filters() {
    int year = LocalDate.now(AidFlowConfiguration.ZONE).getYear();
    LocalDate today = LocalDate.now(AidFlowConfiguration.ZONE);
    Map<String, String[]> filters = new LinkedHashMap<>();
    filters.put("this year, all organisations", new String[] {SUPERVISOR, "year=" + year});
    filters.put("this year, union (its supervisors)", new String[] {UNION_LEAD, "year=" + year});
    filters.put("last 3 months, Hangzhou (3301)", new String[] {SUPERVISOR, "from="
        + today.minusMonths(2).toString().substring(0, 7) + "&to=" + today.toString().substring(0, 7) + "&region=3301"});
    filters.put("last year, women", new String[] {SUPERVISOR, "year=" + (year - 1) + "&org=women"});
    return filters;
  }

  /** Milliseconds of one call, checked to answer 200. */
  double call(String user, String password, String query) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/cockpit/indicators?"
            + query)).header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
            .getBytes(StandardCharsets.UTF_8))).GET().build();
    long started = System.nanoTime();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    double millis = (System.nanoTime() - started) / 1e6;
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET /api/cockpit/indicators?" + query + " answered " + response.statusCode()
          + ": " + response.body());
    }
    return millis;
  }

  /** Timed calls, the filters in turn, one client; every latency in milliseconds per filter. */
  Map<String, List<Double>> measure(String password, int rounds) throws Exception {
    Map<String, List<Double>> latencies = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<String, String[]> filter : filters().entrySet()) {
        latencies.computeIfAbsent(filter.getKey(), k -> new ArrayList<>())
            .add(call(filter.getValue()[0], password, filter.getValue()[1]));
      }
    }
    return latencies;
  }

  static double percentile(List<Double> values, double percentile) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  static List<Double> all(Map<String, List<Double>> latencies) {
    List<Double> all = new ArrayList<>();
    latencies.values().forEach(all::addAll);
    return all;
  }

  static String describe(List<Double> values) {
    return Arrays.toString(new double[] {percentile(values, 50), percentile(values, 95)});
  }
}
