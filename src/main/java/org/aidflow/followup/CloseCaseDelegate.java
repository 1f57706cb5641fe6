package org.aidflow.followup;

import static org.aidflow.shared.ProcessVariables.*;

import org.aidflow.assistance.FundLedger;
import org.aidflow.referral.ReferralSummaries;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.ReferralRegistry;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The close tasks ({@code closeNotEligible}, {@code closeAfterFollowUp}, {@code closeBySupervisor},
 * {@code closeWithdrawn}, {@code closeUnverified}, {@code closeLostContact}): each passes its closure reason and note as the input
 * parameters {@code reason} and {@code note}. Closing frees the person for a later intake, cancels referrals
 * still open, releases their reserved cash, ends the case's escalations, cancels its unsent work notices and leaves a
 * readable summary on the case; a NOT_ELIGIBLE closure keeps its reason in words and tells the intake officer and the
 * applicant (CaseClosure). The case closed is the one registered for this process instance, whatever a
 * {@code caseNumber} variable says.
 */
@Component
public class CloseCaseDelegate implements JavaDelegate {

  /** The closure reasons of docs/policy.md: nothing else closes a case. */
  public static final java.util.Set<String> CLOSURE_REASONS = java.util.Set.of("RESOLVED", "IMPROVED", "NOT_ELIGIBLE",
      "WITHDRAWN", "LOST_CONTACT", "DUPLICATE", "REFERRED_TO_GOVERNMENT");

  private final CaseRegistry cases;
  private final CaseFacts facts;
  private final ReferralRegistry referrals;
  private final ReferralSummaries summaries;
  private final FundLedger ledger;
  private final CaseClosure closure;

  public CloseCaseDelegate(CaseRegistry cases, CaseFacts facts, ReferralRegistry referrals,
      ReferralSummaries summaries, FundLedger ledger, CaseClosure closure) {
    this.closure = closure;
    this.cases = cases;
    this.facts = facts;
    this.referrals = referrals;
    this.summaries = summaries;
    this.ledger = ledger;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String caseNumber = facts.caseNumberOf(execution);
    Object given = execution.getVariableLocal(REASON);
    if (!(given instanceof String reason) || !CLOSURE_REASONS.contains(reason)) {
      // a model passing anything else (an expression over a free variable) fails here, and the case stays open
      throw new IllegalArgumentException("closure reason must be one of " + CLOSURE_REASONS + ", not " + given);
    }
    Object note = execution.getVariableLocal(NOTE);
    referrals.cancelOpen(caseNumber);
    // money reserved for referrals that will not deliver now goes back to the funds
    ledger.releaseCase(caseNumber, null);
    cases.close(caseNumber, reason);
    closure.endOpenWork(execution.getProcessEngineServices(), caseNumber);
    if (CaseClosure.NOT_ELIGIBLE.equals(reason)) {
      note = closure.explainRefusal(caseNumber, note == null ? null : note.toString());
    }
    execution.getProcessInstance().setVariable(CLOSURE_REASON, reason);
    execution.getProcessInstance().setVariable(CLOSURE_NOTE, note == null ? null : note.toString());
    execution.getProcessInstance().setVariable(CASE_SUMMARY, summaries.summarize(caseNumber));
  }
}
