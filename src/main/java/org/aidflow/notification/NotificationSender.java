package org.aidflow.notification;

/** Delivers a notice (SMS gateway, e-mail, the organisations' messaging): provide a bean to replace the log. */
public interface NotificationSender {

  void send(Notifications.Notification notification);
}
