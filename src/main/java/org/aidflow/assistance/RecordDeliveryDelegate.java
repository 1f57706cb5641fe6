package org.aidflow.assistance;

import static org.aidflow.shared.CaseModel.Var.*;

import org.aidflow.followup.HardshipRegistration;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.ReferralRegistry;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code recordDelivery}: the referral's outcome (delivered or not, and the amount) returned to the case; delivered
 * aid to a DEEP or RELATIVE case registers the household for the annual review (动态管理).
 */
@Component
public class RecordDeliveryDelegate implements JavaDelegate {

  private final ReferralRegistry registry;
  private final HardshipRegistration hardship;

  public RecordDeliveryDelegate(ReferralRegistry registry, HardshipRegistration hardship) {
    this.registry = registry;
    this.hardship = hardship;
  }

  @Override
  public void execute(DelegateExecution execution) {
    boolean delivered = CaseVariables.isTrue(execution.getVariable(DELIVERED));
    registry.markDelivered((Long) execution.getVariable(REFERRAL_ID), delivered,
        CaseVariables.asString(execution.getVariable(SERVICES)),
        CaseVariables.asDecimal(execution.getVariable(CASH_AMOUNT)),
        delivered ? CaseVariables.asDecimal(execution.getVariable(DELIVERED_AMOUNT)) : null);
    if (delivered) {
      hardship.registerDelivered(execution.getProcessEngineServices(), (String) execution.getVariable(CASE_NUMBER),
          (String) execution.getVariable(HARDSHIP_LEVEL), (String) execution.getVariable(NAME));
    }
  }
}
