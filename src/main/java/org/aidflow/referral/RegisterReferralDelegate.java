package org.aidflow.referral;

import static org.aidflow.shared.CaseModel.Var.*;

import org.aidflow.security.CaseAccess;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.ReferralRegistry;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code registerReferral}: records that the case was referred to this organisation and lets it read the referral. */
@Component
public class RegisterReferralDelegate implements JavaDelegate {

  private final ReferralRegistry registry;
  private final CaseAccess access;

  public RegisterReferralDelegate(ReferralRegistry registry, CaseAccess access) {
    this.registry = registry;
    this.access = access;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Integer cycle = CaseVariables.asWholeNumber(execution.getVariable(ASSESSMENT_CYCLE));
    long id = registry.register((String) execution.getVariable(CASE_NUMBER), execution.getProcessInstanceId(),
        cycle == null ? 1 : cycle, (String) execution.getVariable(ORG), (String) execution.getVariable(SERVICES));
    access.grantReferral(execution.getProcessEngineServices().getAuthorizationService(),
        execution.getProcessInstanceId(), (String) execution.getVariable(ORG));
    execution.setVariable(REFERRAL_ID, id);
  }
}
