package org.aidflow.ops;

import java.util.List;
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
 * Camunda's indexes on columns AidFlow leaves empty in (nearly) every row, narrowed to the rows that fill them
 * ({@code WHERE column IS NOT NULL}).
 *
 * <p>PostgreSQL's B-tree indexes hold an entry for every row, an empty column's too, so each row Camunda writes costs
 * an entry in each of these indexes that no look-up ever reads: the removal time (AidFlow cleans history up by end
 * time and stamps none), the tenant (AidFlow's organisations are units, not tenants), the CMMN case columns, a batch's
 * variables, a restarted instance, a failed job's stack trace, and the byte array, task or super execution that most
 * rows lack: up to 1,500 of the 4,250 entries a case writes to Camunda's indexes (docs/benchmark-and-tuning.md,
 * "indexes on empty columns"). Narrowed, each index keeps its name and columns and answers every look-up by a value as
 * before. Only a search for the empty ones ({@code IS NULL}) can no longer use it; where nearly every row is empty
 * such a search matches nearly every row, so an index does not serve it. Yet on a table not yet analysed PostgreSQL
 * did answer Camunda's read of an execution's variables ({@code TASK_ID_ is null}) through the whole task index,
 * reading every entry of it.
 *
 * <p>Each index is rebuilt in a transaction of its own, which holds the table's writes while it builds and gives up
 * after 5 s, so a table grown large in an earlier release is never held longer: the warning then gives the statements
 * to build it by hand without holding the writes (docs/operations.md). PostgreSQL only: H2, the demo's database, has no
 * partial indexes.
 */
@Component
public class NarrowedEngineIndexes {

  /** One of Camunda's indexes by name, table and columns; the first column is the one AidFlow leaves empty. */
  record Narrowed(String name, String table, String columns) {

    String emptyColumn() {
      return columns.split(",")[0];
    }

    /**
     * Builds the narrowed index beside Camunda's, then puts it in its place, as one transaction: the build holds
     * the table's writes, only the swap at its end its reads.
     */
    List<String> rebuild() {
      return List.of("CREATE INDEX " + name + "_n ON " + table + " (" + columns + ") WHERE " + emptyColumn()
          + " IS NOT NULL", "DROP INDEX " + name, "ALTER INDEX " + name + "_n RENAME TO " + name);
    }

    /** The same without holding the table's writes, for an owner to run by hand where the rebuild gave up. */
    String byHand() {
      return "CREATE INDEX CONCURRENTLY " + name + "_n ON " + table + " (" + columns + ") WHERE " + emptyColumn()
          + " IS NOT NULL; DROP INDEX CONCURRENTLY " + name + "; ALTER INDEX " + name + "_n RENAME TO " + name;
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
          "act_idx_variable_task_id", "task_id_", "act_idx_variable_task_name_type", "task_id_,name_,type_",
          "act_idx_variable_tenant_id", "tenant_id_"))
      .flatMap(s -> s).toList();

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
    List<String> whole = jdbc.queryForList("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
        + " WHERE c.relname = ANY (?::text[]) AND i.indpred IS NULL", String.class,
        "{" + String.join(",", INDEXES.stream().map(Narrowed::name).toList()) + "}");
    INDEXES.stream().filter(index -> whole.contains(index.name())).forEach(this::rebuild);
  }

  private void rebuild(Narrowed index) {
    try {
      ShortLocks.runBriefly(jdbc, index.rebuild());
    } catch (DataAccessException e) {
      // a table too large to build on in 5 s, a busy table, or a database user that does not own Camunda's tables:
      // the index stays as it was, and the next start tries again
      LOG.warn("index {} not narrowed ({}); its owner may run: {}", index.name(), e.getMostSpecificCause().getMessage(),
          index.byHand());
    }
  }
}
