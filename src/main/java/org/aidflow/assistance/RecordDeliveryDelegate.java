package org.aidflow.assistance;

import static org.aidflow.shared.CaseModel.Var.*;

import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.ReferralRegistry;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code recordDelivery}: the referral's outcome (delivered or not, and the amount) returned to the case. */
@Component
public class RecordDeliveryDelegate implements JavaDelegate {

  private final ReferralRegistry registry;

  public RecordDeliveryDelegate(ReferralRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void execute(DelegateExecution execution) {
    boolean delivered = CaseVariables.isTrue(execution.getVariable(DELIVERED));
    registry.markDelivered((Long) execution.getVariable(REFERRAL_ID), delivered,
        CaseVariables.asString(execution.getVariable(SERVICES)),
        CaseVariables.asDecimal(execution.getVariable(CASH_AMOUNT)),
        delivered ? CaseVariables.asDecimal(execution.getVariable(DELIVERED_AMOUNT)) : null);
  }
}
