package org.aidflow.referral;

import static org.aidflow.shared.CaseModel.Var.DECLINE_REASON;
import static org.aidflow.shared.CaseModel.Var.REFERRAL_ID;

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
    registry.markDeclined((Long) execution.getVariable(REFERRAL_ID), (String) execution.getVariable(DECLINE_REASON));
  }
}
