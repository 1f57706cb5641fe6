package org.aidflow.cockpit.projection;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.aidflow.servicelevel.ServiceLevelStep;
import org.aidflow.shared.CommitOrder;
import org.aidflow.shared.Databases;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The rollups of V11, keyed by unit too since V19 (cockpit_case_rollup, cockpit_category_rollup, cockpit_referral_rollup). A change of a case's
 * projection rows is turned into deltas (its contribution after minus before), summed per rollup row within the
 * transaction and added just before it commits, in key order: a busy rollup row (this month, union, Hangzhou) is
 * locked only while a step commits, and two commits lock rows in the same order (the pattern of FundLedger.adjust).
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

  /** Within a change already being recorded, nested changes of the same case are part of it. */
  private static final ThreadLocal<java.util.Set<String>> RECORDING = ThreadLocal.withInitial(java.util.HashSet::new);

  private final JdbcTemplate jdbc;
  private final boolean postgres;

  public CockpitRollup(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    this.postgres = Databases.isPostgres(jdbc);
  }

  /**
   * Runs a change of the case's projection rows and records what it changes in the rollups: the case's contribution
   * just before and just after the change. (Read once per transaction instead, the "after" at the commit would also
   * hold what other transactions committed meanwhile for the same case — a parallel referral's step — and count it a
   * second time.)
   */
  public <T> T change(String caseNumber, Supplier<T> change) {
    if (caseNumber == null || !RECORDING.get().add(caseNumber)) {
      return change.get();
    }
    try {
      Map<Table, Map<List<String>, BigDecimal[]>> before = contribution(caseNumber);
      T result = change.get();
      Map<Table, Map<List<String>, BigDecimal[]>> after = contribution(caseNumber);
      Map<Table, TreeMap<List<String>, BigDecimal[]>> deltas = new HashMap<>();
      for (Table table : TABLES) {
        TreeMap<List<String>, BigDecimal[]> delta = new TreeMap<>(KEY_ORDER);
        after.get(table).forEach((key, values) -> add(delta, key, values, 1));
        before.get(table).forEach((key, values) -> add(delta, key, values, -1));
        delta.values().removeIf(CockpitRollup::zero);
        deltas.put(table, delta);
      }
      record(deltas);
      return result;
    } finally {
      RECORDING.get().remove(caseNumber);
    }
  }

  public void change(String caseNumber, Runnable change) {
    change(caseNumber, () -> {
      change.run();
      return null;
    });
  }

  /**
   * Recomputes the rollups from the projections (rebuild, synthetic rows written), in one transaction: the
   * caller's, or one of its own.
   */
  public void refill() {
    Object pending = TransactionSynchronizationManager.getResource(this);
    if (pending != null) {
      // counted by the refill already
      @SuppressWarnings("unchecked")
      Map<Table, TreeMap<List<String>, BigDecimal[]>> deltas = (Map<Table, TreeMap<List<String>, BigDecimal[]>>) pending;
      deltas.values().forEach(Map::clear);
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
      } catch (RuntimeException | java.sql.SQLException e) {
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
    Map<Table, Map<List<String>, BigDecimal[]>> rows = new HashMap<>();
    TABLES.forEach(table -> rows.put(table, new TreeMap<>(KEY_ORDER)));
    jdbc.query(CONTRIBUTION, rs -> {
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
    }, java.util.Collections.nCopies(TABLES.size(), caseNumber).toArray());
    return rows;
  }

  private static final int KEY_COLUMNS = TABLES.stream().mapToInt(table -> table.keys().size()).max().orElseThrow();

  /**
   * A case's rows in all the rollups in one statement (read before and after each change of the case):
   * per table its index, its keys and its measures, padded with nulls to the widest table.
   */
  private static final String CONTRIBUTION = contributionQuery();

  private static String contributionQuery() {
    int measureColumns = TABLES.stream().mapToInt(table -> table.measures().size()).max().orElseThrow();
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
      for (int i = 0; i < measureColumns; i++) {
        columns.add((i < table.measures().size() ? table.measures().get(i) : "NULL") + " AS m" + i);
      }
      branches.add("SELECT " + String.join(", ", columns) + " FROM (" + table.rows() + ") r" + t
          + " WHERE case_number = ?");
    }
    return String.join(" UNION ALL ", branches);
  }

  /** Deltas of the transaction, added before it commits; without a transaction, at once. */
  private void record(Map<Table, TreeMap<List<String>, BigDecimal[]>> deltas) {
    Map<Table, TreeMap<List<String>, BigDecimal[]>> pending = CommitOrder.pending(this, CommitOrder.COCKPIT_ROLLUPS,
        () -> {
          Map<Table, TreeMap<List<String>, BigDecimal[]>> created = new HashMap<>();
          TABLES.forEach(table -> created.put(table, new TreeMap<>(KEY_ORDER)));
          return created;
        }, this::apply);
    if (pending == null) {
      apply(deltas);
      return;
    }
    for (Map.Entry<Table, TreeMap<List<String>, BigDecimal[]>> table : deltas.entrySet()) {
      TreeMap<List<String>, BigDecimal[]> sums = pending.get(table.getKey());
      table.getValue().forEach((key, values) -> add(sums, key, values, 1));
    }
  }

  private void apply(Map<Table, TreeMap<List<String>, BigDecimal[]>> deltas) {
    for (Table table : TABLES) {
      TreeMap<List<String>, BigDecimal[]> rows = deltas.get(table);
      if (rows == null) {
        continue;
      }
      for (Map.Entry<List<String>, BigDecimal[]> row : rows.entrySet()) {
        if (!zero(row.getValue())) {
          upsert(table, row.getKey(), row.getValue());
        }
      }
    }
  }

  private void upsert(Table table, List<String> key, BigDecimal[] values) {
    List<Object> arguments = new ArrayList<>(key);
    arguments.addAll(List.of(values));
    String columns = String.join(", ", table.keys()) + ", " + String.join(", ", table.measures());
    String placeholders = "?, ".repeat(table.keys().size() + table.measures().size() - 1) + "?";
    if (postgres) {
      jdbc.update("INSERT INTO " + table.name() + " AS t (" + columns + ") VALUES (" + placeholders + ")"
          + " ON CONFLICT (" + String.join(", ", table.keys()) + ") DO UPDATE SET " + String.join(", ",
          table.measures().stream().map(m -> m + " = t." + m + " + EXCLUDED." + m).toList()), arguments.toArray());
    } else {
      // H2 (the demo): one writer at a time in practice; update, else insert
      List<Object> updateArguments = new ArrayList<>(List.of(values));
      updateArguments.addAll(key);
      int updated = jdbc.update("UPDATE " + table.name() + " SET " + String.join(", ", table.measures().stream()
              .map(m -> m + " = " + m + " + ?").toList()) + " WHERE " + String.join(" AND ", table.keys().stream()
              .map(k -> k + " = ?").toList()), updateArguments.toArray());
      if (updated == 0) {
        jdbc.update("INSERT INTO " + table.name() + " (" + columns + ") VALUES (" + placeholders + ")",
            arguments.toArray());
      }
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
