package org.aidflow.ops;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.aidflow.shared.Databases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Camunda's indexes on columns AidFlow leaves empty in every row or in most, narrowed to the rows that fill them
 * ({@code WHERE column IS NOT NULL}).
 *
 * <p>PostgreSQL's B-tree indexes hold an entry for every row, an empty column's too, so each row Camunda writes costs
 * an entry in each of these indexes that no look-up reads. Empty in every row: the removal time (AidFlow cleans history
 * up by end time and stamps none; on the history tables a case writes, the byte arrays and the grants), the tenant
 * (AidFlow's organisations are units, not tenants), the CMMN case columns, a variable's batch and a restarted
 * instance. Empty in most: a failed job's stack trace, a variable's task or byte array, a byte array's deployment, a
 * called instance's super execution. Together about 1,430 of the 4,250 entries a case writes to Camunda's indexes
 * (docs/benchmark-and-tuning.md, "indexes on empty columns"). Narrowed, each index keeps its name and columns and
 * answers every look-up by a value as before, a prepared statement's and a foreign-key check's too. Only a search for
 * the empty ones ({@code IS NULL}) can no longer use it, and such a search matches nearly every row. The index of a
 * variable's task, name and type stays whole: with the task empty it serves Camunda's filters by a process variable's
 * name.
 *
 * <p>Each index is dropped and built again in a transaction of its own, which waits at most 2 s for the table, holds
 * it while it builds and gives up after 5 s. A table above 100 MB is left as it is, with a warning giving the
 * statements that build the index without holding the table (docs/operations.md). PostgreSQL only: H2, the demo's
 * database, has no partial indexes.
 */
@Component
public class NarrowedEngineIndexes {

  /** One of Camunda's indexes by name, table and columns; the first column is the one AidFlow leaves empty. */
  record Narrowed(String name, String table, String columns) {

    String emptyColumn() {
      return columns.split(",")[0];
    }

    /**
     * Drops Camunda's index and builds it narrowed under the same name, as one transaction: its first statement takes
     * the one lock it needs (so it never waits while holding a lesser one), and the table is read and written again
     * once the build commits.
     */
    List<String> rebuild() {
      return List.of("DROP INDEX " + name, "CREATE INDEX " + name + narrowed());
    }

    /** The same without holding the table, for its owner to run by hand, one statement at a time. */
    String byHand() {
      return "CREATE INDEX CONCURRENTLY " + name + "_n" + narrowed() + "; DROP INDEX CONCURRENTLY " + name
          + "; ALTER INDEX " + name + "_n RENAME TO " + name;
    }

    /** What follows the name in the narrowed index's definition. */
    private String narrowed() {
      return " ON " + table + " (" + columns + ") WHERE " + emptyColumn() + " IS NOT NULL";
    }
  }

  private static Stream<Narrowed> on(String table, String... indexAndColumns) {
    return Stream.iterate(0, i -> i < indexAndColumns.length, i -> i + 2)
        .map(i -> new Narrowed(indexAndColumns[i], table, indexAndColumns[i + 1]));
  }

  /** As Camunda 7.24's PostgreSQL schema names them, on the tables a case writes. */
  static final List<Narrowed> INDEXES = Stream.of(
      on("act_ge_bytearray", "act_idx_bytear_depl", "deployment_id_", "act_idx_bytearray_rm_time", "removal_time_"),
      on("act_hi_actinst", "act_idx_hi_act_inst_rm_time", "removal_time_", "act_idx_hi_act_inst_tenant_id",
          "tenant_id_"),
      on("act_hi_decinst", "act_idx_hi_dec_inst_ci", "case_inst_id_", "act_idx_hi_dec_inst_rm_time", "removal_time_",
          "act_idx_hi_dec_inst_tenant_id", "tenant_id_"),
      on("act_hi_dec_in", "act_idx_hi_dec_in_rm_time", "removal_time_"),
      on("act_hi_dec_out", "act_idx_hi_dec_out_rm_time", "removal_time_"),
      on("act_hi_detail", "act_idx_hi_detail_bytear", "bytearray_id_", "act_idx_hi_detail_task_bytear",
          "bytearray_id_,task_id_", "act_idx_hi_detail_case_exec", "case_execution_id_", "act_idx_hi_detail_case_inst",
          "case_inst_id_", "act_idx_hi_detail_rm_time", "removal_time_", "act_idx_hi_detail_task_id", "task_id_",
          "act_idx_hi_detail_tenant_id", "tenant_id_"),
      on("act_hi_identitylink", "act_idx_hi_ident_link_rm_time", "removal_time_", "act_idx_hi_ident_lnk_tenant_id",
          "tenant_id_"),
      on("act_hi_job_log", "act_idx_hi_job_log_ex_stack", "job_exception_stack_id_", "act_idx_hi_job_log_rm_time",
          "removal_time_", "act_idx_hi_job_log_tenant_id", "tenant_id_"),
      on("act_hi_op_log", "act_idx_hi_op_log_rm_time", "removal_time_"),
      on("act_hi_procinst", "act_idx_hi_pro_inst_rm_time", "removal_time_", "act_idx_hi_pro_rst_pro_inst_id",
          "restarted_proc_inst_id_", "act_idx_hi_pro_inst_tenant_id", "tenant_id_"),
      on("act_hi_taskinst", "act_idx_hi_task_inst_rm_time", "removal_time_", "act_idx_hi_task_inst_tenant_id",
          "tenant_id_"),
      on("act_hi_varinst", "act_idx_hi_varinst_bytear", "bytearray_id_", "act_idx_hi_casevar_case_inst",
          "case_inst_id_", "act_idx_hi_varinst_rm_time", "removal_time_", "act_idx_hi_var_inst_tenant_id",
          "tenant_id_"),
      on("act_ru_authorization", "act_idx_auth_rm_time", "removal_time_"),
      on("act_ru_event_subscr", "act_idx_event_subscr_tenant_id", "tenant_id_"),
      on("act_ru_execution", "act_idx_exe_super", "super_exec_", "act_idx_exec_tenant_id", "tenant_id_"),
      on("act_ru_job", "act_idx_job_exception", "exception_stack_id_", "act_idx_job_tenant_id", "tenant_id_"),
      on("act_ru_task", "act_idx_task_case_def_id", "case_def_id_", "act_idx_task_case_exec", "case_execution_id_",
          "act_idx_task_tenant_id", "tenant_id_"),
      on("act_ru_variable", "act_idx_batch_id", "batch_id_", "act_idx_var_bytearray", "bytearray_id_",
          "act_idx_var_case_inst_id", "case_inst_id_", "act_idx_var_case_exe", "case_execution_id_",
          "act_idx_variable_task_id", "task_id_", "act_idx_variable_tenant_id", "tenant_id_"))
      .flatMap(s -> s).toList();

  /** 100 MB, as the catalogue last counted: a rebuild reads the table whole, a larger one would hold it longer. */
  static final long LARGEST_TABLE_PAGES = 12_800;

  private static final Logger LOG = LoggerFactory.getLogger(NarrowedEngineIndexes.class);

  private final JdbcTemplate jdbc;

  public NarrowedEngineIndexes(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @EventListener
  @Order(0)
  public void onReady(ApplicationReadyEvent event) {
    narrow();
  }

  /** Narrows each listed index that is still Camunda's own; after the first start there is nothing to do. */
  void narrow() {
    if (!Databases.isPostgres(jdbc)) {
      return;
    }
    // one look at the catalogue: an index narrowed already has a predicate, one missing is left to its owner
    Map<String, Long> whole = new HashMap<>();
    jdbc.query("SELECT n, t.relpages FROM unnest(?::text[]) n JOIN pg_index i ON i.indexrelid = to_regclass(n)"
            + " JOIN pg_class t ON t.oid = i.indrelid WHERE i.indpred IS NULL",
        row -> {
          whole.put(row.getString(1), row.getLong(2));
        }, "{" + String.join(",", INDEXES.stream().map(Narrowed::name).toList()) + "}");
    for (Narrowed index : INDEXES) {
      Long pages = whole.get(index.name());
      if (pages == null) {
        continue;
      }
      if (pages > LARGEST_TABLE_PAGES) {
        // its build would hold the table for long, and give up at every start: its owner builds it concurrently
        LOG.warn("index {} not narrowed, {} has {} pages; its owner may run: {}", index.name(), index.table(), pages,
            index.byHand());
      } else {
        rebuild(index);
      }
    }
  }

  private void rebuild(Narrowed index) {
    try {
      ShortLocks.runBriefly(jdbc, index.rebuild());
    } catch (DataAccessException e) {
      // a busy table, a build that took more than 5 s, or a database user that does not own Camunda's tables: the
      // index stays as it was, and the next start tries again
      LOG.warn("index {} not narrowed ({}); its owner may run: {}", index.name(), e.getMostSpecificCause().getMessage(),
          index.byHand());
    }
  }
}
