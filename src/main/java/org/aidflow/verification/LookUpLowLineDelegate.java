package org.aidflow.verification;

import static org.aidflow.shared.CaseModel.Var.LOW_LINE;
import static org.aidflow.shared.CaseModel.Var.REGION;

import org.aidflow.shared.PolicySettings;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code lookUpLowLine}: the minimum living standard of the applicant's region, the setting that the
 * hardship-level decision compares the per-capita income with.
 */
@Component
public class LookUpLowLineDelegate implements JavaDelegate {

  private final PolicySettings policy;

  public LookUpLowLineDelegate(PolicySettings policy) {
    this.policy = policy;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(LOW_LINE, policy.lowLineFor((String) execution.getVariable(REGION)).doubleValue());
  }
}
