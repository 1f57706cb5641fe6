package org.aidflow.cockpit.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.aidflow.servicelevel.ServiceLevelStep;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.CommitOrder;
import org.aidflow.shared.Databases;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Repository;

/**
 * The rollups of V11, keyed by unit too since V19 (cockpit_case_rollup, cockpit_category_rollup,
 * cockpit_referral_rollup). What a transaction changes in a case's projection rows is turned into deltas (the case's
 * contribution as the transaction commits, less the one before its first change of the case), summed per rollup row
 * and added just before the commit, in key order: a busy rollup row (this month, union, Hangzhou) is locked only while
 * a step commits, and two commits lock rows in the same order (the pattern of FundLedger.adjust).
 */
@Repository
public class CockpitRollup {

  /** A rollup table: its key and measure columns, and its rows per case before grouping (with case_number). */
  record Table(String name, List<String> keys, List<String> measures, String rows) {
  }

  static final Table CASES = new Table("cockpit_case_rollup",
      List.of("received_month", "intake_org", "region", "channel", "stage", "unit"),
      List.of("cases", "closed_with_aid", "resolved_with_aid", "aid_single", "aid_single_new_form",
          "satisfaction_sum", "satisfaction_count",
          "verification_breached", "verification_completed", "verification_on_time"),
      "SELECT case_number, received_month, intake_org, region, channel, stage, unit, 1 AS cases,"
          + " CASE WHEN stage = 'CLOSED' AND aid_delivered THEN 1 ELSE 0 END AS closed_with_aid,"
          + " CASE WHEN stage = 'CLOSED' AND aid_delivered AND closure_reason = 'RESOLVED' THEN 1 ELSE 0 END"
          + " AS resolved_with_aid,"
          + " CASE WHEN aid_delivered AND NOT repeat_person THEN 1 ELSE 0 END AS aid_single,"
          + " CASE WHEN aid_delivered AND NOT repeat_person AND new_employment_form THEN 1 ELSE 0 END"
          + " AS aid_single_new_form,"
          // every follow-up's score (follow_up_score, V14), not only the last
          + " satisfaction_sum, satisfaction_count,"
          + " CASE WHEN verification_breached THEN 1 ELSE 0 END AS verification_breached,"
          + " CASE WHEN verification_done_at IS NOT NULL AND verification_due_at IS NOT NULL THEN 1 ELSE 0 END"
          + " AS verification_completed,"
          + " CASE WHEN verification_done_at <= verification_due_at THEN 1 ELSE 0 END AS verification_on_time"
          + " FROM cockpit_case");

  static final Table CATEGORIES = new Table("cockpit_category_rollup",
      List.of("received_month", "intake_org", "region", "category", "unit"), List.of("cases"),
      "SELECT k.case_number, c.received_month, k.intake_org, k.region, k.category, k.unit, 1 AS cases"
          + " FROM cockpit_case_category k JOIN cockpit_case c ON c.case_number = k.case_number");

  static final Table REFERRALS = referrals();

  private static Table referrals() {
    List<String> measures = new ArrayList<>(List.of("referrals", "cash_disbursed", "wages_recovered"));
    StringBuilder rows = new StringBuilder("SELECT r.case_number, c.received_month, r.org, r.region, r.unit, 1 AS referrals,"
        + " r.cash_disbursed, COALESCE(r.wages_recovered, 0) AS wages_recovered");
    for (ServiceLevelStep step : ServiceLevelStep.values()) {
      if (step.onCase()) {
        continue;
      }
      String s = step.code();
      measures.addAll(List.of(s + "_breached", s + "_completed", s + "_on_time"));
      rows.append(", CASE WHEN r.").append(step.breachedColumn()).append(" THEN 1 ELSE 0 END AS ").append(s)
          .append("_breached, CASE WHEN r.").append(step.doneColumn()).append(" IS NOT NULL AND r.")
          .append(step.dueColumn()).append(" IS NOT NULL THEN 1 ELSE 0 END AS ").append(s)
          .append("_completed, CASE WHEN r.").append(step.doneColumn()).append(" <= r.").append(step.dueColumn())
          .append(" THEN 1 ELSE 0 END AS ").append(s).append("_on_time");
    }
    rows.append(" FROM cockpit_referral r JOIN cockpit_case c ON c.case_number = r.case_number");
    return new Table("cockpit_referral_rollup", List.of("received_month", "org", "region", "unit"), measures,
        rows.toString());
  }

  static final Table DAYS = new Table("cockpit_days_rollup",
      List.of("received_month", "intake_org", "region", "day_bin", "unit"), List.of("cases"),
      "SELECT case_number, received_month, intake_org, region,"
          + " CAST(CAST(FLOOR(days_to_first_delivery) AS INTEGER) AS VARCHAR(6)) AS day_bin, unit, 1 AS cases"
          + " FROM cockpit_case WHERE days_to_first_delivery IS NOT NULL");

  static final List<Table> TABLES = List.of(CASES, CATEGORIES, REFERRALS, DAYS);

  private static final Comparator<List<String>> KEY_ORDER = (a, b) -> {
    for (int i = 0; i < a.size(); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  };

  /** Without a transaction, nested changes of the same case are part of the change being recorded. */
  private static final ThreadLocal<java.util.Set<String>> RECORDING = ThreadLocal.withInitial(java.util.HashSet::new);
  /** Set while {@link #recountAfter} runs its changes: the recount that follows counts them. */
  private static final ThreadLocal<Boolean> RECOUNTING = ThreadLocal.withInitial(() -> Boolean.FALSE);

  /** The cases a transaction changes, each with its contribution as it was before the transaction's first change. */
  private static final class Pending {
    private final Map<String, Map<Table, Map<List<String>, BigDecimal[]>>> before = new LinkedHashMap<>();
    /** Set once the deltas are written: a change after that would be lost, so it fails instead. */
    private boolean written;
    /** Set by a refill, which counted every case as it stands, a case registered in this transaction too. */
    private boolean refilled;
  }

  /** The first key of the cases' advisory locks (the second is the case number's hash): AidFlow's cockpit. */
  private static final int CASE_LOCKS = 19_011;

  private final JdbcTemplate jdbc;
  private final boolean postgres;

  public CockpitRollup(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    this.postgres = Databases.isPostgres(jdbc);
  }

  /**
   * Runs a change of the case's projection rows and records what it changes in the rollups. In a transaction, the
   * first change of a case takes the case's lock until the commit and reads the case's contribution (a case registered
   * by the transaction itself has none, and no other transaction sees it: neither is done); just before the commit it
   * is read again and the difference is added. Every writer of the columns the rollups read comes through
   * here, so while the lock is held no other transaction changes what the two reads see: a parallel referral's step
   * of the same case waits, and nothing it commits is counted twice. (Read around each change without the lock, a step
   * committed between the two reads was counted in both.) Without a transaction, the contribution is read just before
   * and just after the change, and the difference added at once.
   */
  public <T> T change(String caseNumber, Supplier<T> change) {
    if (caseNumber == null || RECOUNTING.get()) {
      return change.get();
    }
    Pending pending = pending();
    if (pending == null) {
      return changeAtOnce(caseNumber, change);
    }
    open(pending, caseNumber);
    return change.get();
  }

  /**
   * Takes the cases' locks in the order of their numbers, before changes that run through several cases (a unit's
   * work moved): two such transactions then never wait for each other in a circle. Without a transaction, or before a
   * recount ({@link #recountAfter}), nothing.
   */
  public void lockInOrder(Collection<String> caseNumbers) {
    if (RECOUNTING.get()) {
      return;
    }
    Pending pending = pending();
    if (pending != null) {
      new TreeSet<>(caseNumbers).forEach(caseNumber -> open(pending, caseNumber));
    }
  }

  /** Whether this transaction has changed the case already: its contribution is read (and on PostgreSQL, locked). */
  public boolean holds(String caseNumber) {
    Pending pending = CommitOrder.gathered(this);
    return pending != null && pending.before.containsKey(caseNumber);
  }

  /** The cases this transaction changes, written just before it commits; null without a transaction. */
  private Pending pending() {
    return CommitOrder.pending(this, CommitOrder.COCKPIT_ROLLUPS, Pending::new, this::recordAtCommit);
  }

  /** The transaction's first change of the case: its lock, then its contribution as it stands. */
  private void open(Pending pending, String caseNumber) {
    if (pending.written) {
      throw new IllegalStateException("the cockpit's rollups of this transaction are written already: a change of case "
          + caseNumber + " now would not be counted");
    }
    if (pending.before.containsKey(caseNumber)) {
      return;
    }
    // a case registered by this transaction contributes nothing yet, and no other transaction sees it to change it
    pending.before.put(caseNumber, !pending.refilled && CaseRegistry.registeredInThisTransaction(caseNumber)
        .isPresent() ? noContribution() : postgres ? lockedContribution(caseNumber) : contribution(caseNumber));
  }

  /** No rows in any rollup: each table's rows kept in key order as they are added. */
  private static Map<Table, Map<List<String>, BigDecimal[]>> noContribution() {
    Map<Table, Map<List<String>, BigDecimal[]>> rows = new HashMap<>();
    TABLES.forEach(table -> rows.put(table, new TreeMap<>(KEY_ORDER)));
    return rows;
  }

  /**
   * The case's lock, then its contribution, sent together (one round trip to the database instead of two, 8 per case
   * in the loop). A lock of the case's number, not of its row: re-registering a case deletes and inserts the row, and
   * a lock on a row that is gone holds nobody. Two statements, not one: at READ COMMITTED, PostgreSQL's level and the
   * engine's, each takes its own snapshot, so the read sees what a transaction that held the lock committed, where a
   * read in the lock's statement would see the rows as they were before the wait. (H2, the demo's one node, takes
   * none.)
   */
  private Map<Table, Map<List<String>, BigDecimal[]>> lockedContribution(String caseNumber) {
    return jdbc.execute(LOCK_THEN_CONTRIBUTION, (PreparedStatement statement) -> {
      statement.setInt(1, CASE_LOCKS);
      statement.setString(2, caseNumber);
      for (int i = 1; i <= TABLES.size(); i++) {
        statement.setString(2 + i, caseNumber); // the contribution's, one per table
      }
      statement.execute();
      if (!statement.getMoreResults()) {
        throw new IllegalStateException("no contribution read after the lock of case " + caseNumber);
      }
      try (ResultSet rows = statement.getResultSet()) {
        return contributionRows(rows);
      }
    });
  }

  private <T> T changeAtOnce(String caseNumber, Supplier<T> change) {
    if (!RECORDING.get().add(caseNumber)) {
      return change.get();
    }
    try {
      Map<Table, Map<List<String>, BigDecimal[]>> before = contribution(caseNumber);
      T result = change.get();
      addDifferences(Map.of(caseNumber, before));
      return result;
    } finally {
      RECORDING.get().remove(caseNumber);
    }
  }

  /** Each changed case's contribution now, less the one before the transaction's first change, added in key order. */
  private void recordAtCommit(Pending pending) {
    pending.written = true;
    addDifferences(pending.before);
  }

  /**
   * Adds each case's contribution now less the one given, in key order. On PostgreSQL one statement adds them, and for
   * a commit of one case (a step's) also reads that case's contribution now: one round trip where there were a read and
   * a batch per table changed (in the loop 7 round trips per case where there were 17). The contributions of several cases
   * (a person's earlier cases, a unit's work moved) are read one by one first, since a statement names only so many
   * values. On H2 (the demo) read and added here.
   */
  private void addDifferences(Map<String, Map<Table, Map<List<String>, BigDecimal[]>>> before) {
    if (before.isEmpty()) {
      return;
    }
    if (!postgres) {
      Map<Table, Map<List<String>, BigDecimal[]>> deltas = noContribution();
      before.forEach((caseNumber, earlier) -> addDifference(deltas, earlier, contribution(caseNumber)));
      addOnH2(deltas);
      return;
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    before.values().forEach(earlier -> addRows(rows, earlier, -1));
    if (before.size() == 1) {
      List<Object> arguments = new ArrayList<>(List.of(json(rows)));
      TABLES.forEach(table -> arguments.addAll(before.keySet()));
      jdbc.update(ADD_WITH_THE_CASE_NOW, arguments.toArray());
    } else {
      before.keySet().forEach(caseNumber -> addRows(rows, contribution(caseNumber), 1));
      jdbc.update(ADD_ROWS, json(rows));
    }
  }

  /** A contribution's rows, signed, as {@link #addStatement} reads them: table, keys and measures by position. */
  private static void addRows(List<Map<String, Object>> rows, Map<Table, Map<List<String>, BigDecimal[]>> contribution,
      int sign) {
    contribution.forEach((table, keyed) -> keyed.forEach((key, values) -> {
      Map<String, Object> row = new HashMap<>();
      row.put("rollup", TABLES.indexOf(table));
      for (int i = 0; i < key.size(); i++) {
        row.put("k" + i, key.get(i));
      }
      for (int i = 0; i < values.length; i++) {
        row.put("m" + i, sign < 0 ? values[i].negate() : values[i]);
      }
      rows.add(row);
    }));
  }

  private static String json(List<Map<String, Object>> rows) {
    try {
      return JSON.writeValueAsString(rows);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the rollups' rows could not be written as JSON", e);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static void addDifference(Map<Table, Map<List<String>, BigDecimal[]>> deltas,
      Map<Table, Map<List<String>, BigDecimal[]>> before, Map<Table, Map<List<String>, BigDecimal[]>> after) {
    for (Table table : TABLES) {
      after.get(table).forEach((key, values) -> add(deltas.get(table), key, values, 1));
      before.get(table).forEach((key, values) -> add(deltas.get(table), key, values, -1));
    }
  }

  public void change(String caseNumber, Runnable change) {
    change(caseNumber, () -> {
      change.run();
      return null;
    });
  }

  /**
   * Runs changes of many cases' projection rows without recording each (no lock, no contribution read, no delta, in
   * a transaction or not), then counts the rollups again from the rows ({@link #refill}), even when the changes
   * failed, and answers what the changes answered: for the rebuild, which rewrites every case. Recorded, each change
   * would read its case's contribution before and after it and add the difference, work the recount throws away. Not
   * nested.
   */
  public <T> T recountAfter(Supplier<T> changes) {
    T result = null;
    RuntimeException failure = null;
    RECOUNTING.set(Boolean.TRUE);
    try {
      result = changes.get();
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      RECOUNTING.remove();
    }
    try {
      refill();
    } catch (RuntimeException e) {
      if (failure == null) {
        throw e;
      }
      failure.addSuppressed(e);
    }
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  /**
   * Recomputes the rollups from the projections (rebuild, synthetic rows written), in one transaction: the
   * caller's, or one of its own.
   */
  public void refill() {
    Pending pending = pending();
    if (pending != null) {
      // the refill counts them as they are now: a change after it reads its case's contribution again
      pending.before.clear();
      pending.refilled = true;
    }
    jdbc.execute((ConnectionCallback<Void>) connection -> {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        JdbcTemplate single = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
        if (postgres) {
          // projection writers wait meanwhile, so that no delta is counted twice or lost
          single.execute("LOCK TABLE cockpit_case, cockpit_case_category, cockpit_referral IN SHARE MODE");
        }
        // rows written around the listeners (synthetic ones) carry no flag yet
        single.update("UPDATE cockpit_case SET repeat_person = TRUE WHERE NOT repeat_person AND person_hash IN"
            + " (SELECT person_hash FROM cockpit_case GROUP BY person_hash HAVING COUNT(*) > 1)");
        for (Table table : TABLES) {
          String keys = String.join(", ", table.keys());
          single.update("DELETE FROM " + table.name());
          single.update("INSERT INTO " + table.name() + " (" + keys + ", " + String.join(", ", table.measures())
              + ") SELECT " + keys + ", " + String.join(", ", table.measures().stream().map(m -> "SUM(" + m + ")")
              .toList()) + " FROM (" + table.rows() + ") r GROUP BY " + keys);
        }
        if (autoCommit) {
          connection.commit();
        }
      } catch (RuntimeException | SQLException e) {
        if (autoCommit) {
          connection.rollback();
        }
        throw e;
      } finally {
        if (autoCommit) {
          connection.setAutoCommit(true);
        }
      }
      return null;
    });
  }

  /** The case's rows in each rollup, before grouping across cases. */
  private Map<Table, Map<List<String>, BigDecimal[]>> contribution(String caseNumber) {
    return jdbc.query(CONTRIBUTION, CONTRIBUTION_ROWS, Collections.nCopies(TABLES.size(), caseNumber).toArray());
  }

  private static final ResultSetExtractor<Map<Table, Map<List<String>, BigDecimal[]>>> CONTRIBUTION_ROWS =
      CockpitRollup::contributionRows;

  private static Map<Table, Map<List<String>, BigDecimal[]>> contributionRows(ResultSet rs) throws SQLException {
    Map<Table, Map<List<String>, BigDecimal[]>> rows = noContribution();
    while (rs.next()) {
      Table table = TABLES.get(rs.getInt(1));
      List<String> key = new ArrayList<>();
      for (int i = 0; i < table.keys().size(); i++) {
        key.add(rs.getString(2 + i));
      }
      BigDecimal[] values = new BigDecimal[table.measures().size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = rs.getBigDecimal(2 + KEY_COLUMNS + i);
      }
      add(rows.get(table), key, values, 1);
    }
    return rows;
  }

  private static final int KEY_COLUMNS = TABLES.stream().mapToInt(table -> table.keys().size()).max().orElseThrow();

  private static final int MEASURE_COLUMNS = TABLES.stream().mapToInt(table -> table.measures().size()).max()
      .orElseThrow();

  /**
   * A case's rows in all the rollups in one statement (read before a transaction's first change of the case and as
   * it commits): per table its index, its keys and its measures, padded with nulls to the widest table.
   */
  private static final String CONTRIBUTION = contributionQuery();

  /** PostgreSQL: the case's lock and its contribution, two statements sent at once. */
  private static final String LOCK_THEN_CONTRIBUTION = "SELECT pg_advisory_xact_lock(?, hashtext(?)); " + CONTRIBUTION;

  private static String contributionQuery() {
    List<String> branches = new ArrayList<>();
    // the table with the most measures first: its columns give the padding nulls of the others their types
    List<Table> widestFirst = new ArrayList<>(TABLES);
    widestFirst.sort(Comparator.comparingInt((Table table) -> table.measures().size()).reversed());
    for (Table table : widestFirst) {
      int t = TABLES.indexOf(table);
      List<String> columns = new ArrayList<>(List.of(t + " AS rollup"));
      for (int i = 0; i < KEY_COLUMNS; i++) {
        columns.add((i < table.keys().size() ? table.keys().get(i) : "CAST(NULL AS VARCHAR(64))") + " AS k" + i);
      }
      for (int i = 0; i < MEASURE_COLUMNS; i++) {
        columns.add((i < table.measures().size() ? table.measures().get(i) : "NULL") + " AS m" + i);
      }
      branches.add("SELECT " + String.join(", ", columns) + " FROM (" + table.rows() + ") r" + t
          + " WHERE case_number = ?");
    }
    return String.join(" UNION ALL ", branches);
  }

  /**
   * PostgreSQL: rows given as JSON ({@link #addRows}: the contributions before, negated, and with {@link #ADD_ROWS}
   * the ones now), with {@link #ADD_WITH_THE_CASE_NOW} the contribution now of the case named (once per table, as the
   * read of one case's contribution names it; with an array of cases PostgreSQL read the cockpit's tables whole),
   * summed per rollup row and added to each table's rows in key order, rows that do not change left out. The keys are
   * ordered byte by byte, as Java orders them in {@link #KEY_ORDER} (they are ASCII). Only each table's order is
   * PostgreSQL's to keep: its sub-statements run in an order it does not promise, but the same one for both
   * statements, which share their shape, so two commits lock the rows of the four tables in the same order.
   */
  private static final String ADD_WITH_THE_CASE_NOW = addStatement(true);

  private static final String ADD_ROWS = addStatement(false);

  private static String addStatement(boolean withTheCaseNow) {
    List<String> keys = new ArrayList<>();
    List<String> measures = new ArrayList<>();
    for (int i = 0; i < KEY_COLUMNS; i++) {
      keys.add("k" + i);
    }
    for (int i = 0; i < MEASURE_COLUMNS; i++) {
      measures.add("m" + i);
    }
    String given = "SELECT * FROM json_to_recordset(CAST(? AS json)) AS g(rollup INTEGER, "
        + String.join(", ", keys.stream().map(k -> k + " VARCHAR(64)").toList()) + ", "
        + String.join(", ", measures.stream().map(m -> m + " NUMERIC").toList()) + ")";
    StringBuilder sql = new StringBuilder("WITH delta AS (SELECT rollup, " + String.join(", ", keys) + ", "
        + String.join(", ", measures.stream().map(m -> "COALESCE(SUM(" + m + "), 0) AS " + m).toList())
        + " FROM (" + given + (withTheCaseNow ? " UNION ALL " + CONTRIBUTION : "")
        + ") d GROUP BY rollup, " + String.join(", ", keys) + ")");
    // each table's upsert a sub-statement of its own, the last one the statement's
    for (Table table : TABLES) {
      int t = TABLES.indexOf(table);
      boolean last = t == TABLES.size() - 1;
      List<String> tableKeys = keys.subList(0, table.keys().size());
      List<String> tableMeasures = measures.subList(0, table.measures().size());
      sql.append(last ? " " : ", added" + t + " AS (").append("INSERT INTO ").append(table.name()).append(" AS t (")
          .append(columns(table)).append(") SELECT ").append(String.join(", ", tableKeys)).append(", ")
          .append(String.join(", ", tableMeasures)).append(" FROM delta WHERE rollup = ").append(t).append(" AND (")
          .append(String.join(" OR ", tableMeasures.stream().map(m -> m + " <> 0").toList())).append(") ORDER BY ")
          .append(String.join(", ", tableKeys.stream().map(k -> k + " COLLATE \"C\"").toList()))
          .append(" ON CONFLICT (").append(String.join(", ", table.keys())).append(") DO UPDATE SET ")
          .append(String.join(", ", table.measures().stream().map(m -> m + " = t." + m + " + EXCLUDED." + m)
              .toList())).append(last ? "" : ")");
    }
    return sql.toString();
  }

  /** H2 (the demo): each table's changed rows in key order. */
  private void addOnH2(Map<Table, Map<List<String>, BigDecimal[]>> deltas) {
    for (Table table : TABLES) {
      deltas.get(table).forEach((key, values) -> {
        if (!zero(values)) {
          upsertOnH2(table, key, values);
        }
      });
    }
  }

  private static String columns(Table table) {
    return String.join(", ", table.keys()) + ", " + String.join(", ", table.measures());
  }

  private static String placeholders(Table table) {
    return "?, ".repeat(table.keys().size() + table.measures().size() - 1) + "?";
  }

  /** H2 (the demo): one writer at a time in practice; update, else insert. */
  private void upsertOnH2(Table table, List<String> key, BigDecimal[] values) {
    List<Object> updateArguments = new ArrayList<>(List.of(values));
    updateArguments.addAll(key);
    int updated = jdbc.update("UPDATE " + table.name() + " SET " + String.join(", ", table.measures().stream()
            .map(m -> m + " = " + m + " + ?").toList()) + " WHERE " + String.join(" AND ", table.keys().stream()
            .map(k -> k + " = ?").toList()), updateArguments.toArray());
    if (updated == 0) {
      List<Object> arguments = new ArrayList<>(key);
      arguments.addAll(List.of(values));
      jdbc.update("INSERT INTO " + table.name() + " (" + columns(table) + ") VALUES (" + placeholders(table) + ")",
          arguments.toArray());
    }
  }

  private static void add(Map<List<String>, BigDecimal[]> sums, List<String> key, BigDecimal[] values, int sign) {
    BigDecimal[] sum = sums.computeIfAbsent(key, k -> {
      BigDecimal[] zeros = new BigDecimal[values.length];
      java.util.Arrays.fill(zeros, BigDecimal.ZERO);
      return zeros;
    });
    for (int i = 0; i < values.length; i++) {
      BigDecimal value = values[i] == null ? BigDecimal.ZERO : values[i];
      sum[i] = sign > 0 ? sum[i].add(value) : sum[i].subtract(value);
    }
  }

  private static boolean zero(BigDecimal[] values) {
    for (BigDecimal value : values) {
      if (value.signum() != 0) {
        return false;
      }
    }
    return true;
  }
}
