package org.aidflow.intake;

import static org.aidflow.shared.CaseModel.Var.*;

import org.aidflow.security.CaseAccess;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.CaseVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code registerCase}: gives the case its number (the business key, unless the caller brought one), registers
 * it as the person's one open case and lets the intake organisation (and the intake officer) read it.
 */
@Component
public class RegisterCaseDelegate implements JavaDelegate {

  /** Set by the start event (camunda:initiator) when an intake officer starts the case in Tasklist. */
  static final String INTAKE_OFFICER = "intakeOfficer";

  private final CaseRegistry registry;
  private final CaseAccess access;

  public RegisterCaseDelegate(CaseRegistry registry, CaseAccess access) {
    this.registry = registry;
    this.access = access;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String caseNumber = execution.getProcessBusinessKey();
    if (caseNumber == null || caseNumber.isBlank()) {
      caseNumber = registry.nextCaseNumber();
      execution.setProcessBusinessKey(caseNumber);
    }
    registry.registerOpenCase(new CaseRegistry.NewCase(caseNumber, execution.getProcessInstanceId(),
        (String) execution.getVariable(ID_NUMBER_HASH), (String) execution.getVariable(ID_NUMBER_ENCRYPTED),
        (String) execution.getVariable(PHONE_ENCRYPTED), (String) execution.getVariable(INTAKE_ORG),
        (String) execution.getVariable(CHANNEL), CaseVariables.isTrue(execution.getVariable(URGENT)),
        CaseVariables.isTrue(execution.getVariable(CONSENT))));
    access.grantCase(execution.getProcessEngineServices().getAuthorizationService(), execution.getProcessInstanceId(),
        (String) execution.getVariable(INTAKE_ORG), (String) execution.getVariable(INTAKE_OFFICER));
    execution.setVariable(CASE_NUMBER, caseNumber);
    execution.setVariable(ASSESSMENT_CYCLE, 1);
    execution.setVariable(REASSESSMENT_COUNT, 0);
  }
}
