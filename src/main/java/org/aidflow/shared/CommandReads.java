package org.aidflow.shared;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.context.Context;

/**
 * A plain read on the running engine command's own connection and transaction, as Camunda's statements run: for
 * AidFlow's reads of Camunda's tables inside a command (the grants).
 */
public final class CommandReads {

  /** One row of the read. */
  public interface Row<T> {
    T of(ResultSet row) throws SQLException;
  }

  private CommandReads() {
  }

  /** The rows of the statement with its parameters; {@code what} names the read in the failure's message. */
  public static <T> List<T> read(String what, String sql, List<?> parameters, Row<T> row) {
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
      throw new ProcessEngineException("could not read " + what, e);
    }
  }
}
