package org.aidflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.aidflow.support.ApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Camunda's indexes on columns AidFlow leaves empty take no entry for a row that leaves the column empty, and still
 * answer every look-up by a value ({@link NarrowedEngineIndexes}).
 */
class NarrowedEngineIndexesIT extends ApplicationTest {

  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;
  @Autowired PlatformTransactionManager transactions;
  @Autowired NarrowedEngineIndexes narrowed;

  @Test
  void theStartNarrowedEachListedIndexKeepingItsNameAndColumns() {
    for (NarrowedEngineIndexes.Narrowed index : NarrowedEngineIndexes.INDEXES) {
      assertThat(definition(index.name())).as(index.name())
          .endsWith(" USING btree (" + index.columns().replace(",", ", ") + ") WHERE (" + index.emptyColumn()
              + " IS NOT NULL)")
          .contains(" ON public." + index.table() + " ");
    }
  }

  @Test
  void rowsWithTheColumnEmptyAddNothingToTheNarrowedIndexWhileAWholeIndexGrows() {
    new TransactionTemplate(transactions).executeWithoutResult(status -> {
      long narrowedBefore = size("act_idx_hi_var_inst_tenant_id");
      long wholeBefore = size("act_idx_hi_procvar_proc_inst");
      // 20,000 variables of as many instances, without tenant as AidFlow writes them; rolled back, but the pages
      // they added stay counted
      jdbc.update("INSERT INTO act_hi_varinst (id_, proc_def_key_, proc_inst_id_, execution_id_, name_, var_type_,"
          + " rev_, state_) SELECT 'narrowed-' || g, 'aidCase', 'narrowed-instance-' || g, 'narrowed-execution',"
          + " 'name', 'string', 0, 'CREATED' FROM generate_series(1, 20000) g");
      long narrowedAfter = size("act_idx_hi_var_inst_tenant_id");
      long wholeAfter = size("act_idx_hi_procvar_proc_inst");
      status.setRollbackOnly();
      assertThat(wholeAfter).as("Camunda's whole index by instance").isGreaterThan(wholeBefore + 20 * 8192);
      assertThat(narrowedAfter).as("the narrowed index by tenant").isEqualTo(narrowedBefore);
    });
  }

  @Test
  void aLookUpByValueStillReadsTheNarrowedIndexAndOneOfProcessVariablesByNameTheWholeOne() {
    List<String> plans = new TransactionTemplate(transactions).execute(status -> {
      // as for a table of many rows; a plan for any value, as the driver's prepared statements and the foreign-key
      // checks behind a byte array's delete get
      jdbc.execute("SET LOCAL enable_seqscan = off");
      jdbc.execute("SET LOCAL plan_cache_mode = force_generic_plan");
      jdbc.execute("PREPARE narrowed_lookup(varchar) AS SELECT 1 FROM ONLY act_ru_variable x"
          + " WHERE bytearray_id_ = $1 FOR KEY SHARE OF x");
      List<String> lines = new ArrayList<>(
          jdbc.queryForList("EXPLAIN EXECUTE narrowed_lookup('a-byte-array')", String.class));
      jdbc.execute("DEALLOCATE narrowed_lookup");
      // the shape of Camunda's filters of tasks and executions by a process variable's value
      lines.addAll(jdbc.queryForList("EXPLAIN SELECT proc_inst_id_ FROM act_ru_variable WHERE name_ = 'caseNumber'"
          + " AND task_id_ IS NULL", String.class));
      status.setRollbackOnly();
      return lines;
    });
    assertThat(String.join("\n", plans)).contains("act_idx_var_bytearray").contains("act_idx_variable_task_name_type")
        .doesNotContain("Seq Scan");
  }

  @Test
  void anIndexStillWholeIsNarrowedAtTheNextStartAndOneOnABusyTableIsLeftAsItWas() throws Exception {
    String restarted = "act_idx_hi_pro_rst_pro_inst_id";
    String stackTraces = "act_idx_job_exception";
    // as a database of an earlier release has them
    jdbc.execute("DROP INDEX " + restarted + "; CREATE INDEX " + restarted
        + " ON act_hi_procinst (restarted_proc_inst_id_)");
    jdbc.execute("DROP INDEX " + stackTraces + "; CREATE INDEX " + stackTraces
        + " ON act_ru_job (exception_stack_id_)");
    Map<String, String> before = Map.of(restarted, definition(restarted), stackTraces, definition(stackTraces));
    assertThat(before.values()).noneMatch(definition -> definition.contains(" WHERE "));

    // another transaction writing to the jobs' table until the start has given up on it
    try (Connection busy = dataSource.getConnection(); Statement statement = busy.createStatement()) {
      busy.setAutoCommit(false);
      statement.execute("LOCK TABLE act_ru_job IN ROW EXCLUSIVE MODE");
      narrowed.narrow();
      busy.rollback();
    }
    assertThat(definition(restarted)).endsWith("WHERE (restarted_proc_inst_id_ IS NOT NULL)");
    assertThat(definition(stackTraces)).isEqualTo(before.get(stackTraces));
    assertThat(jdbc.queryForObject("SELECT to_regclass(?)", String.class, stackTraces + "_n")).isNull();

    narrowed.narrow();
    assertThat(definition(stackTraces)).endsWith("WHERE (exception_stack_id_ IS NOT NULL)");
  }

  private String definition(String index) {
    return jdbc.queryForObject("SELECT pg_get_indexdef(to_regclass(?))", String.class, index);
  }

  private long size(String index) {
    return jdbc.queryForObject("SELECT pg_relation_size(to_regclass(?))", Long.class, index);
  }
}
