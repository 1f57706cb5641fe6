package org.aidflow.referral;

import static org.aidflow.shared.CaseModel.Var.*;

import org.aidflow.shared.CaseVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code summarizeReferrals}: after every referral of the cycle has ended, tells the case how they ended and
 * whether all of them were declined.
 */
@Component
public class SummarizeReferralsDelegate implements JavaDelegate {

  private final ReferralSummaries summaries;

  public SummarizeReferralsDelegate(ReferralSummaries summaries) {
    this.summaries = summaries;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String caseNumber = (String) execution.getVariable(CASE_NUMBER);
    Integer cycle = CaseVariables.asWholeNumber(execution.getVariable(ASSESSMENT_CYCLE));
    execution.setVariable(REFERRAL_SUMMARY, summaries.summarize(caseNumber));
    execution.setVariable(ALL_DECLINED, summaries.allDeclined(caseNumber, cycle == null ? 1 : cycle));
  }
}
