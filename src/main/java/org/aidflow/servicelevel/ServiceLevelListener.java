package org.aidflow.servicelevel;

import org.aidflow.organisation.CaseAccess;
import org.aidflow.shared.CaseFacts;
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
  private final CaseFacts facts;

  public ServiceLevelListener(CaseAccess access, CaseFacts facts) {
    this.access = access;
    this.facts = facts;
  }

  @Override
  public void notify(DelegateTask task) {
    // the organisation as registered: a variable must not share the task with another organisation's supervisors
    String owner = facts.unitOf(task.getExecution());
    access.shareTaskWithSupervisors(task.getProcessEngineServices().getAuthorizationService(), task.getId(), owner);
  }
}
