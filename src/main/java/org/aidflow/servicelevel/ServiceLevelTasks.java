package org.aidflow.servicelevel;

import static org.aidflow.shared.ProcessVariables.*;

import java.util.Optional;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.CaseFacts;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;

/** The waiting task a reminder or escalation step is about (named by its input parameters), and its org. */
final class ServiceLevelTasks {

  private ServiceLevelTasks() {
  }

  static Optional<Task> openTask(DelegateExecution execution) {
    return Optional.ofNullable(execution.getProcessEngineServices().getTaskService().createTaskQuery()
        .processInstanceId(execution.getProcessInstanceId())
        .taskDefinitionKey((String) execution.getVariableLocal(SLA_TASK)).singleResult());
  }

  /** The receiving organisation of a referral, or the intake organisation of a case, as registered. */
  static String org(CaseFacts facts, DelegateExecution execution) {
    return facts.organisationOf(execution);
  }

  static String candidateGroup(DelegateExecution execution, Task task) {
    return execution.getProcessEngineServices().getTaskService().getIdentityLinksForTask(task.getId()).stream()
        .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null)
        .map(IdentityLink::getGroupId).findFirst().orElse(null);
  }

  static String format(java.util.Date date) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
        .format(date.toInstant().atZone(AidFlowConfiguration.ZONE));
  }
}
