package org.aidflow.benchmark;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * One embedded PostgreSQL 17 (the binaries the tests use) with a database per side, so that the bare engine shares
 * nothing with AidFlow but the server, and the counters PostgreSQL keeps per database tell the sides apart.
 */
final class BenchmarkDatabase implements AutoCloseable {

  static final String USER = "postgres";
  static final String PASSWORD = "postgres";

  private final EmbeddedPostgres postgres;
  private final JdbcTemplate admin;
  /**
   * One connection for the lock-wait samples, taken every 200 ms while a run is timed: a connection of its own for each
   * would start a PostgreSQL process each time, in the CPU the run measures.
   */
  private final SingleConnectionDataSource samplingConnection;
  private final JdbcTemplate sampling;
  private final boolean statements;

  private BenchmarkDatabase(EmbeddedPostgres postgres, boolean statements) {
    this.postgres = postgres;
    this.admin = new JdbcTemplate(postgres.getPostgresDatabase());
    this.samplingConnection = new SingleConnectionDataSource(postgres.getJdbcUrl(USER, "postgres"), USER, PASSWORD,
        true);
    this.sampling = new JdbcTemplate(samplingConnection);
    this.statements = statements;
    if (statements) {
      // its view lists the statements of every database; it is read from here
      admin.execute("CREATE EXTENSION pg_stat_statements");
    }
  }

  static BenchmarkDatabase start(String synchronousCommit, String sharedBuffers, String serverConfig,
      boolean statements)
      throws IOException {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("synchronous_commit",
        synchronousCommit).setServerConfig("shared_buffers", sharedBuffers)
        // checkpoints only when the benchmark asks (before each timed window, see checkpoint()), so that none falls
        // inside one side's window at random and charges it the full-page writes that follow every checkpoint
        .setServerConfig("checkpoint_timeout", "1d").setServerConfig("max_wal_size", "8GB");
    for (String setting : serverConfig.split(",")) {
      if (setting.contains("=")) {
        builder.setServerConfig(setting.substring(0, setting.indexOf('=')).trim(),
            setting.substring(setting.indexOf('=') + 1).trim());
      }
    }
    if (statements) {
      builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
          .setServerConfig("pg_stat_statements.track_planning", "on");
    }
    return new BenchmarkDatabase(builder.start(), statements);
  }

  /**
   * A checkpoint now: each timed window starts right after one, so every side pays the same full-page writes (the
   * first change of each page after a checkpoint writes the whole page to the WAL).
   */
  private void checkpoint() {
    admin.execute("CHECKPOINT");
  }

  /** How every timed window starts: the side's database vacuumed and analyzed, then a checkpoint. */
  void beforeWindow(String database) {
    vacuum(database);
    checkpoint();
  }

  /**
   * Autovacuum off while the loops' windows run, and on again after. Its workers visit each database every minute or
   * two and then analyze the history tables in about 1.5 s of CPU (AidFlow's after a warm-up, 6 December,
   * 18:48 UTC): falling inside a 10 s window at random, that moved one side's PostgreSQL CPU per case by a tenth.
   * Each window instead starts on a database just vacuumed and analyzed ({@link #vacuum}), as it starts after a
   * checkpoint. A server setting given with {@code serverConfig} overrides this.
   */
  void autovacuum(boolean on) {
    admin.execute("ALTER SYSTEM SET autovacuum = " + on);
    admin.execute("SELECT pg_reload_conf()");
  }

  /**
   * Vacuums and analyzes the database, as autovacuum would have by now (untimed, before a side's window), on a
   * connection whose statements pg_stat_statements leaves out of the statement listings.
   */
  private void vacuum(String database) {
    new JdbcTemplate(dataSource(database)).execute((ConnectionCallback<Void>) connection -> {
      try (java.sql.Statement vacuum = connection.createStatement()) {
        if (statements) {
          vacuum.execute("SET pg_stat_statements.track_utility = off");
        }
        vacuum.execute("VACUUM (ANALYZE)");
      }
      return null;
    });
  }

  /** Checkpoints the server has made so far, asked for or not. */
  long checkpoints() {
    return admin.queryForObject("SELECT num_timed + num_requested FROM pg_stat_checkpointer", Long.class);
  }

  String createDatabase(String name) {
    admin.execute("CREATE DATABASE " + name);
    return postgres.getJdbcUrl(USER, name);
  }

  /** A statement and what it cost in total since the last reset (pg_stat_statements). */
  record Statement(String query, long calls, double totalMillis, long rows) {
  }

  void resetStatements() {
    if (statements) {
      admin.execute("SELECT pg_stat_statements_reset()");
    }
  }

  /**
   * Execution time of all the database's statements, by what they touch: AidFlow's own tables, Camunda's
   * authorizations, history and runtime tables, and the rest (transaction control).
   */
  Map<String, Double> statementMillisByKind(String database) {
    Map<String, Double> byKind = new LinkedHashMap<>();
    for (String kind : List.of(OWN_TABLES, "Camunda authorizations", "Camunda history", "Camunda runtime", "other")) {
      byKind.put(kind, 0.0);
    }
    for (Statement statement : statements(database, Integer.MAX_VALUE)) {
      byKind.merge(kind(statement.query()), statement.totalMillis(), Double::sum);
    }
    return byKind;
  }

  private static final String OWN_TABLES = "AidFlow's tables";

  private static String kind(String query) {
    String q = query.toLowerCase(java.util.Locale.ROOT);
    if (q.matches("(?s).*\\b(aid_case|case_contact|case_referral|intake_request|fund|ledger_entry|calendar_day"
        + "|escalation|notification|hardship_household|case_number_seq|case_number_counter|case_number_\\d{4}"
        + "|follow_up_score)\\b.*")) {
      return OWN_TABLES;
    }
    if (q.contains("act_ru_authorization")) {
      return "Camunda authorizations";
    }
    if (q.contains("act_hi_")) {
      return "Camunda history";
    }
    return q.contains("act_") ? "Camunda runtime" : "other";
  }

  /**
   * Summed over the database's statements since the last reset: calls, planning ms, pages read from outside shared
   * buffers, dirtied and written by the statements, WAL full-page images and WAL bytes.
   */
  double[] statementTotals(String database) {
    if (!statements) {
      return new double[7];
    }
    return admin.queryForObject("SELECT COALESCE(SUM(s.calls), 0), COALESCE(SUM(s.total_plan_time), 0),"
        + " COALESCE(SUM(s.shared_blks_read), 0), COALESCE(SUM(s.shared_blks_dirtied), 0),"
        + " COALESCE(SUM(s.shared_blks_written), 0), COALESCE(SUM(s.wal_fpi), 0), COALESCE(SUM(s.wal_bytes), 0) FROM"
        + " pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ?",
        (rs, row) -> new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
            rs.getDouble(5), rs.getDouble(6), rs.getDouble(7)}, database);
  }

  /** The database's statements by total execution time, costliest first. */
  List<Statement> statements(String database, int limit) {
    return statements(database, "s.total_exec_time", "s.total_exec_time", limit);
  }

  /** The database's statements PostgreSQL spent most time planning first (their planning time as totalMillis). */
  List<Statement> plannedStatements(String database, int limit) {
    return statements(database, "s.total_plan_time", "s.total_plan_time", limit);
  }

  /** The database's statements run most often first. */
  List<Statement> frequentStatements(String database, int limit) {
    return statements(database, "s.total_exec_time", "s.calls", limit);
  }

  /** The database's writes to AidFlow's own tables (not Camunda's ACT_ tables), most rows first. */
  List<Statement> ownTableWrites(String database, int limit) {
    if (!statements) {
      return List.of();
    }
    return admin.query("SELECT s.query, s.calls, s.total_exec_time, s.rows FROM pg_stat_statements s"
            + " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ? AND s.query ~* '^\\s*(WITH|INSERT|UPDATE|DELETE)'"
            + " AND s.query !~* '(INTO|UPDATE|FROM)\\s+ACT_' ORDER BY s.rows DESC, s.calls DESC LIMIT ?",
        (rs, row) -> new Statement(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getLong(4)), database, limit);
  }

  /** The database's statements with their time in {@code millis} (execution or planning), most {@code order} first. */
  private List<Statement> statements(String database, String millis, String order, int limit) {
    if (!statements) {
      return List.of();
    }
    return admin.query("SELECT s.query, s.calls, " + millis + ", s.rows FROM pg_stat_statements s"
            + " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ? AND " + order + " > 0 ORDER BY " + order
            + " DESC LIMIT ?",
        (rs, row) -> new Statement(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getLong(4)), database, limit);
  }

  /** A table and how it has been read since the server started: sequential scans and rows they read, index scans. */
  record TableReads(String table, long sequentialScans, long rowsReadSequentially, long indexScans, long liveRows) {
  }

  /** The database's tables by rows read in sequential scans, most first: where an index may be missing. */
  List<TableReads> tableReads(String database, int limit) {
    return new JdbcTemplate(dataSource(database)).query("SELECT relname, seq_scan, seq_tup_read,"
            + " COALESCE(idx_scan, 0), n_live_tup FROM pg_stat_user_tables ORDER BY seq_tup_read DESC LIMIT ?",
        (rs, row) -> new TableReads(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
        limit);
  }

  /** Per table of the database: sequential scans, rows they read, index scans, live rows (counters since start). */
  Map<String, long[]> tableScans(String database) {
    Map<String, long[]> scans = new java.util.TreeMap<>();
    new JdbcTemplate(dataSource(database)).query("SELECT relname, seq_scan, seq_tup_read, COALESCE(idx_scan, 0),"
        + " n_live_tup FROM pg_stat_user_tables", rs -> {
          scans.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
        });
    return scans;
  }

  /**
   * The database's statements (pg_stat_statements, since the last reset) that name the table and whose generic plan
   * reads it by a sequential scan, by calls, most first: what the scans counted on the table were.
   */
  List<String> statementsScanning(String database, String table, int limit) {
    if (!statements) {
      return List.of();
    }
    List<String> found = new java.util.ArrayList<>();
    // the simple query protocol: the statement goes to the server with its $1.. as they are, for GENERIC_PLAN
    try (java.sql.Connection simple = java.sql.DriverManager.getConnection(postgres.getJdbcUrl(USER, database)
        + "&preferQueryMode=simple", USER, PASSWORD)) {
      JdbcTemplate jdbc = new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(simple,
          true));
      explainEach(database, table, limit, jdbc, found);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return found;
  }

  private void explainEach(String database, String table, int limit, JdbcTemplate jdbc, List<String> found) {
    for (Statement s : admin.query("SELECT s.query, s.calls, s.total_exec_time, s.rows FROM pg_stat_statements s"
            + " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ? AND s.query ~* ('\\m' || ? || '\\M')"
            + " ORDER BY s.calls DESC", (rs, row) -> new Statement(rs.getString(1), rs.getLong(2), rs.getDouble(3),
        rs.getLong(4)), database, table)) {
      List<String> plan;
      try {
        plan = jdbc.queryForList("EXPLAIN (GENERIC_PLAN) " + s.query(), String.class);
      } catch (RuntimeException notExplained) {
        continue;
      }
      java.util.regex.Pattern scan = java.util.regex.Pattern.compile("(?i)seq scan on " + table + "\\b");
      int at = -1;
      for (int i = 0; i < plan.size() && at < 0; i++) {
        at = scan.matcher(plan.get(i)).find() ? i : -1;
      }
      if (at >= 0) {
        // the select list left out: what is read and how it is filtered
        String query = s.query().replaceAll("\\s+", " ").replaceFirst("(?i)^select .*? from ", "select … from ");
        String filter = at + 1 < plan.size() && plan.get(at + 1).trim().startsWith("Filter")
            ? "  [" + plan.get(at + 1).trim() + "]" : "";
        found.add(String.format(java.util.Locale.ROOT, "%7d calls, %9.1f ms, %8d rows: %s%s", s.calls(),
            s.totalMillis(), s.rows(), query.substring(0, Math.min(400, query.length())), filter));
        if (found.size() >= limit) {
          break;
        }
      }
    }
  }

  DataSource dataSource(String database) {
    return postgres.getDatabase(USER, database);
  }

  String version() {
    return admin.queryForObject("SHOW server_version", String.class);
  }

  /** The postmaster, whose children are the server's processes, for the CPU they use. */
  long postmasterPid() throws IOException {
    Path dataDirectory = Path.of(admin.queryForObject("SHOW data_directory", String.class));
    return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
  }

  /** Commits and rows written in the database since the server started (as far as flushed to the statistics). */
  Map<String, Long> counters(String database) {
    return admin.queryForObject("SELECT xact_commit, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database"
        + " WHERE datname = ?", (rs, row) -> {
          Map<String, Long> counters = new LinkedHashMap<>();
          counters.put("commits", rs.getLong(1));
          counters.put("inserted", rs.getLong(2));
          counters.put("updated", rs.getLong(3));
          counters.put("deleted", rs.getLong(4));
          return counters;
        }, database);
  }

  /** Rows inserted, updated and deleted so far per table of the database. */
  Map<String, long[]> tableWrites(String database) {
    Map<String, long[]> writes = new LinkedHashMap<>();
    new JdbcTemplate(dataSource(database)).query("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del"
        + " FROM pg_stat_user_tables", rs -> {
          writes.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
        });
    return writes;
  }

  /**
   * Each backend hands its counters to the shared statistics when it has been idle for a while (PostgreSQL waits up
   * to 10 s), so wait until two readings a few seconds apart agree.
   */
  void awaitStatisticsFlushed(String... databases) throws InterruptedException {
    Thread.sleep(11_000);
    Map<String, Map<String, Long>> before = new LinkedHashMap<>();
    for (int attempt = 0; attempt < 10; attempt++) {
      Map<String, Map<String, Long>> now = new LinkedHashMap<>();
      for (String database : databases) {
        now.put(database, counters(database));
      }
      if (now.equals(before)) {
        return;
      }
      before = now;
      Thread.sleep(3_000);
    }
  }

  /**
   * The database's sessions waiting for a lock right now, each as "what it waits in ← what the session holding the
   * lock last ran [its state]".
   */
  List<String> lockWaits(String database) {
    return sampling.queryForList("SELECT left(regexp_replace(w.query, '\\s+', ' ', 'g'), 100) || '  <-  '"
        + " || COALESCE((SELECT left(regexp_replace(b.query, '\\s+', ' ', 'g'), 100) || ' [' || b.state || ']'"
        + " FROM pg_stat_activity b WHERE b.pid = (pg_blocking_pids(w.pid))[1]), '?')"
        + " FROM pg_stat_activity w WHERE w.datname = ? AND w.wait_event_type = 'Lock'", String.class, database);
  }

  @Override
  public void close() throws IOException {
    samplingConnection.destroy();
    postgres.close();
  }
}
