package org.aidflow.shared;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which database AidFlow runs on: PostgreSQL in production and the tests, H2 in the demo. Asked in one place, by the
 * SQL that differs between the two (sequences, percentiles, rollup upserts, partial indexes) and by the statements
 * PostgreSQL should plan with their values.
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

  /**
   * The statement is planned with its values each time it runs: PostgreSQL's driver never prepares it on the server,
   * where a plan made once for any values would be kept. Used for Camunda's statements that read the grants, whose
   * plan for any values reads far more of them than one made with the values (docs/benchmark-and-tuning.md,
   * "authorization-checked lists" and "reads of the grants"). Other databases' statements are left as they are.
   */
  public static void planWithValues(Statement statement) throws SQLException {
    if (statement.isWrapperFor(PGStatement.class)) {
      statement.unwrap(PGStatement.class).setPrepareThreshold(0);
    }
  }
}
