package org.aidflow.verification;

import static org.aidflow.shared.CaseModel.Var.PRIOR_AID;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.ReferralRegistry;
import org.aidflow.shared.ReferralRegistry.PriorAid;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * {@code lookUpPriorAid}: every assistance the person received from any organisation in the last 365 days, shown
 * to the verifier so that double aid is visible before referral (docs/policy.md).
 */
@Component
public class LookUpPriorAidDelegate implements JavaDelegate {

  static final Duration WINDOW = Duration.ofDays(365);
  static final String NONE = "近365天无帮扶记录";

  private final ReferralRegistry referrals;
  private final CaseFacts facts;

  public LookUpPriorAidDelegate(ReferralRegistry referrals, CaseFacts facts) {
    this.referrals = referrals;
    this.facts = facts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    List<PriorAid> prior = referrals.priorAidOf(facts.caseNumberOf(execution),
        ClockUtil.getCurrentTime().toInstant().minus(WINDOW));
    execution.setVariable(PRIOR_AID, prior.isEmpty() ? NONE : prior.stream().map(PriorAid::describe)
        .collect(Collectors.joining("\n\n")));
  }

}
