package org.aidflow.benchmark;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Fills AidFlow's database with open cases fast, for the open-cases part: starting 100,000 cases through the engine
 * takes tens of ms each on 2 cores, so a few template cases are run through the engine to where open cases wait
 * (verification, acceptance of the referral, the plan) and their rows are then copied in SQL, many times over.
 *
 * <p>Which rows a template wrote: every row of every table with a transaction id (xmin) between the templates' start
 * and end, kept if it belongs to a template: it holds one of the template's values (its case's process instance id
 * or case number to start with, then every single-column text key and unique text value of the rows found, and the
 * captured rows their foreign keys point at, e.g. a variable's byte array, until nothing more is found). Shared rows
 * the templates only updated (the year's case-number counter, the cockpit's rollups, the fund) hold none of those
 * values and are not copied. Each copy n maps every such value consistently: Camunda's ids to {@code md5(value:n)}
 * as a UUID, a case number to a number of its own (QBH-YYYY-300001 upwards, clear of the year's counter), a
 * 64-character person hash to two md5s; integer keys of AidFlow's tables (and the foreign keys and {@code referralId}
 * variables pointing at them) move by 10^13 + n × 10^7, clear of their sequences. The copies are inserted with
 * {@code session_replication_role = replica} (no foreign-key triggers; AidFlow has no other triggers), the indexes
 * that back no constraint dropped meanwhile and built again after; then the tables are vacuumed and analysed. Not
 * copied: the cockpit's rollups (their counts leave the copies out). Byte-array contents are copied as they are (a
 * copy's serialized variables, e.g. the case header, still name the template's case), as are encrypted values.
 */
final class OpenCasesFill {

  /** Tables never copied: the engine's properties and metrics, definitions, identities, the migrations. */
  private static final List<String> NOT_COPIED = List.of("act_ge_property", "act_ru_meter_log",
      "act_ru_task_meter_log", "flyway_schema_history");
  private static final String SCHEMA = "openfill";
  /** Integer keys of the copies start here, clear of the tables' sequences and of the cockpit part's 8 × 10^9. */
  private static final long OFFSET = 10_000_000_000_000L;
  private static final long PER_COPY = 10_000_000L;
  private static final int FIRST_NUMBER = 300_000;

  /** A template: the case started and taken to the step, and how many open cases it stands for (itself included). */
  record Template(AidFlowCases.Step step, String processInstanceId, String caseNumber, int cases, int firstNumber) {

    /** The case number of copy n (1 ..< cases). */
    String copyNumber(int n) {
      return caseNumber.substring(0, 9) + String.format(Locale.ROOT, "%06d", firstNumber + n);
    }
  }

  /** What the fill did. */
  record Result(List<Template> templates, Map<String, Long> rowsByTable, long templateMillis, long copyMillis,
      long vacuumMillis) {

    long rows() {
      return rowsByTable.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final AidFlowCases aidFlow;
  private final DataSource dataSource;

  OpenCasesFill(AidFlowCases aidFlow, DataSource dataSource) {
    this.aidFlow = aidFlow;
    this.dataSource = dataSource;
  }

  /**
   * Open cases in all, waiting: half at verification, a quarter at the referral's acceptance, a quarter at the plan.
   */
  Result fill(int cases) throws Exception {
    List<AidFlowCases.Step> steps = List.of(AidFlowCases.Step.VERIFY, AidFlowCases.Step.VERIFY,
        AidFlowCases.Step.ACCEPT, AidFlowCases.Step.PLAN);
    JdbcTemplate jdbc = aidFlow.jdbc();
    long started = System.nanoTime();
    long firstXid = jdbc.queryForObject("SELECT txid_current() % 4294967296", Long.class);
    List<String> instances = new ArrayList<>();
    for (AidFlowCases.Step step : steps) {
      instances.add(aidFlow.openCaseAt(step));
    }
    long lastXid = jdbc.queryForObject("SELECT txid_current() % 4294967296", Long.class);
    if (lastXid <= firstXid) {
      throw new IllegalStateException("transaction ids wrapped around during the templates");
    }
    List<Template> templates = new ArrayList<>();
    int number = FIRST_NUMBER;
    for (int t = 0; t < steps.size(); t++) {
      int share = cases / steps.size() + (t < cases % steps.size() ? 1 : 0);
      String caseNumber = jdbc.queryForObject("SELECT case_number FROM aid_case WHERE process_instance_id = ?",
          String.class, instances.get(t));
      templates.add(new Template(steps.get(t), instances.get(t), caseNumber, share, number));
      number += share;
    }
    if (number >= 1_000_000) {
      throw new IllegalArgumentException("at most " + (1_000_000 - FIRST_NUMBER) + " open cases fit the case numbers");
    }
    long templateMillis = (System.nanoTime() - started) / 1_000_000;

    started = System.nanoTime();
    Map<String, Long> rows;
    try (SingleConnectionDataSource single = new SingleConnectionDataSource(dataSource.getConnection(), true)) {
      JdbcTemplate sql = new JdbcTemplate(single);
      rows = copy(sql, templates, firstXid, lastXid);
    }
    long copyMillis = (System.nanoTime() - started) / 1_000_000;
    started = System.nanoTime();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      for (String table : rows.keySet()) {
        s.execute("VACUUM ANALYZE " + table);
      }
    }
    return new Result(templates, rows, templateMillis, copyMillis, (System.nanoTime() - started) / 1_000_000);
  }

  private Map<String, Long> copy(JdbcTemplate sql, List<Template> templates, long firstXid, long lastXid) {
    sql.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    sql.execute("CREATE SCHEMA " + SCHEMA);
    sql.execute("CREATE TABLE " + SCHEMA + ".ids (old TEXT PRIMARY KEY, tpl INT NOT NULL)");
    sql.execute("CREATE TABLE " + SCHEMA + ".tpl (tpl INT PRIMARY KEY, copies INT NOT NULL)");
    for (int t = 0; t < templates.size(); t++) {
      Template template = templates.get(t);
      sql.update("INSERT INTO " + SCHEMA + ".ids VALUES (?, ?), (?, ?)", template.processInstanceId(), t + 1,
          template.caseNumber(), t + 1);
      sql.update("INSERT INTO " + SCHEMA + ".tpl VALUES (?, ?)", t + 1, template.cases() - 1);
    }
    // the rows written while the templates ran, per table
    Map<String, List<Column>> tables = new LinkedHashMap<>();
    for (String table : sql.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema ="
        + " 'public' AND table_type = 'BASE TABLE' ORDER BY table_name", String.class)) {
      if (NOT_COPIED.contains(table) || table.startsWith("act_re_") || table.startsWith("act_id_")) {
        continue;
      }
      sql.execute("CREATE TABLE " + SCHEMA + "." + table + " AS SELECT *, 0 AS tpl_ FROM public." + table
          + " WHERE xmin::text::bigint > " + firstXid + " AND xmin::text::bigint < " + lastXid);
      Integer captured = sql.queryForObject("SELECT COUNT(*) FROM " + SCHEMA + "." + table, Integer.class);
      if (captured != null && captured > 0) {
        tables.put(table, columns(sql, table));
      }
    }
    // which of them belong to a template: until no more is found
    long related = -1;
    while (true) {
      for (Map.Entry<String, List<Column>> table : tables.entrySet()) {
        String texts = table.getValue().stream().filter(c -> c.text() || c.uuid()).map(c -> "s." + c.name() + "::text")
            .collect(Collectors.joining(", "));
        if (texts.isEmpty()) {
          continue;
        }
        sql.update("UPDATE " + SCHEMA + "." + table.getKey() + " s SET tpl_ = i.tpl FROM " + SCHEMA + ".ids i"
            + " WHERE s.tpl_ = 0 AND i.old IN (" + texts + ")");
        for (Column key : table.getValue()) {
          // a row of a template points at a captured row (e.g. a variable at its byte array): that row is the
          // template's too, whatever else it holds
          if ((key.text() || key.uuid()) && key.referencesTable() != null && tables.containsKey(key.referencesTable())) {
            sql.update("INSERT INTO " + SCHEMA + ".ids SELECT s." + key.name() + "::text, s.tpl_ FROM " + SCHEMA + "."
                + table.getKey() + " s JOIN " + SCHEMA + "." + key.referencesTable() + " r ON r."
                + key.referencesColumn() + "::text = s." + key.name() + "::text WHERE s.tpl_ > 0"
                + " ON CONFLICT DO NOTHING");
          }
          if ((key.text() || key.uuid()) && key.unique()) {
            sql.update("INSERT INTO " + SCHEMA + ".ids SELECT " + key.name() + "::text, tpl_ FROM " + SCHEMA + "."
                + table.getKey() + " WHERE tpl_ > 0 AND " + key.name() + " IS NOT NULL ON CONFLICT DO NOTHING");
          }
        }
      }
      long now = tables.keySet().stream().mapToLong(table -> sql.queryForObject("SELECT COUNT(*) FROM " + SCHEMA
          + "." + table + " WHERE tpl_ > 0", Long.class)).sum();
      if (now == related) {
        break;
      }
      related = now;
    }
    tables.keySet().removeIf(table -> sql.queryForObject("SELECT COUNT(*) FROM " + SCHEMA + "." + table
        + " WHERE tpl_ > 0", Long.class) == 0);
    // which values of the captured rows are a template's: marked once, not looked up for every copy
    for (Map.Entry<String, List<Column>> table : tables.entrySet()) {
      for (Column c : table.getValue()) {
        if (c.text() || c.uuid()) {
          String staged = SCHEMA + "." + table.getKey();
          sql.execute("ALTER TABLE " + staged + " ADD COLUMN " + c.marker() + " BOOLEAN");
          sql.update("UPDATE " + staged + " SET " + c.marker() + " = " + c.name() + "::text IN (SELECT old FROM "
              + SCHEMA + ".ids)");
        }
      }
    }
    // integer keys to move: single-column keys of the copied tables and the foreign keys pointing at them
    Map<String, Long> inserted = new LinkedHashMap<>();
    // the indexes that back no constraint are dropped while the copies go in and built again after (a sort each
    // instead of millions of inserts into them)
    List<String> indexes = sql.queryForList("SELECT i.indexrelid::regclass::text || ';' || pg_get_indexdef(i.indexrelid)"
        + " FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
        + " WHERE n.nspname = 'public' AND t.relname = ANY (?) AND NOT EXISTS (SELECT 1 FROM pg_constraint c"
        + " WHERE c.conindid = i.indexrelid)", String.class, (Object) tables.keySet().toArray(String[]::new));
    for (String index : indexes) {
      sql.execute("DROP INDEX " + index.substring(0, index.indexOf(';')));
    }
    sql.execute("SET session_replication_role = replica");
    try {
      for (Map.Entry<String, List<Column>> table : tables.entrySet()) {
        List<Column> columns = table.getValue();
        boolean variables = columns.stream().anyMatch(c -> c.name().equals("name_"))
            && columns.stream().anyMatch(c -> c.name().equals("long_"));
        List<String> values = new ArrayList<>();
        for (Column c : columns) {
          String s = "s." + c.name();
          String mapped;
          String idsHold = "s." + c.marker();
          if (c.integerKey() || c.integer() && c.referencesTable() != null && tables.containsKey(c.referencesTable())) {
            mapped = s + " + (" + OFFSET + " + g.n * " + PER_COPY + "::bigint)";
          } else if (variables && c.name().equals("long_")) {
            mapped = "CASE WHEN s.name_ = 'referralId' THEN " + s + " + (" + OFFSET + " + g.n * " + PER_COPY
                + "::bigint) ELSE " + s + " END";
          } else if (variables && c.name().equals("text_")) {
            mapped = "CASE WHEN s.name_ = 'referralId' AND s.long_ IS NOT NULL THEN (s.long_ + (" + OFFSET + " + g.n * "
                + PER_COPY + "::bigint))::text WHEN " + idsHold + " THEN " + map(templates, s) + " ELSE " + s + " END";
          } else if (c.uuid()) {
            mapped = "CASE WHEN " + idsHold + " THEN (" + map(templates, s + "::text") + ")::uuid ELSE " + s + " END";
          } else if (c.text()) {
            mapped = "CASE WHEN " + idsHold + " THEN " + map(templates, s) + " ELSE " + s + " END";
          } else {
            mapped = s;
          }
          values.add(mapped);
        }
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        boolean always = columns.stream().anyMatch(Column::generatedAlways);
        long n = sql.update("INSERT INTO public." + table.getKey() + " (" + names + ")"
            + (always ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT " + String.join(", ", values) + " FROM " + SCHEMA
            + "." + table.getKey() + " s JOIN " + SCHEMA + ".tpl p ON p.tpl = s.tpl_"
            + " CROSS JOIN LATERAL generate_series(1, p.copies) g(n)");
        inserted.put(table.getKey(), n);
      }
    } finally {
      sql.execute("SET session_replication_role = origin");
      sql.execute("SET maintenance_work_mem = '256MB'");
      for (String index : indexes) {
        sql.execute(index.substring(index.indexOf(';') + 1));
      }
    }
    sql.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
    return inserted;
  }

  /**
   * Copy g.n's value of a template's value v: a template's case number to one of its own, a 64-character person hash
   * to another, any other id to a UUID. Immutable functions only, inline (no function call per value).
   */
  private static String map(List<Template> templates, String v) {
    StringBuilder map = new StringBuilder("CASE");
    for (Template template : templates) {
      map.append(" WHEN ").append(v).append(" = '").append(template.caseNumber()).append("' THEN '")
          .append(template.caseNumber(), 0, 9).append("' || lpad((").append(template.firstNumber())
          .append(" + g.n)::text, 6, '0')");
    }
    return map.append(" WHEN length(").append(v).append(") = 64 THEN md5(").append(v).append(" || ':' || g.n) || md5(g.n")
        .append(" || ':' || ").append(v).append(") ELSE md5(").append(v).append(" || ':' || g.n)::uuid::text END")
        .toString();
  }

  /** A column of a table to copy: how its values are mapped. */
  record Column(String name, String type, boolean unique, boolean integerKey, String referencesTable,
      String referencesColumn, boolean generatedAlways) {

    boolean text() {
      return type.equals("text") || type.equals("character varying") || type.equals("character");
    }

    boolean uuid() {
      return type.equals("uuid");
    }

    boolean integer() {
      return type.equals("bigint") || type.equals("integer");
    }

    /** Marks whether the row's value is a template's (precomputed once per captured row). */
    String marker() {
      return name + "__m";
    }
  }

  private static List<Column> columns(JdbcTemplate sql, String table) {
    // single-column unique indexes (primary keys among them)
    List<String> unique = sql.queryForList("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid ="
        + " i.indrelid AND a.attnum = i.indkey[0] WHERE i.indrelid = ('public.' || ?)::regclass AND i.indisunique"
        + " AND i.indnatts = 1", String.class, table);
    List<String> primary = sql.queryForList("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid ="
        + " i.indrelid AND a.attnum = i.indkey[0] WHERE i.indrelid = ('public.' || ?)::regclass AND i.indisprimary"
        + " AND i.indnatts = 1", String.class, table);
    Map<String, String> references = new LinkedHashMap<>();
    Map<String, String> referencedColumns = new LinkedHashMap<>();
    sql.query("SELECT a.attname, r.relname, ra.attname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid ="
        + " c.conrelid AND a.attnum = c.conkey[1] JOIN pg_class r ON r.oid = c.confrelid JOIN pg_attribute ra ON"
        + " ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1] WHERE c.contype = 'f'"
        + " AND c.conrelid = ('public.' || ?)::regclass AND array_length(c.conkey, 1) = 1", rs -> {
          references.put(rs.getString(1), rs.getString(2));
          referencedColumns.put(rs.getString(1), rs.getString(3));
        }, table);
    return sql.query("SELECT column_name, data_type, is_identity, identity_generation FROM information_schema.columns"
        + " WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position", (rs, row) -> {
          String name = rs.getString(1);
          String type = rs.getString(2);
          boolean integer = type.equals("bigint") || type.equals("integer");
          return new Column(name, type, unique.contains(name), integer && primary.contains(name),
              references.get(name), referencedColumns.get(name), "ALWAYS".equals(rs.getString(4)));
        }, table);
  }

  static String describe(Result r) {
    return r.templates().stream().map(t -> t.cases() + " at " + t.step()).collect(Collectors.joining(", "));
  }
}
