package org.aidflow.referral;

import static org.aidflow.shared.ProcessVariables.*;

import org.aidflow.organisation.CaseAccess;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.ReferralRegistry;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code registerReferral}: records that the case was referred to this organisation and lets it read the referral.
 * The case is the one of the process that made the referral (never a {@code caseNumber} variable); the organisation
 * is the one the calling process named when it started this instance. From here on, every step finds both in
 * {@code case_referral} by this process instance.
 */
@Component
public class RegisterReferralDelegate implements JavaDelegate {

  private final ReferralRegistry registry;
  private final CaseFacts facts;
  private final CaseAccess access;
  private final OrganisationUnits units;

  public RegisterReferralDelegate(ReferralRegistry registry, CaseFacts facts, CaseAccess access,
      OrganisationUnits units) {
    this.registry = registry;
    this.facts = facts;
    this.access = access;
    this.units = units;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Integer cycle = CaseVariables.asWholeNumber(execution.getVariable(ASSESSMENT_CYCLE));
    var registeredCase = facts.callingCaseOf(execution);
    String caseNumber = registeredCase.caseNumber();
    String org = (String) execution.getVariable(ORG);
    // the most specific active unit of the organisation for the applicant's region as registered
    String unit = units.jurisdiction(org, registeredCase.region());
    long id = registry.register(caseNumber, execution.getProcessInstanceId(),
        cycle == null ? 1 : cycle, org, (String) execution.getVariable(SERVICES), unit);
    access.grantReferral(execution.getProcessEngineServices().getAuthorizationService(),
        execution.getProcessInstanceId(), registry.referralOfInstance(execution.getProcessInstanceId())
            .map(ReferralRegistry.RegisteredReferral::unit).orElse(unit));
    // copies for the forms and Tasklist; the case number as registered, written only where the copy passed in differs
    CaseVariables.setIfChanged(execution, CASE_NUMBER, caseNumber);
    execution.setVariable(REFERRAL_ID, id);
  }
}
