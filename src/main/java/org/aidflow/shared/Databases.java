package org.aidflow.shared;

import java.sql.Connection;
import java.sql.SQLException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which database AidFlow runs on: PostgreSQL in production and the tests, H2 in the demo. Asked in one place, by the
 * SQL that differs between the two (sequences, percentiles, rollup upserts, partial indexes).
 */
public final class Databases {

  private Databases() {
  }

  public static boolean isPostgres(Connection connection) throws SQLException {
    return connection.getMetaData().getDatabaseProductName().startsWith("PostgreSQL");
  }

  public static boolean isPostgres(JdbcTemplate jdbc) {
    return Boolean.TRUE.equals(jdbc.execute((ConnectionCallback<Boolean>) Databases::isPostgres));
  }
}
