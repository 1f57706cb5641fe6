package org.aidflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.support.ProcessTestEngine;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox's retry bookkeeping on H2, the database `mvn spring-boot:run` uses (OperationsIT covers PostgreSQL): a
 * failed send waits longer each time and, when its attempts are spent, is marked failed and no longer offered.
 */
class NotificationRetriesTest {

  private final JdbcTemplate jdbc = ProcessTestEngine.withoutCoverage().jdbc();
  private final Notifications notifications = new Notifications(jdbc, Clock.system(AidFlowConfiguration.ZONE));

  @Test
  void aFailedSendIsRetriedLaterAndMarkedFailedWhenItsAttemptsAreSpent() {
    assertThat(notifications.enqueue("retry-1", Notifications.REMINDER, "union-worker", null, "QBH-2026-000001",
        "请处理")).isTrue();
    long id = notifications.unsent(10, Duration.ofMinutes(5)).get(0).id();

    assertThat(notifications.claim(id, Duration.ofMinutes(5))).isTrue();
    assertThat(notifications.markAttemptFailed(id, "java.io.IOException: down", 2, Duration.ofMinutes(1))).isFalse();
    assertThat(notifications.unsent(10, Duration.ofMinutes(5))).as("waiting for its retry").isEmpty();
    assertThat(jdbc.queryForObject("SELECT attempts FROM notification WHERE id = ?", Integer.class, id)).isEqualTo(1);

    jdbc.update("UPDATE notification SET next_attempt_at = NULL WHERE id = ?", id);
    assertThat(notifications.claim(id, Duration.ofMinutes(5))).isTrue();
    assertThat(notifications.markAttemptFailed(id, "java.io.IOException: down", 2, Duration.ofMinutes(1))).isTrue();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notification WHERE id = ? AND failed_at IS NOT NULL"
        + " AND attempts = 2 AND claimed_at IS NULL", Integer.class, id)).isOne();
    assertThat(notifications.claim(id, Duration.ofMinutes(5))).as("a failed notice is not sent again").isFalse();
  }
}
