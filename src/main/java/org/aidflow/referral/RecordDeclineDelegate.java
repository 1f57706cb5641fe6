package org.aidflow.referral;

import static org.aidflow.shared.ProcessVariables.DECLINE_REASON;

import org.aidflow.shared.ReferralRegistry;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code recordDecline}: the receiving organisation declined, and said why. */
@Component
public class RecordDeclineDelegate implements JavaDelegate {

  private final ReferralRegistry registry;

  public RecordDeclineDelegate(ReferralRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void execute(DelegateExecution execution) {
    registry.markDeclined(registry.idOfInstance(execution.getProcessInstanceId()), (String) execution.getVariable(DECLINE_REASON));
  }
}
