package org.aidflow.intake;

import static org.aidflow.shared.CaseModel.Var.*;

import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.PersonalData;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code registerCase}: gives the case its number (the business key, unless the caller brought one) and
 * registers it as the person's one open case.
 */
@Component
public class RegisterCaseDelegate implements JavaDelegate {

  private final CaseRegistry registry;
  private final PersonalData personalData;

  public RegisterCaseDelegate(CaseRegistry registry, PersonalData personalData) {
    this.registry = registry;
    this.personalData = personalData;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String caseNumber = execution.getProcessBusinessKey();
    if (caseNumber == null || caseNumber.isBlank()) {
      caseNumber = registry.nextCaseNumber();
      execution.setProcessBusinessKey(caseNumber);
    }
    registry.registerOpenCase(caseNumber, execution.getProcessInstanceId(),
        personalData.idNumberHash((String) execution.getVariable(ID_NUMBER)),
        (String) execution.getVariable(INTAKE_ORG), (String) execution.getVariable(CHANNEL),
        CaseVariables.isTrue(execution.getVariable(URGENT)));
    execution.setVariable(CASE_NUMBER, caseNumber);
    execution.setVariable(ASSESSMENT_CYCLE, 1);
    execution.setVariable(REASSESSMENT_COUNT, 0);
  }
}
