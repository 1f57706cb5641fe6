package org.aidflow.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** One embedded PostgreSQL 17 for the whole test run, started on first use and stopped with the JVM. */
public final class EmbeddedDatabase {

  private static final long SHUTDOWN_GRACE_MILLIS = 15_000;
  private static EmbeddedPostgres postgres;
  private static int schemas;

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

  /** The port the embedded server listens on (localhost), e.g. for an application started as a process of its own. */
  public static synchronized int port() {
    jdbcUrl("postgres");
    return postgres.getPort();
  }

  /**
   * Creates a database of its own for a test that must not share the schema of the others (an application
   * started apart), owned by {@code owner} (created as a login role with the password if missing), as the
   * postgres image does for POSTGRES_DB, POSTGRES_USER and POSTGRES_PASSWORD. Returns its JDBC URL without
   * credentials. The server trusts local connections, so the password is recorded but not checked.
   */
  public static synchronized String createDatabase(String name, String owner, String password) {
    jdbcUrl("postgres");
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      if (!exists(statement, "SELECT 1 FROM pg_roles WHERE rolname = '" + owner + "'")) {
        statement.execute("CREATE ROLE \"" + owner + "\" LOGIN PASSWORD '" + password.replace("'", "''") + "'");
      }
      if (!exists(statement, "SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
        statement.execute("CREATE DATABASE \"" + name + "\" OWNER \"" + owner + "\"");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name;
  }

  /**
   * A new, empty schema of database {@code postgres} and a data source whose connections work in it (search path),
   * for a test that wants AidFlow's tables to itself.
   */
  public static synchronized DataSource newSchema(String prefix) {
    String schema = prefix + "_" + ++schemas;
    jdbcUrl("postgres");
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create schema " + schema, e);
    }
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres");
    dataSource.setUser("postgres");
    dataSource.setCurrentSchema(schema);
    return dataSource;
  }

  private static boolean exists(Statement statement, String query) throws SQLException {
    try (ResultSet rs = statement.executeQuery(query)) {
      return rs.next();
    }
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
