package org.aidflow.servicelevel;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Every service-level breach, recorded once by its key, and how the supervisors handled it. */
@Repository
public class Escalations {

  /** A recorded breach. */
  public record Escalation(long id, String caseNumber, String org, String step, int breachNumber, Instant dueAt,
      String action, Instant handledAt) {
  }

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public Escalations(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Records the breach unless its key is recorded already; returns its id, or -1 when it was recorded before. */
  public long record(String key, String caseNumber, String processInstanceId, String org, String step,
      int breachNumber, Instant dueAt, Instant breachedAt, String action) {
    if (jdbc.queryForObject("SELECT COUNT(*) FROM escalation WHERE idempotency_key = ?", Integer.class, key) > 0) {
      return -1;
    }
    jdbc.update("INSERT INTO escalation (idempotency_key, case_number, process_instance_id, org, step, breach_number,"
            + " due_at, breached_at, action) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", key, caseNumber, processInstanceId, org,
        step, breachNumber, Timestamp.from(dueAt), Timestamp.from(breachedAt), action);
    return jdbc.queryForObject("SELECT id FROM escalation WHERE idempotency_key = ?", Long.class, key);
  }

  /** Records which escalation process instance handles the breach. */
  public void attachInstance(long id, String escalationInstanceId) {
    jdbc.update("UPDATE escalation SET escalation_instance_id = ? WHERE id = ?", escalationInstanceId, id);
  }

  /**
   * The breach the escalation process instance handles. Breaches escalated before instances were recorded are found
   * by {@code legacyId} (the instance's own variable), and only while no instance is recorded for that breach.
   */
  public java.util.Optional<Long> handledBy(String escalationInstanceId, Long legacyId) {
    java.util.Optional<Long> recorded = jdbc.queryForList("SELECT id FROM escalation WHERE escalation_instance_id = ?",
        Long.class, escalationInstanceId).stream().findFirst();
    if (recorded.isPresent() || legacyId == null) {
      return recorded;
    }
    return jdbc.queryForList("SELECT id FROM escalation WHERE id = ? AND escalation_instance_id IS NULL", Long.class,
        legacyId).stream().findFirst();
  }

  /** The escalation process instances of the late steps of a process instance that are not handled yet. */
  public List<String> openInstancesOf(String processInstanceId) {
    return jdbc.queryForList("SELECT escalation_instance_id FROM escalation WHERE process_instance_id = ?"
        + " AND handled_at IS NULL AND escalation_instance_id IS NOT NULL ORDER BY id", String.class,
        processInstanceId);
  }

  public void markHandled(long id, String userId, String note) {
    jdbc.update("UPDATE escalation SET handled_at = ?, handled_by = ?, note = ? WHERE id = ? AND handled_at IS NULL",
        Timestamp.from(clock.instant()), userId, note, id);
  }

  /** Whether any breach of the case was ever recorded (escalated or re-routed, handled or not). */
  public boolean anyForCase(String caseNumber) {
    return !jdbc.queryForList("SELECT id FROM escalation WHERE case_number = ? LIMIT 1", Long.class, caseNumber)
        .isEmpty();
  }

  public List<Escalation> forCase(String caseNumber) {
    return jdbc.query("SELECT id, case_number, org, step, breach_number, due_at, action, handled_at FROM escalation"
            + " WHERE case_number = ? ORDER BY id",
        (rs, row) -> new Escalation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
            rs.getTimestamp(6).toInstant(), rs.getString(7),
            rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant()), caseNumber);
  }
}
