package org.aidflow.servicelevel;

import static org.aidflow.shared.ProcessVariables.*;

import org.aidflow.shared.CaseVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code recordEscalationHandled}: the supervisor dealt with the breach; who, when and how is kept with it. */
@Component
public class RecordEscalationHandledDelegate implements JavaDelegate {

  private final Escalations escalations;

  public RecordEscalationHandledDelegate(Escalations escalations) {
    this.escalations = escalations;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var user = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    // the breach this instance was started for, whatever escalationId says now
    Object legacyId = execution.getVariable(ESCALATION_ID);
    escalations.handledBy(execution.getProcessInstanceId(), legacyId instanceof Number n ? n.longValue() : null)
        .ifPresent(id -> escalations.markHandled(id, user == null ? null : user.getUserId(),
            CaseVariables.asString(execution.getVariable(ESCALATION_NOTE))));
  }
}
