package org.aidflow.servicelevel;

import static org.aidflow.shared.ProcessVariables.*;

import java.util.Map;
import org.aidflow.notification.Notifications;
import org.aidflow.organisation.CaseAccess;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.Organisation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * The escalation steps ({@code escalateVerification}, {@code escalateAcceptance}, {@code escalatePlanning},
 * {@code escalateDelivery}): a step passed its due time. The breach is recorded once per task, the case is marked
 * overdue with the step and due time, and the organisation's supervisors get an {@code escalation} task; the
 * caseworker's task stays where it is.
 */
@Component
public class RaiseEscalationDelegate implements JavaDelegate {

  private final Escalations escalations;
  private final Notifications notifications;
  private final ServiceLevels serviceLevels;
  private final CaseAccess access;
  private final CaseFacts facts;

  public RaiseEscalationDelegate(Escalations escalations, Notifications notifications, ServiceLevels serviceLevels,
      CaseAccess access, CaseFacts facts) {
    this.escalations = escalations;
    this.notifications = notifications;
    this.serviceLevels = serviceLevels;
    this.access = access;
    this.facts = facts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Task task = ServiceLevelTasks.openTask(execution).orElse(null);
    if (task == null) {
      return;
    }
    String step = (String) execution.getVariableLocal(SLA_STEP);
    String org = ServiceLevelTasks.org(facts, execution);
    // the escalation goes to the supervisors of the unit whose work is late (its model: ${org}-supervisors)
    String unit = facts.unitOf(execution);
    String caseNumber = facts.caseNumberOf(execution);
    long id = escalations.record("escalation:" + task.getId(), caseNumber, execution.getProcessInstanceId(), org, step,
        1, task.getDueDate().toInstant(), ClockUtil.getCurrentTime().toInstant(), "ESCALATED");
    if (id < 0) {
      return;
    }
    String label = serviceLevels.label(step);
    execution.setVariable(OVERDUE_STEP, label);
    execution.setVariable(OVERDUE_DUE_AT, task.getDueDate());
    Map<String, Object> variables = Variables.putValue(CASE_NUMBER, caseNumber).putValue(ORG, unit)
        .putValue(OVERDUE_STEP, label).putValue(OVERDUE_DUE_AT, task.getDueDate())
        .putValue(OVERDUE_DUE_TEXT, ServiceLevelTasks.format(task.getDueDate())).putValue(OVERDUE_TASK, task.getName())
        .putValue(OVERDUE_ASSIGNEE, task.getAssignee() == null ? "（未认领）" : task.getAssignee())
        .putValue(ESCALATION_ID, id).putValue(URGENT, serviceLevels.isUrgent(execution));
    String escalation = execution.getProcessEngineServices().getRuntimeService()
        .startProcessInstanceByKey(EscalationModel.PROCESS_KEY, caseNumber, variables).getId();
    escalations.attachInstance(id, escalation);
    access.grantSupervisors(execution.getProcessEngineServices().getAuthorizationService(), escalation, unit);
    notifications.enqueue("escalation:" + task.getId(), "ESCALATION", null, unit + "-supervisors",
        caseNumber, "「" + task.getName() + "」已超过办理时限（" + ServiceLevelTasks.format(task.getDueDate()) + "），请督办");
  }
}
