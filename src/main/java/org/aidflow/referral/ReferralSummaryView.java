package org.aidflow.referral;

import static org.aidflow.shared.ProcessVariables.REFERRAL_SUMMARY;

import org.aidflow.shared.CaseFacts;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On creating the follow-up: the referrals' and service orders' outcomes as they stand now ({@code referralSummary}).
 * Service orders are often delivered after the referrals ended, when {@code summarizeReferrals} wrote the summary
 * first, so the follow-up reads each service's outcome afresh from {@code service_order}.
 */
@Component
public class ReferralSummaryListener implements TaskListener {

  private final ReferralSummaries summaries;
  private final CaseFacts facts;

  public ReferralSummaryListener(ReferralSummaries summaries, CaseFacts facts) {
    this.summaries = summaries;
    this.facts = facts;
  }

  @Override
  public void notify(DelegateTask task) {
    task.getExecution().setVariable(REFERRAL_SUMMARY, summaries.summarize(facts.caseNumberOf(task.getExecution())));
  }
}
