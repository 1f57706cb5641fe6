package org.aidflow.benchmark;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database's own limit: plain JDBC doing per "case" what an engine does to PostgreSQL per case, with nothing else.
 * The shape comes from counting what AidFlow actually wrote ({@link WriteProfile}): as many committed transactions
 * (13 that write: start, five claims, five completions, two jobs; the rest reads), and as many rows inserted, updated
 * and deleted, spread evenly over the writing transactions and sent in JDBC batches as Camunda sends them. Rows are
 * about as wide as Camunda's (ten columns, ids as text, a 100-character value) in one table with two secondary
 * indexes; Camunda's tables carry more indexes, so this limit is, if anything, generous.
 */
final class JdbcLimit implements ClosedLoop.CaseRun, AutoCloseable {

  static final String DATABASE = "jdbc_limit";
  /** Start, claim and complete of five user tasks, the payment job and the follow-up timer. */
  static final int WRITE_TRANSACTIONS = 13;
  private static final String VALUE = "家庭收入不足以维持基本生活。".repeat(7);

  /** What one case costs the database, per case: commits (reads included) and rows written. */
  record WriteProfile(double commits, double inserted, double updated, double deleted) {

    static WriteProfile between(java.util.Map<String, Long> before, java.util.Map<String, Long> after, long cases) {
      return new WriteProfile((after.get("commits") - before.get("commits")) / (double) cases,
          (after.get("inserted") - before.get("inserted")) / (double) cases,
          (after.get("updated") - before.get("updated")) / (double) cases,
          (after.get("deleted") - before.get("deleted")) / (double) cases);
    }

    double rowsWritten() {
      return inserted + updated + deleted;
    }
  }

  private final HikariDataSource dataSource;
  private final int inserts;
  private final int updates;
  private final int deletes;
  private final int reads;
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong cases = new AtomicLong();

  JdbcLimit(String jdbcUrl, int poolSize, boolean rewriteBatchedInserts, WriteProfile profile) throws SQLException {
    this.inserts = (int) Math.round(profile.inserted());
    this.updates = (int) Math.round(profile.updated());
    this.deletes = Math.min(inserts, (int) Math.round(profile.deleted()));
    this.reads = Math.max(0, (int) Math.round(profile.commits()) - WRITE_TRANSACTIONS);
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(jdbcUrl);
    dataSource.setUsername(BenchmarkDatabase.USER);
    dataSource.setPassword(BenchmarkDatabase.PASSWORD);
    dataSource.setMaximumPoolSize(poolSize);
    dataSource.addDataSourceProperty("reWriteBatchedInserts", String.valueOf(rewriteBatchedInserts));
    dataSource.setPoolName("jdbc-limit");
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS bench_row (id VARCHAR(64) PRIMARY KEY, rev INTEGER NOT NULL,"
          + " case_id VARCHAR(64) NOT NULL, kind VARCHAR(32) NOT NULL, name VARCHAR(255) NOT NULL,"
          + " text_value VARCHAR(4000), long_value BIGINT, created_at TIMESTAMP NOT NULL, ended_at TIMESTAMP,"
          + " state VARCHAR(32))");
      statement.execute("CREATE INDEX IF NOT EXISTS bench_row_case_idx ON bench_row (case_id)");
      statement.execute("CREATE INDEX IF NOT EXISTS bench_row_name_idx ON bench_row (kind, name)");
    }
  }

  String shape() {
    return WRITE_TRANSACTIONS + " writing + " + reads + " reading transactions, " + inserts + " inserts, " + updates
        + " updates, " + deletes + " deletes per case";
  }

  @Override
  public void runOneCase() throws SQLException {
    String caseId = "case-" + cases.incrementAndGet();
    Deque<String> live = new ArrayDeque<>();
    for (int t = 0; t < WRITE_TRANSACTIONS; t++) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(false);
        insert(connection, caseId, share(inserts, t), live);
        update(connection, share(updates, t), live);
        delete(connection, share(deletes, t), live);
        connection.commit();
      }
    }
    for (int r = 0; r < reads; r++) {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement select = connection.prepareStatement(
              "SELECT id, name, text_value FROM bench_row WHERE case_id = ?")) {
        select.setString(1, caseId);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            rows.getString(3);
          }
        }
      }
    }
  }

  /** The t-th of 13 near-equal parts of a total. */
  private static int share(int total, int t) {
    return total * (t + 1) / WRITE_TRANSACTIONS - total * t / WRITE_TRANSACTIONS;
  }

  private void insert(Connection connection, String caseId, int rows, Deque<String> live) throws SQLException {
    if (rows == 0) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO bench_row (id, rev, case_id, kind, name,"
        + " text_value, long_value, created_at, state) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)")) {
      Timestamp now = new Timestamp(System.currentTimeMillis());
      for (int i = 0; i < rows; i++) {
        String id = Long.toString(ids.incrementAndGet());
        insert.setString(1, id);
        insert.setString(2, caseId);
        insert.setString(3, "variable");
        insert.setString(4, "name-" + (i % 40));
        insert.setString(5, VALUE);
        insert.setLong(6, i);
        insert.setTimestamp(7, now);
        insert.setString(8, "ACTIVE");
        insert.addBatch();
        live.addLast(id);
      }
      insert.executeBatch();
    }
  }

  /** Updates the most recent rows, as an engine updates what it has just written (executions, task, history). */
  private static void update(Connection connection, int rows, Deque<String> live) throws SQLException {
    if (rows == 0 || live.isEmpty()) {
      return;
    }
    try (PreparedStatement update = connection.prepareStatement("UPDATE bench_row SET rev = rev + 1, state = ?,"
        + " ended_at = ? WHERE id = ? AND rev >= 1")) {
      Iterator<String> recent = live.descendingIterator();
      for (int i = 0; i < rows; i++) {
        if (!recent.hasNext()) {
          recent = live.descendingIterator();
        }
        update.setString(1, "COMPLETED");
        update.setTimestamp(2, new Timestamp(System.currentTimeMillis()));
        update.setString(3, recent.next());
        update.addBatch();
      }
      update.executeBatch();
    }
  }

  /** Deletes the oldest rows, as an engine deletes runtime rows (executions, tasks, jobs) once they are done. */
  private static void delete(Connection connection, int rows, Deque<String> live) throws SQLException {
    if (rows == 0) {
      return;
    }
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM bench_row WHERE id = ?")) {
      for (int i = 0; i < rows && !live.isEmpty(); i++) {
        delete.setString(1, live.pollFirst());
        delete.addBatch();
      }
      delete.executeBatch();
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
