package org.aidflow.benchmark;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One embedded PostgreSQL 17 (the binaries the tests use) with a database per side, so that the bare engine shares
 * nothing with AidFlow but the server, and the counters PostgreSQL keeps per database tell the sides apart.
 */
final class BenchmarkDatabase implements AutoCloseable {

  static final String USER = "postgres";
  static final String PASSWORD = "postgres";

  private final EmbeddedPostgres postgres;
  private final JdbcTemplate admin;

  private BenchmarkDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    this.admin = new JdbcTemplate(postgres.getPostgresDatabase());
  }

  static BenchmarkDatabase start(String synchronousCommit) throws IOException {
    return new BenchmarkDatabase(EmbeddedPostgres.builder().setServerConfig("synchronous_commit", synchronousCommit)
        .start());
  }

  String createDatabase(String name) {
    admin.execute("CREATE DATABASE " + name);
    return postgres.getJdbcUrl(USER, name);
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

  /** Sessions of the database right now: [running, waiting for a lock, idle in transaction]. */
  int[] sessions(String database) {
    return admin.queryForObject("SELECT"
        + " COUNT(*) FILTER (WHERE state = 'active' AND wait_event_type IS DISTINCT FROM 'Lock'),"
        + " COUNT(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock'),"
        + " COUNT(*) FILTER (WHERE state LIKE 'idle in transaction%')"
        + " FROM pg_stat_activity WHERE datname = ? AND backend_type = 'client backend'",
        (rs, row) -> new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3)}, database);
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
