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
 * Keeps PostgreSQL looking rows of Camunda's busiest runtime tables up by key, however few cases are open.
 *
 * <p>These tables hold only what is in flight: with a few dozen open steps they are a handful of pages, and every
 * step inserts and deletes rows in them (72 variables per case). When autovacuum empties the tail of such a table it
 * cuts the file back to a page or two; each connection then plans its prepared statements, and the foreign-key checks
 * behind every insert, for a table that small, where reading it whole is cheapest, and keeps that plan until the next
 * vacuum. Meanwhile the deleted rows pile up (315 pages for 58 live variables in the benchmark), and each check reads
 * them all: 270 whole reads of {@code act_ru_execution} per case and the variables' deletes 20 times dearer than by
 * key (docs/benchmark-and-tuning.md, "runtime tables kept at size"). With {@code vacuum_truncate} off, vacuum frees
 * the pages for reuse but leaves the file at the size it reached, and plans made afterwards look the rows up by key.
 * Set once at start-up (a table's options are kept in the catalogue), like the statistics of
 * {@link AuthorizedQueryPlans}; on H2 there is nothing to set. {@code act_ru_authorization} is not among them: it
 * grows with the cases (their history grants stay), so it is never cut back to a page.
 */
@Component
public class RuntimeTablePlans {

  /** Camunda's runtime tables whose rows come and go with every step, each looked up by key. */
  static final List<String> TABLES = List.of("act_ru_execution", "act_ru_variable", "act_ru_task", "act_ru_job",
      "act_ru_identitylink", "act_ru_event_subscr", "act_ge_bytearray");

  static final String OPTION = "vacuum_truncate=false";

  private static final Logger LOG = LoggerFactory.getLogger(RuntimeTablePlans.class);

  private final JdbcTemplate jdbc;

  public RuntimeTablePlans(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @EventListener
  @Order(0)
  public void onReady(ApplicationReadyEvent event) {
    keepSized(jdbc);
  }

  /** Sets the option on each table that lacks it; on H2, nothing (the benchmark's bare engine uses this too). */
  public static void keepSized(JdbcTemplate jdbc) {
    if (!Databases.isPostgres(jdbc)) {
      return;
    }
    // one look at the catalogue for all of them: after the first start there is nothing to do
    List<String> lacking = jdbc.queryForList("SELECT t FROM unnest(?::text[]) t WHERE NOT EXISTS (SELECT 1 FROM"
        + " pg_class c WHERE c.oid = to_regclass(t) AND ? = ANY (COALESCE(c.reloptions, '{}')))", String.class,
        "{" + String.join(",", TABLES) + "}", OPTION);
    for (String table : lacking) {
      set(jdbc, table);
    }
  }

  private static void set(JdbcTemplate jdbc, String table) {
    try {
      // the option needs a lock that a long VACUUM or index build holds: rather start without it than wait
      ShortLocks.run(jdbc, "ALTER TABLE " + table + " SET (" + OPTION + ")");
    } catch (DataAccessException e) {
      // a database user that does not own Camunda's tables (docs/operations.md gives the statement), a lock not had
      // in time, or another node setting it at the same moment: the next start tries again
      LOG.warn("{} not set on {}: {}", OPTION, table, e.getMostSpecificCause().getMessage());
    }
  }
}
