package org.aidflow.assistance;

import static org.aidflow.shared.CaseModel.Var.*;

import java.math.BigDecimal;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.ReferralRegistry;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code recordRightsOutcome}: how the rights-protection track ended (resolved or not, and the amount recovered,
 * e.g. arrears of wages), carried into the case summary.
 */
@Component
public class RecordRightsOutcomeDelegate implements JavaDelegate {

  private final ReferralRegistry registry;

  public RecordRightsOutcomeDelegate(ReferralRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BigDecimal recovered = CaseVariables.asDecimal(execution.getVariable(RECOVERED_AMOUNT));
    registry.markRightsOutcome(registry.idOfInstance(execution.getProcessInstanceId()),
        CaseVariables.isTrue(execution.getVariable(RIGHTS_RESOLVED)), recovered == null ? BigDecimal.ZERO : recovered);
  }
}
