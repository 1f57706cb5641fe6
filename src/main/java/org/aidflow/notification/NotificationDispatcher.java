package org.aidflow.notification;

import java.time.Duration;
import org.aidflow.shared.AidCaseModel;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Hands the outbox's notices to the sender. A notice is leased before it is sent, so that two nodes never send it
 * at once, and marked sent only after the sender returned. A failed send is retried after a delay; when the
 * attempts are spent the notice is marked failed and an incident of type {@value #INCIDENT_TYPE} is raised on the
 * case's process instance, so that it shows in Cockpit. The demo sender writes a log line with the case number only.
 *
 * <p>The outbox stays a plain scheduler rather than an engine job: notices are written by AidFlow code (often in
 * transactions with no process instance of their own) and one row per notice is cheaper than a job per notice.
 * The incident is a custom one: Cockpit shows it with its message; it is resolved by hand after the cause is
 * fixed (the notice itself is not re-sent by Cockpit's retry; set its failed_at to null to send it again).
 */
@Component
public class NotificationDispatcher {

  public static final String INCIDENT_TYPE = "notificationFailed";

  private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

  private final Notifications notifications;
  private final NotificationSender sender;
  private final RuntimeService runtimeService;
  private final int maxAttempts;
  private final Duration retryDelay;
  private final Duration lease;

  public NotificationDispatcher(Notifications notifications, ObjectProvider<NotificationSender> senders,
      RuntimeService runtimeService, @Value("${aidflow.notifications.max-attempts:5}") int maxAttempts,
      @Value("${aidflow.notifications.retry-delay:PT1M}") Duration retryDelay,
      @Value("${aidflow.notifications.lease:PT5M}") Duration lease) {
    this.notifications = notifications;
    this.runtimeService = runtimeService;
    this.maxAttempts = maxAttempts;
    this.retryDelay = retryDelay;
    this.lease = lease;
    this.sender = senders.getIfAvailable(() -> notice -> LOG.info("通知 {} → {}：{}（案件 {}）", notice.kind(),
        notice.recipientUser() != null ? notice.recipientUser()
            : notice.recipientGroup() != null ? notice.recipientGroup() : "申请人", notice.message(),
        notice.caseNumber()));
  }

  @Scheduled(fixedDelayString = "${aidflow.notifications.interval:PT10S}")
  public void dispatch() {
    for (Notifications.Notification notice : notifications.unsent(100, lease)) {
      if (notifications.isStale(notice)) {
        // about work on a case that closed meanwhile: nothing is sent for a closed case
        notifications.cancelWorkNotices(notice.caseNumber());
        continue;
      }
      if (notifications.claim(notice.id(), lease)) {
        send(notice);
      }
    }
  }

  private void send(Notifications.Notification notice) {
    try {
      sender.send(notice);
    } catch (RuntimeException e) {
      // the log and the incident name the error's class only (a gateway's message might repeat a phone number);
      // the message is kept in the outbox row for the operators
      String error = e.getClass().getName();
      if (notifications.markAttemptFailed(notice.id(), error + ": " + e.getMessage(), maxAttempts, retryDelay)) {
        LOG.error("通知 {} 发送失败，已停止重试（案件 {}）：{}", notice.id(), notice.caseNumber(), error);
        raiseIncident(notice, error);
      } else {
        LOG.warn("通知 {} 发送失败，将重试（案件 {}）：{}", notice.id(), notice.caseNumber(), error);
      }
      return;
    }
    notifications.markSent(notice.id());
  }

  /** An incident on the case's open process instance (the case process first), so that Cockpit shows the failure. */
  private void raiseIncident(Notifications.Notification notice, String error) {
    ProcessInstance instance = runtimeService.createProcessInstanceQuery()
        .processDefinitionKey(AidCaseModel.PROCESS_KEY).processInstanceBusinessKey(notice.caseNumber()).active()
        .listPage(0, 1).stream().findFirst()
        .orElseGet(() -> runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(notice.caseNumber())
            .listPage(0, 1).stream().findFirst().orElse(null));
    if (instance == null) {
      // the case has no open process instance any more (a notice about its end): the failed row and the log remain
      return;
    }
    try {
      // an incident belongs to an execution waiting in an activity: the first the instance is waiting in
      runtimeService.getActiveActivityIds(instance.getId()).stream().findFirst()
          .flatMap(activityId -> runtimeService.createExecutionQuery().processInstanceId(instance.getId())
              .activityId(activityId).listPage(0, 1).stream().findFirst())
          .ifPresent(execution -> runtimeService.createIncident(INCIDENT_TYPE, execution.getId(),
              "notification:" + notice.id(), "通知 " + notice.id() + "（" + notice.kind() + "）发送失败：" + error));
    } catch (RuntimeException e) {
      // the notice is marked failed already; the dispatcher goes on with the others
      LOG.error("通知 {} 的事件未能记入案件 {} 的流程：{}", notice.id(), notice.caseNumber(), e.getClass().getName());
    }
  }
}
