package org.aidflow.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

  /** Kinds of notices: about work on an open case, and about a case's end. */
  public static final String REMINDER = "REMINDER";
  public static final String ESCALATION = "ESCALATION";
  /** A later call brought a new need to an open case (intake officer, the case's caseworkers). */
  public static final String NEW_NEED = "NEW_NEED";
  /** The case was found not eligible (intake officer). */
  public static final String NOT_ELIGIBLE = "NOT_ELIGIBLE";
  /** A notice to the case's applicant: no user or group; the sender reaches the applicant of the case. */
  public static final String APPLICANT = "APPLICANT";
  /** Notices about work on a case: never sent once the case is closed. */
  public static final java.util.Set<String> WORK_KINDS = java.util.Set.of(REMINDER, ESCALATION, NEW_NEED);

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public Notifications(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Adds the notice unless one with this key exists; true when it was added. */
  public boolean enqueue(String key, String kind, String recipientUser, String recipientGroup, String caseNumber,
      String message) {
    if (WORK_KINDS.contains(kind) && isClosed(caseNumber)) {
      return false;
    }
    if (jdbc.queryForObject("SELECT COUNT(*) FROM notification WHERE idempotency_key = ?", Integer.class, key) > 0) {
      return false;
    }
    jdbc.update("INSERT INTO notification (idempotency_key, kind, recipient_user, recipient_group, case_number,"
            + " message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", key, kind, recipientUser, recipientGroup, caseNumber,
        message, Timestamp.from(clock.instant()));
    return true;
  }

  /** Notices due for sending: not sent, cancelled or failed, not leased by a sender, and not waiting for a retry. */
  public List<Notification> unsent(int limit, Duration lease) {
    Timestamp now = Timestamp.from(clock.instant());
    return jdbc.query("SELECT id, kind, recipient_user, recipient_group, case_number, message FROM notification"
            + " WHERE sent_at IS NULL AND cancelled_at IS NULL AND failed_at IS NULL"
            + " AND (next_attempt_at IS NULL OR next_attempt_at <= ?) AND (claimed_at IS NULL OR claimed_at < ?)"
            + " ORDER BY id FETCH FIRST " + limit + " ROWS ONLY",
        (rs, row) -> new Notification(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6)), now, Timestamp.from(clock.instant().minus(lease)));
  }

  /**
   * Leases the notice for sending; false when another node holds it, so each is sent once. A lease left by a crash
   * runs out after {@code lease} and the notice is sent again (at least once: the sender may see it twice).
   */
  public boolean claim(long id, Duration lease) {
    return jdbc.update("UPDATE notification SET claimed_at = ? WHERE id = ? AND sent_at IS NULL"
            + " AND cancelled_at IS NULL AND failed_at IS NULL AND (claimed_at IS NULL OR claimed_at < ?)",
        Timestamp.from(clock.instant()), id, Timestamp.from(clock.instant().minus(lease))) == 1;
  }

  /** The sender took the notice. */
  public void markSent(long id) {
    jdbc.update("UPDATE notification SET sent_at = ?, claimed_at = NULL WHERE id = ?",
        Timestamp.from(clock.instant()), id);
  }

  /**
   * The send failed: the notice is tried again after {@code retryDelay} times the attempts so far, or, when this
   * was attempt {@code maxAttempts}, marked failed. Returns true when it failed for good.
   */
  public boolean markAttemptFailed(long id, String error, int maxAttempts, Duration retryDelay) {
    // the notice is leased to this node, so its attempts can be counted here and written in one portable update
    int attempts = jdbc.queryForObject("SELECT attempts FROM notification WHERE id = ?", Integer.class, id) + 1;
    boolean failed = attempts >= maxAttempts;
    Instant now = clock.instant();
    jdbc.update("UPDATE notification SET attempts = ?, claimed_at = NULL, last_error = ?, failed_at = ?,"
            + " next_attempt_at = ? WHERE id = ?", attempts, truncate(error), failed ? Timestamp.from(now) : null,
        failed ? null : Timestamp.from(now.plus(retryDelay.multipliedBy(attempts))), id);
    return failed;
  }

  /** Deletes sent, cancelled and failed notices older than the given age; returns how many. */
  public int deleteDoneOlderThan(Duration age) {
    return jdbc.update("DELETE FROM notification WHERE created_at < ? AND (sent_at IS NOT NULL"
        + " OR cancelled_at IS NOT NULL OR failed_at IS NOT NULL)", Timestamp.from(clock.instant().minus(age)));
  }

  private static String truncate(String error) {
    String text = error == null ? "" : error;
    return text.length() <= 500 ? text : text.substring(0, 500);
  }

  /**
   * The case closed: its notices about work not sent yet are cancelled (those about its end, written after this,
   * are sent). Returns how many were cancelled.
   */
  public int cancelWorkNotices(String caseNumber) {
    return jdbc.update("UPDATE notification SET cancelled_at = ? WHERE case_number = ? AND sent_at IS NULL"
        + " AND cancelled_at IS NULL AND kind IN (?, ?, ?)", Timestamp.from(clock.instant()), caseNumber, REMINDER,
        ESCALATION, NEW_NEED);
  }

  /** Whether the notice is about work on a case that has closed meanwhile: the dispatcher cancels it unsent. */
  public boolean isStale(Notification notice) {
    return WORK_KINDS.contains(notice.kind()) && isClosed(notice.caseNumber());
  }

  private boolean isClosed(String caseNumber) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM aid_case WHERE case_number = ? AND status = 'CLOSED'",
        Integer.class, caseNumber) > 0;
  }

  /** Notices of the case not sent and not cancelled. */
  public List<Notification> pendingForCase(String caseNumber) {
    return jdbc.query("SELECT id, kind, recipient_user, recipient_group, case_number, message FROM notification"
            + " WHERE case_number = ? AND sent_at IS NULL AND cancelled_at IS NULL ORDER BY id",
        (rs, row) -> new Notification(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6)), caseNumber);
  }

  public List<Notification> forCase(String caseNumber) {
    return jdbc.query("SELECT id, kind, recipient_user, recipient_group, case_number, message FROM notification"
            + " WHERE case_number = ? ORDER BY id",
        (rs, row) -> new Notification(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6)), caseNumber);
  }
}
