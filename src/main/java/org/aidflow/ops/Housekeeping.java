package org.aidflow.ops;

import java.time.Duration;
import org.aidflow.intake.IdempotentRequests;
import org.aidflow.notification.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes old rows that only served delivery and retries: notices of the outbox that were sent, cancelled or failed
 * longer ago than {@code aidflow.notifications.retention}, and intake idempotency keys older than
 * {@code aidflow.intake.idempotency-retention}. Safe with several nodes: each run is a plain delete by age, so two
 * nodes running it at once delete the same rows once between them and nothing else.
 */
@Component
public class Housekeeping {

  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

  private final Notifications notifications;
  private final IdempotentRequests idempotentRequests;
  private final Duration notificationRetention;
  private final Duration idempotencyRetention;

  public Housekeeping(Notifications notifications, IdempotentRequests idempotentRequests,
      @Value("${aidflow.notifications.retention:P90D}") Duration notificationRetention,
      @Value("${aidflow.intake.idempotency-retention:P7D}") Duration idempotencyRetention) {
    this.notifications = notifications;
    this.idempotentRequests = idempotentRequests;
    this.notificationRetention = notificationRetention;
    this.idempotencyRetention = idempotencyRetention;
  }

  @Scheduled(fixedDelayString = "${aidflow.housekeeping.interval:PT1H}",
      initialDelayString = "${aidflow.housekeeping.initial-delay:PT5M}")
  public void clean() {
    int notices = notifications.deleteDoneOlderThan(notificationRetention);
    int keys = idempotentRequests.deleteOlderThan(idempotencyRetention);
    if (notices > 0 || keys > 0) {
      LOG.info("清理：删除旧通知 {} 条，旧幂等键 {} 条 / housekeeping deleted {} notices and {} idempotency keys",
          notices, keys, notices, keys);
    }
  }
}
