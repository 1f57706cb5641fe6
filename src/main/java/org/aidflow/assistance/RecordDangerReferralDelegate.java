package org.aidflow.assistance;

import static org.aidflow.shared.ProcessVariables.*;

import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.ReferralRegistry;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code recordDangerReferral}: the safety assessment found the applicant in immediate danger; the police report and
 * the shelter referral the caseworker made (checked by CheckRightsStepListener) are recorded on the referral.
 */
@Component
public class RecordDangerReferralDelegate implements JavaDelegate {

  private final ReferralRegistry registry;
  private final RightsSteps steps;

  public RecordDangerReferralDelegate(ReferralRegistry registry, RightsSteps steps) {
    this.registry = registry;
    this.steps = steps;
  }

  @Override
  public void execute(DelegateExecution execution) {
    steps.recordDangerReferral(registry.idOfInstance(execution.getProcessInstanceId()),
        CaseVariables.asString(execution.getVariable(POLICE_REPORT)),
        CaseVariables.asString(execution.getVariable(SHELTER_REFERRAL)));
  }
}
