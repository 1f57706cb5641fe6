package org.aidflow.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.aidflow.shared.Databases;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.context.Context;

/**
 * A plain read of {@code ACT_RU_AUTHORIZATION} on the running command's own connection and transaction, as Camunda's
 * statements run, planned with its values as every read of the grants is ({@code AuthorizedQueryPlans}): a plan kept
 * for any values was made while the table was nearly empty, and then read every grant.
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
      Databases.planWithValues(statement);
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
