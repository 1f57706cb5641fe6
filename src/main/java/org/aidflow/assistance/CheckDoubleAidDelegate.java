package org.aidflow.assistance;

import static org.aidflow.shared.ProcessVariables.*;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.PolicySettings;
import org.aidflow.shared.ReferralRegistry;
import org.aidflow.shared.ReferralRegistry.RegisteredReferral;
import org.aidflow.shared.ReferralRegistry.PriorAid;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * {@code checkDoubleAid}: no person gets the same cash aid type twice within the double-aid window
 * ({@code aidflow.policy.double-aid-window}, 365 days) from any organisation (docs/policy.md). Only the cash aid types
 * ({@code aidflow.policy.cash-aid-types}) count: legal aid and rights protection are never blocked. A plan repeating
 * a cash aid type delivered in that window is stopped, with the earlier delivery shown in
 * {@code doubleAid}, until a supervisor overrides with a recorded reason or the plan is revised.
 */
@Component
public class CheckDoubleAidDelegate implements JavaDelegate {

  private final ReferralRegistry referrals;
  private final PolicySettings policy;

  public CheckDoubleAidDelegate(ReferralRegistry referrals, PolicySettings policy) {
    this.referrals = referrals;
    this.policy = policy;
  }

  /** 金秋助学 is once a school year (September to August), not once in 365 days. */
  static final String EDUCATION_AID = "education-aid";

  @Override
  public void execute(DelegateExecution execution) {
    Set<String> planned = services(execution.getVariable(SERVICES)).stream()
        .filter(policy.getCashAidTypes()::contains).collect(Collectors.toSet());
    LocalDate today = LocalDate.ofInstant(ClockUtil.getCurrentTime().toInstant(), AidFlowConfiguration.ZONE);
    // the person is the one of the registered referral's case, whatever caseNumber or referralId say
    RegisteredReferral referral = referrals.referralOfInstance(execution.getProcessInstanceId()).orElseThrow(() ->
        new IllegalStateException("no referral is registered for process instance " + execution.getProcessInstanceId()));
    List<PriorAid> repeated = referrals.deliveredToSamePerson(referral.caseNumber(), referral.id(),
            ClockUtil.getCurrentTime().toInstant().minus(policy.getDoubleAidWindow()))
        .stream().filter(prior -> services(prior.services()).stream()
            .anyMatch(service -> planned.contains(service) && (!EDUCATION_AID.equals(service)
                || schoolYear(LocalDate.ofInstant(prior.deliveredAt(), AidFlowConfiguration.ZONE)) == schoolYear(today))))
        .toList();
    execution.setVariable(DOUBLE_AID, repeated.isEmpty() ? null : repeated.stream().map(PriorAid::describe)
        .collect(Collectors.joining("\n\n")));
  }

  /** The school year a date belongs to, named by the year it starts in: 2026-08-31 → 2025, 2026-09-01 → 2026. */
  static int schoolYear(LocalDate date) {
    return date.getMonthValue() >= 9 ? date.getYear() : date.getYear() - 1;
  }

  /** Service codes of a plan or referral, however the caseworker separated them. */
  static Set<String> services(Object text) {
    return text == null ? Set.of() : Arrays.stream(text.toString().split("[,，、;；\\s]+"))
        .filter(s -> !s.isBlank()).map(String::trim).collect(Collectors.toSet());
  }

}
