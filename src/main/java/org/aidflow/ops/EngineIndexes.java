package org.aidflow.ops;

import java.util.List;
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
 * Indexes Camunda's own schema lacks for look-ups that would otherwise read a table growing with the open cases.
 * Camunda's tables are not Flyway's, hence a start-up step, which adds only the indexes the catalogue does not list.
 * <ul>
 *   <li>Completing a task, the engine looks for its sub-tasks ({@code select … from ACT_RU_TASK where PARENT_TASK_ID_ =
 *       ?}); without an index that read every open task, so each step cost more with every open case (the
 *       benchmark's open-cases part: 5 such scans per case, 9 ms each with 40,000 open cases).</li>
 *   <li>The job executor looks for jobs that are due ({@code RETRIES_ > 0}, {@code DUEDATE_} empty or past, not
 *       suspended), three at a time. Nearly every job of an open case is a service-level timer due days ahead, so
 *       when fewer than three are due, which is most of the time, that read every job (the benchmark with the job
 *       executor on and 100,000 open cases: 225,000 jobs, 120 ms a look-up). The index holds only jobs that can run,
 *       by due date. The metrics' count of due jobs uses it too, and their count of failed jobs ({@code RETRIES_ =
 *       0}) an index of the failed jobs only, which a job with retries left never enters. PostgreSQL only: H2, the
 *       demo's database, has no partial indexes and holds a demo's few jobs.</li>
 * </ul>
 */
@Component
public class EngineIndexes {

  /** An index by name and what it covers. */
  private record Index(String name, String definition) {

    String statement() {
      return "CREATE INDEX IF NOT EXISTS " + name + " ON " + definition;
    }
  }

  private static final Index SUB_TASKS = new Index("aidflow_idx_task_parent", "act_ru_task (parent_task_id_)");

  // the predicates as Camunda's acquisition and the metrics write them, so that PostgreSQL sees the index fits
  private static final List<Index> ON_POSTGRES = List.of(SUB_TASKS,
      new Index("aidflow_idx_job_due", "act_ru_job (duedate_) WHERE retries_ > 0 AND suspension_state_ = 1"),
      new Index("aidflow_idx_job_failed", "act_ru_job (retries_) WHERE retries_ = 0"));

  private static final Logger LOG = LoggerFactory.getLogger(EngineIndexes.class);

  private final JdbcTemplate jdbc;

  public EngineIndexes(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @EventListener
  @Order(0)
  public void onReady(ApplicationReadyEvent event) {
    if (!Databases.isPostgres(jdbc)) {
      add(SUB_TASKS, () -> jdbc.execute(SUB_TASKS.statement()));
      return;
    }
    // one look at the catalogue: once they are there, a start takes no lock on the busy tables
    List<String> lacking = jdbc.queryForList("SELECT i FROM unnest(?::text[]) i WHERE to_regclass(i) IS NULL",
        String.class, "{" + String.join(",", ON_POSTGRES.stream().map(Index::name).toList()) + "}");
    // the build holds the table's writes: rather start without the index than queue them behind a long wait
    ON_POSTGRES.stream().filter(index -> lacking.contains(index.name()))
        .forEach(index -> add(index, () -> ShortLocks.run(jdbc, index.statement())));
  }

  private static void add(Index index, Runnable create) {
    try {
      create.run();
    } catch (DataAccessException e) {
      // a database user that does not own Camunda's tables, a lock not had in time, or another node adding it at the
      // same moment: the next start tries again, and the owner may run the statement (docs/operations.md)
      LOG.warn("index {} not added ({}): {}", index.name(), index.statement(), e.getMostSpecificCause().getMessage());
    }
  }
}
