package org.aidflow.servicelevel;

import org.aidflow.notification.Notifications;
import org.aidflow.shared.CaseFacts;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The reminder steps ({@code remindVerifier}, {@code remindAcceptance}, {@code remindPlanning},
 * {@code remindDelivery}): at 80% of a step's time, a notice to the task's assignee (or its group while nobody has
 * claimed it), once per task.
 */
@Component
public class SendReminderDelegate implements JavaDelegate {

  private final Notifications notifications;
  private final CaseFacts facts;

  public SendReminderDelegate(Notifications notifications, CaseFacts facts) {
    this.notifications = notifications;
    this.facts = facts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ServiceLevelTasks.openTask(execution).ifPresent(task -> notifications.enqueue("reminder:" + task.getId(),
        "REMINDER", task.getAssignee(), task.getAssignee() == null ? ServiceLevelTasks.candidateGroup(execution, task)
            : null, facts.caseNumberOf(execution),
        "「" + task.getName() + "」将于 " + ServiceLevelTasks.format(task.getDueDate()) + " 到期，请及时办理"));
  }
}
