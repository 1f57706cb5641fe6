package org.aidflow.referral;

import static org.aidflow.shared.ProcessVariables.*;

import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.ReferralRegistry;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code recordCharityReferral}: the organisation's funds could not carry the plan and its supervisors passed the
 * case on to the charities; this referral ends so, with the supervisor's note, and a charity referral follows.
 */
@Component
public class RecordCharityReferralDelegate implements JavaDelegate {

  private final ReferralRegistry registry;

  public RecordCharityReferralDelegate(ReferralRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void execute(DelegateExecution execution) {
    registry.markPassedToCharity(registry.idOfInstance(execution.getProcessInstanceId()),
        CaseVariables.asString(execution.getVariable(DECLINE_REASON)));
  }
}
