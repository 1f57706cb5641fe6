package org.aidflow.referral;

import static org.aidflow.shared.CaseModel.Var.*;

import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.ReferralRegistry;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code registerReferral}: records that the case was referred to this organisation. */
@Component
public class RegisterReferralDelegate implements JavaDelegate {

  private final ReferralRegistry registry;

  public RegisterReferralDelegate(ReferralRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Integer cycle = CaseVariables.asWholeNumber(execution.getVariable(ASSESSMENT_CYCLE));
    long id = registry.register((String) execution.getVariable(CASE_NUMBER), execution.getProcessInstanceId(),
        cycle == null ? 1 : cycle, (String) execution.getVariable(ORG), (String) execution.getVariable(SERVICES));
    execution.setVariable(REFERRAL_ID, id);
  }
}
