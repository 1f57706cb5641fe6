package org.aidflow.referral;


import org.aidflow.shared.ReferralRegistry;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code recordAcceptance}: the receiving organisation took the referral on. */
@Component
public class RecordAcceptanceDelegate implements JavaDelegate {

  private final ReferralRegistry registry;

  public RecordAcceptanceDelegate(ReferralRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void execute(DelegateExecution execution) {
    registry.markAccepted(registry.idOfInstance(execution.getProcessInstanceId()));
  }
}
