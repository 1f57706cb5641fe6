package org.aidflow.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** One embedded PostgreSQL 17 for the whole test run, started on first use and stopped with the JVM. */
public final class EmbeddedDatabase {

  private static final long SHUTDOWN_GRACE_MILLIS = 15_000;
  private static EmbeddedPostgres postgres;

  private EmbeddedDatabase() {
  }

  public static synchronized String jdbcUrl(String database) {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedDatabase::stopWhenClientsAreGone));
    }
    return postgres.getJdbcUrl("postgres", database);
  }

  /**
   * Spring closes the cached application contexts in a shutdown hook of its own, running at the same time as
   * this one; stopping the database under them makes their job executors fail and hang the JVM's exit. So wait
   * until the other clients have disconnected (or a grace period has passed), then stop.
   */
  private static void stopWhenClientsAreGone() {
    long deadline = System.currentTimeMillis() + SHUTDOWN_GRACE_MILLIS;
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      while (System.currentTimeMillis() < deadline) {
        try (ResultSet rs = statement.executeQuery(
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
          rs.next();
          if (rs.getInt(1) == 0) {
            break;
          }
        }
        Thread.sleep(100);
      }
    } catch (SQLException | InterruptedException e) {
      // stop anyway
    }
    try {
      postgres.close();
    } catch (IOException e) {
      // the JVM is going away; nothing left to clean up for
    }
  }
}
