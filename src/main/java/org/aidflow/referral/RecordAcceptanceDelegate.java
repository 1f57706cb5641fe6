package org.aidflow.referral;


import org.aidflow.shared.ReferralRegistry;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code recordAcceptance}: the receiving organisation took the referral on, by the signed-in user (if any). */
@Component
public class RecordAcceptanceDelegate implements JavaDelegate {

  private final ReferralRegistry registry;

  public RecordAcceptanceDelegate(ReferralRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void execute(DelegateExecution execution) {
    // the user completing acceptReferral, in this same transaction (Tasklist and the REST API sign the caller in)
    org.camunda.bpm.engine.impl.identity.Authentication current =
        execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    registry.markAccepted(registry.idOfInstance(execution.getProcessInstanceId()),
        current == null ? null : current.getUserId());
  }
}
