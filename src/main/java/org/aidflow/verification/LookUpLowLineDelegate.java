package org.aidflow.verification;

import static org.aidflow.shared.ProcessVariables.LOW_LINE;
import static org.aidflow.shared.ProcessVariables.REGION;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code lookUpLowLine}: the minimum living standard that the hardship-level decision compares the per-capita income
 * with, from table {@code low_line} ({@link LowLines}): the line in force today in China, which is the case's
 * verification date (this step runs as verifyCase completes), for the most specific prefix of the applicant's
 * region. Whatever variable {@code lowLine} held before is overwritten.
 */
@Component
public class LookUpLowLineDelegate implements JavaDelegate {

  private final LowLines lowLines;

  public LookUpLowLineDelegate(LowLines lowLines) {
    this.lowLines = lowLines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String region = (String) execution.getVariable(REGION);
    execution.setVariable(LOW_LINE, lowLines.lineFor(region, lowLines.today()).doubleValue());
  }
}
