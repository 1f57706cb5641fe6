package org.aidflow.referral;

import static org.aidflow.shared.ProcessVariables.*;

import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.CaseVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code summarizeReferrals}: after every referral of the cycle has ended, tells the case how they ended and
 * whether all of them were declined. The case is the one registered for this instance, not a variable.
 */
@Component
public class SummarizeReferralsDelegate implements JavaDelegate {

  private final ReferralSummaries summaries;
  private final CaseFacts facts;

  public SummarizeReferralsDelegate(ReferralSummaries summaries, CaseFacts facts) {
    this.summaries = summaries;
    this.facts = facts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String caseNumber = facts.caseNumberOf(execution);
    Integer cycle = CaseVariables.asWholeNumber(execution.getVariable(ASSESSMENT_CYCLE));
    execution.setVariable(REFERRAL_SUMMARY, summaries.summarize(caseNumber));
    execution.setVariable(ALL_DECLINED, summaries.allDeclined(caseNumber, cycle == null ? 1 : cycle));
  }
}
