package org.aidflow.intake;

import static org.aidflow.shared.ProcessVariables.*;

import org.aidflow.organisation.CaseAccess;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.CaseVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * {@code registerCase}: gives the case its number (the business key, unless the caller brought one), registers
 * it as the person's one open case with the unit of the intake organisation for the applicant's region
 * (docs/organisation-units.md) and lets that unit (and the intake officer) read it. The intake
 * officer is the user authenticated when the case started, recorded with the case; the {@code intakeOfficer}
 * variable (set by the start event's initiator, but writable by whoever starts the case) is a copy for Tasklist only.
 */
@Component
public class RegisterCaseDelegate implements JavaDelegate {

  private final CaseRegistry registry;
  private final CaseAccess access;
  private final OrganisationUnits units;

  public RegisterCaseDelegate(CaseRegistry registry, CaseAccess access, OrganisationUnits units) {
    this.registry = registry;
    this.access = access;
    this.units = units;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String caseNumber = execution.getProcessBusinessKey();
    if (caseNumber == null || caseNumber.isBlank()) {
      caseNumber = registry.nextCaseNumber();
      execution.setProcessBusinessKey(caseNumber);
    }
    Authentication starter = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    String intakeOfficer = starter == null ? null : starter.getUserId();
    String intakeOrg = (String) execution.getVariable(INTAKE_ORG);
    // the region as validated at intake: the start variables, before any task holder could write a variable
    Object given = execution.getVariable(REGION);
    String region = given instanceof String r && r.matches("\\d{6}") ? r : null;
    String intakeUnit = units.jurisdiction(intakeOrg, region);
    registry.registerOpenCase(new CaseRegistry.NewCase(caseNumber, execution.getProcessInstanceId(),
        (String) execution.getVariable(ID_NUMBER_HASH), (String) execution.getVariable(ID_NUMBER_ENCRYPTED),
        (String) execution.getVariable(PHONE_ENCRYPTED), intakeOrg,
        (String) execution.getVariable(CHANNEL), CaseVariables.isTrue(execution.getVariable(URGENT)),
        CaseVariables.isTrue(execution.getVariable(CONSENT)), intakeOfficer, region, intakeUnit),
        (String) execution.getVariable(ADDRESS_ENCRYPTED), (String) execution.getVariable(EMPLOYER_ENCRYPTED));
    registry.addCategories(caseNumber, CaseVariables.asStringList(execution.getVariable(CATEGORIES)), null);
    access.grantCase(execution.getProcessEngineServices().getAuthorizationService(), execution.getProcessInstanceId(),
        intakeUnit, intakeOfficer);
    execution.setVariable(CASE_NUMBER, caseNumber);
    execution.setVariable(ASSESSMENT_CYCLE, 1);
    execution.setVariable(REASSESSMENT_COUNT, 0);
  }
}
