package org.aidflow.assistance;

import static org.aidflow.shared.ProcessVariables.*;

import java.math.BigDecimal;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.ReferralRegistry;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code recordRightsOutcome}: how the rights-protection track ended (resolved or not, and the amount recovered,
 * e.g. arrears of wages), carried into the case summary; which track ran (decision rights-track) and, for the
 * women's track, the protection order's outcome. A referral of the previous release has no track decided: it ran
 * the labour track, which was then the only one.
 */
@Component
public class RecordRightsOutcomeDelegate implements JavaDelegate {

  private final ReferralRegistry registry;
  private final RightsSteps steps;

  public RecordRightsOutcomeDelegate(ReferralRegistry registry, RightsSteps steps) {
    this.registry = registry;
    this.steps = steps;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long referralId = registry.idOfInstance(execution.getProcessInstanceId());
    BigDecimal recovered = CaseVariables.asDecimal(execution.getVariable(RECOVERED_AMOUNT));
    registry.markRightsOutcome(referralId, CaseVariables.isTrue(execution.getVariable(RIGHTS_RESOLVED)),
        recovered == null ? BigDecimal.ZERO : recovered);
    String track = CaseVariables.asString(execution.getVariable(RIGHTS_TRACK));
    boolean women = "women".equals(track);
    String protectionOrder = !women ? null
        : CaseVariables.isTrue(execution.getVariable(PROTECTION_ORDER_SKIPPED)) ? "SKIPPED"
        : CaseVariables.asString(execution.getVariable(PROTECTION_ORDER_OUTCOME));
    steps.recordTrack(referralId, women ? "WOMEN" : "LABOUR", protectionOrder);
  }
}
