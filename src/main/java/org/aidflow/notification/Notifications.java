package org.aidflow.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The notification outbox. A reminder or escalation notice is written in the transaction of the step that decides
 * it, once per key, and the {@link NotificationDispatcher} hands it to the {@link NotificationSender} afterwards.
 */
@Repository
public class Notifications {

  /** One notice; no personal data, only the case number and what is due. */
  public record Notification(long id, String kind, String recipientUser, String recipientGroup, String caseNumber,
      String message) {
  }

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public Notifications(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Adds the notice unless one with this key exists; true when it was added. */
  public boolean enqueue(String key, String kind, String recipientUser, String recipientGroup, String caseNumber,
      String message) {
    if (jdbc.queryForObject("SELECT COUNT(*) FROM notification WHERE idempotency_key = ?", Integer.class, key) > 0) {
      return false;
    }
    jdbc.update("INSERT INTO notification (idempotency_key, kind, recipient_user, recipient_group, case_number,"
            + " message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", key, kind, recipientUser, recipientGroup, caseNumber,
        message, Timestamp.from(clock.instant()));
    return true;
  }

  public List<Notification> unsent(int limit) {
    return jdbc.query("SELECT id, kind, recipient_user, recipient_group, case_number, message FROM notification"
            + " WHERE sent_at IS NULL ORDER BY id FETCH FIRST " + limit + " ROWS ONLY",
        (rs, row) -> new Notification(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6)));
  }

  /** Claims the notice for sending; false when another node claimed it first, so each is sent once. */
  public boolean claim(long id) {
    return jdbc.update("UPDATE notification SET sent_at = ? WHERE id = ? AND sent_at IS NULL",
        Timestamp.from(clock.instant()), id) == 1;
  }

  public List<Notification> forCase(String caseNumber) {
    return jdbc.query("SELECT id, kind, recipient_user, recipient_group, case_number, message FROM notification"
            + " WHERE case_number = ? ORDER BY id",
        (rs, row) -> new Notification(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6)), caseNumber);
  }
}
