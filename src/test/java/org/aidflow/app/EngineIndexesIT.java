package org.aidflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.aidflow.support.ApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The engine's sub-task lookup, made on every task completion, reads the index AidFlow adds at start-up, not every
 * open task (ops.EngineIndexes).
 */
class EngineIndexesIT extends ApplicationTest {

  @Autowired JdbcTemplate jdbc;
  @Autowired PlatformTransactionManager transactions;

  @Test
  void theSubTaskLookupOfEveryCompletionUsesAnIndex() {
    assertThat(jdbc.queryForList("SELECT indexdef FROM pg_indexes WHERE tablename = 'act_ru_task'", String.class))
        .anyMatch(definition -> definition.contains("(parent_task_id_)"));
    List<String> plan = new TransactionTemplate(transactions).execute(status -> {
      // as the planner would see a table of many open tasks
      jdbc.execute("SET LOCAL enable_seqscan = off");
      List<String> lines = jdbc.queryForList(
          "EXPLAIN SELECT * FROM act_ru_task WHERE parent_task_id_ = 'a-task-id'", String.class);
      status.setRollbackOnly();
      return lines;
    });
    assertThat(String.join("\n", plan)).contains("aidflow_idx_task_parent").doesNotContain("Seq Scan");
  }
}
