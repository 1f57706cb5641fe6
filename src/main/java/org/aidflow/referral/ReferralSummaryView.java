package org.aidflow.referral;

import static org.aidflow.shared.ProcessVariables.REFERRAL_SUMMARY;

import java.util.Map;
import java.util.Set;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.TaskFormView;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.springframework.stereotype.Component;

/**
 * On the follow-up, when the form opens: the referrals' and service orders' outcomes as they stand then
 * ({@code referralSummary}). Service orders are often delivered after the referrals ended, when
 * {@code summarizeReferrals} wrote the summary first, so the follow-up reads each service's outcome afresh from
 * {@code service_order}.
 */
@Component
public class ReferralSummaryView implements TaskFormView {

  private static final Set<String> FOLLOW_UP = Set.of(AidCaseModel.FOLLOW_UP);

  private final ReferralSummaries summaries;
  private final CaseFacts facts;

  public ReferralSummaryView(ReferralSummaries summaries, CaseFacts facts) {
    this.summaries = summaries;
    this.facts = facts;
  }

  @Override
  public Map<String, TypedValue> valuesFor(DelegateTask task) {
    if (!TaskFormView.isTaskOf(task, AidCaseModel.PROCESS_KEY, FOLLOW_UP)) {
      return Map.of();
    }
    return Map.of(REFERRAL_SUMMARY, Variables.stringValue(summaries.summarize(facts.caseNumberOf(task.getExecution()))));
  }
}
