package org.aidflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.aidflow.support.ApplicationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A busy runtime table that empties again keeps its size through vacuum, so that a statement planned afterwards still
 * looks its rows up by key (ops.RuntimeTablePlans): cut back to a page, the table was read whole by every foreign-key
 * check and delete until the next vacuum, while deleted rows piled up in it.
 */
class RuntimeTablePlansIT extends ApplicationTest {

  private static final String TABLE = "act_ru_event_subscr";
  private static final int ROWS = 4_000;

  @Autowired JdbcTemplate jdbc;

  @AfterEach
  void removeTheRows() {
    jdbc.update("DELETE FROM act_ru_event_subscr WHERE id_ LIKE 'plans-sub-%'");
  }

  @Test
  void everyBusyRuntimeTableKeepsItsSizeThroughVacuum() {
    for (String table : List.of("act_ru_execution", "act_ru_variable", "act_ru_task", "act_ru_job",
        "act_ru_identitylink", "act_ru_event_subscr", "act_ge_bytearray")) {
      assertThat(jdbc.queryForList("SELECT unnest(reloptions) FROM pg_class WHERE oid = to_regclass(?)", String.class,
          table)).as(table).contains("vacuum_truncate=false");
    }
  }

  @Test
  void aTableThatFilledAndEmptiedIsStillReadByKeyAfterVacuum() {
    // a burst of steps, all done: their rows deleted, as the engine deletes a finished step's rows
    jdbc.update("""
        INSERT INTO act_ru_event_subscr (id_, rev_, event_type_, event_name_, activity_id_, created_)
        SELECT 'plans-sub-' || i, 1, 'message', '新需求', 'waitForNewNeed', now() FROM generate_series(1, ?) i""", ROWS);
    long filledPages = pages();
    jdbc.update("DELETE FROM act_ru_event_subscr WHERE id_ LIKE 'plans-sub-%'");
    jdbc.execute("VACUUM " + TABLE);

    assertThat(filledPages).isGreaterThan(20);
    assertThat(pages()).isGreaterThanOrEqualTo(filledPages);
    // as a connection plans the engine's prepared lookup after five runs: for any value
    assertThat(genericPlanOf("SELECT * FROM act_ru_event_subscr WHERE id_ = $1")).contains("Index Scan")
        .doesNotContain("Seq Scan");
  }

  private long pages() {
    return jdbc.queryForObject("SELECT pg_relation_size(?::regclass) / current_setting('block_size')::int",
        Long.class, TABLE);
  }

  private String genericPlanOf(String query) {
    return jdbc.execute((ConnectionCallback<String>) connection -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute("PREPARE runtime_lookup(varchar) AS " + query);
        List<String> lines = new ArrayList<>();
        try {
          statement.execute("SET plan_cache_mode = force_generic_plan");
          try (ResultSet plan = statement.executeQuery("EXPLAIN EXECUTE runtime_lookup('plans-sub-1')")) {
            while (plan.next()) {
              lines.add(plan.getString(1));
            }
          }
        } finally {
          statement.execute("RESET plan_cache_mode");
          statement.execute("DEALLOCATE runtime_lookup");
        }
        return String.join("\n", lines);
      }
    });
  }
}
