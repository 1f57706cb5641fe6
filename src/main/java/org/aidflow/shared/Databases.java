package org.aidflow.shared;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * Which database AidFlow runs on: PostgreSQL in production and the tests, H2 in the demo. Asked in one place, by the
 * SQL that differs between the two (sequences, percentiles, rollup upserts, partial indexes); and an insert's
 * generated id, which both return with the insert.
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

  /** Inserts one row and returns its generated {@code id}, read with the insert (not by a second statement). */
  public static long insertReturningId(JdbcTemplate jdbc, String insert, Object... values) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.update(connection -> {
      PreparedStatement statement = connection.prepareStatement(insert, new String[] {"id"});
      new ArgumentPreparedStatementSetter(values).setValues(statement);
      return statement;
    }, key);
    return key.getKeyAs(Long.class);
  }
}
