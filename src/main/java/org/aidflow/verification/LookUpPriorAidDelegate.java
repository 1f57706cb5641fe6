package org.aidflow.verification;

import static org.aidflow.shared.ProcessVariables.PRIOR_AID;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.PolicySettings;
import org.aidflow.shared.ReferralRegistry;
import org.aidflow.shared.ReferralRegistry.PriorAid;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * {@code lookUpPriorAid}: every assistance the person received from any organisation in the double-aid window
 * ({@code aidflow.policy.double-aid-window}, 365 days), of every type, shown
 * to the verifier so that double aid is visible before referral (docs/policy.md).
 */
@Component
public class LookUpPriorAidDelegate implements JavaDelegate {

  private final ReferralRegistry referrals;
  private final CaseFacts facts;
  private final PolicySettings policy;

  public LookUpPriorAidDelegate(ReferralRegistry referrals, CaseFacts facts, PolicySettings policy) {
    this.referrals = referrals;
    this.facts = facts;
    this.policy = policy;
  }

  /** e.g. "近365天无帮扶记录". */
  static String none(Duration window) {
    return "近" + window.toDays() + "天无帮扶记录";
  }

  @Override
  public void execute(DelegateExecution execution) {
    Duration window = policy.getDoubleAidWindow();
    List<PriorAid> prior = referrals.priorAidOf(facts.caseNumberOf(execution),
        ClockUtil.getCurrentTime().toInstant().minus(window));
    execution.setVariable(PRIOR_AID, prior.isEmpty() ? none(window) : prior.stream().map(PriorAid::describe)
        .collect(Collectors.joining("\n\n")));
  }

}
