package org.aidflow.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Hands the outbox's notices to the sender. A notice is claimed before it is sent, so that two nodes or a restart
 * never send it twice; the demo sender writes a log line with the case number only.
 */
@Component
public class NotificationDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

  private final Notifications notifications;
  private final NotificationSender sender;

  public NotificationDispatcher(Notifications notifications, ObjectProvider<NotificationSender> senders) {
    this.notifications = notifications;
    this.sender = senders.getIfAvailable(() -> notice -> LOG.info("通知 {} → {}：{}（案件 {}）", notice.kind(),
        notice.recipientUser() != null ? notice.recipientUser()
            : notice.recipientGroup() != null ? notice.recipientGroup() : "申请人", notice.message(),
        notice.caseNumber()));
  }

  @Scheduled(fixedDelayString = "${aidflow.notifications.interval:PT10S}")
  public void dispatch() {
    for (Notifications.Notification notice : notifications.unsent(100)) {
      if (notifications.isStale(notice)) {
        // about work on a case that closed meanwhile: nothing is sent for a closed case
        notifications.cancelWorkNotices(notice.caseNumber());
        continue;
      }
      if (notifications.claim(notice.id())) {
        sender.send(notice);
      }
    }
  }
}
