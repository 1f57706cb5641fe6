package org.aidflow.shared;

import org.aidflow.security.CaseAccess;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On creating a task with a service level (its due date is set by the model): the organisation's supervisors may
 * read it, so their overdue filter (超期) lists the late work of their organisation.
 */
@Component
public class ServiceLevelListener implements TaskListener {

  private final CaseAccess access;

  public ServiceLevelListener(CaseAccess access) {
    this.access = access;
  }

  @Override
  public void notify(DelegateTask task) {
    Object org = task.getVariable(CaseModel.Var.ORG);
    String owner = org != null ? org.toString() : (String) task.getVariable(CaseModel.Var.INTAKE_ORG);
    access.shareTaskWithSupervisors(task.getProcessEngineServices().getAuthorizationService(), task.getId(), owner);
  }
}
