package org.aidflow.followup;

import static org.aidflow.shared.ProcessVariables.*;

import org.aidflow.shared.CaseVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code startReassessment}: a case that did not improve goes back to verification and routing as a new
 * assessment cycle; the count is what the 3-cycle limit of docs/policy.md is checked against.
 */
@Component
public class StartReassessmentDelegate implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    Integer count = CaseVariables.asWholeNumber(execution.getVariable(REASSESSMENT_COUNT));
    Integer cycle = CaseVariables.asWholeNumber(execution.getVariable(ASSESSMENT_CYCLE));
    execution.setVariable(REASSESSMENT_COUNT, (count == null ? 0 : count) + 1);
    execution.setVariable(ASSESSMENT_CYCLE, (cycle == null ? 1 : cycle) + 1);
    execution.setVariable(FOLLOW_UP_ROUND, 0);
    // the new verification is a decision of its own: the form shows no answer of the last cycle (no default)
    execution.removeVariable(VERIFIED);
  }
}
