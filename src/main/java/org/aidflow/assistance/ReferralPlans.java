package org.aidflow.assistance;

import java.util.List;
import java.util.Optional;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.ProcessVariables;
import org.aidflow.shared.ReferralRegistry;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * A referral's plan as checked (and as the supervisors switched funds), kept in {@code case_referral}: what is
 * reserved and shown to approvers is this plan, never a {@code cashItems} variable rewritten after the check.
 */
@Component
public class ReferralPlans {

  private final CaseFacts facts;
  private final ReferralRegistry referrals;

  public ReferralPlans(CaseFacts facts, ReferralRegistry referrals) {
    this.facts = facts;
    this.referrals = referrals;
  }

  /** The plan's cash items; a plan checked before plans were kept falls back to the variable. */
  public List<CashItem> plannedItems(DelegateExecution execution) {
    return plannedItems(facts.referralOf(execution), execution);
  }

  /** The same, for a referral already looked up. */
  public List<CashItem> plannedItems(ReferralRegistry.RegisteredReferral referral, VariableScope variables) {
    return Optional.ofNullable(referral.plannedItems()).map(CashItems::of)
        .orElseGet(() -> CashItems.of(variables.getVariable(ProcessVariables.CASH_ITEMS)));
  }

  /** Keeps the referral's plan as checked, and its copy for the forms. */
  public void recordPlan(DelegateExecution execution, List<CashItem> items) {
    referrals.recordPlan(facts.referralOf(execution).id(), CashItems.text(items));
    execution.setVariable(ProcessVariables.CASH_ITEMS, CashItems.variable(items));
  }
}
