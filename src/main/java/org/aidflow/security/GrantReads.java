package org.aidflow.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.context.Context;

/**
 * A plain read of {@code ACT_RU_AUTHORIZATION} on the running command's own connection and transaction, as Camunda's
 * statements run. Prepared like most statements: after a few runs on a connection the driver prepares it on the
 * server, and PostgreSQL may then keep one plan for any values. Each read names what it looks up by index (a
 * resource id, or a unique key with {@code *} and the grant's type written out), and such a plan looks the grants up
 * by index however many there are, and is made again once the table has grown and been analysed (AuthorizationChecksIT,
 * for a check's reads and the task grants' read). Planning each read with its values had cost more than reading
 * (docs/benchmark-and-tuning.md, "reads of the grants").
 */
final class GrantReads {

  /** One row of the read. */
  interface Row<T> {
    T of(ResultSet row) throws SQLException;
  }

  private GrantReads() {
  }

  static <T> List<T> read(String sql, List<?> parameters, Row<T> row) {
    Connection connection = Context.getCommandContext().getDbSqlSession().getSqlSession().getConnection();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int index = 1;
      for (Object parameter : parameters) {
        statement.setObject(index++, parameter);
      }
      List<T> read = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          read.add(row.of(rows));
        }
      }
      return read;
    } catch (SQLException e) {
      throw new ProcessEngineException("could not read the grants", e);
    }
  }
}
