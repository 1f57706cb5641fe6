package org.aidflow.ops;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/** Changes to Camunda's tables made at start-up, each waiting only briefly for the busy table it locks. */
final class ShortLocks {

  private ShortLocks() {
  }

  /**
   * Runs the statement in a transaction of its own that waits at most 2 s for its lock: the table's other users
   * queue behind a waiting lock, so rather start without the change (a long VACUUM, an index build or an open
   * transaction holding the table) than stall them. Fails as {@link JdbcTemplate} does.
   */
  static void run(JdbcTemplate jdbc, String sql) {
    inTransaction(jdbc, List.of("SET LOCAL lock_timeout = '2s'", sql));
  }

  /**
   * Runs the statements as one transaction that waits at most 2 s for its locks and gives up on any statement that
   * takes longer than 5 s, so that a build on a table grown large holds the table's writes no longer than that.
   */
  static void runBriefly(JdbcTemplate jdbc, List<String> statements) {
    List<String> all = new ArrayList<>(List.of("SET LOCAL lock_timeout = '2s'", "SET LOCAL statement_timeout = '5s'"));
    all.addAll(statements);
    inTransaction(jdbc, all);
  }

  private static void inTransaction(JdbcTemplate jdbc, List<String> statements) {
    jdbc.execute((ConnectionCallback<Void>) connection -> {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        for (String sql : statements) {
          statement.execute(sql);
        }
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
      return null;
    });
  }
}
