package org.aidflow.assistance;

import static org.aidflow.shared.ProcessVariables.*;

import java.util.Set;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.CaseVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code disburseFunds} (after an async boundary, so the job executor retries it): pays out each cash item the
 * caseworker marked as paid, exactly once whatever the retries, and releases the reservations of the others. Only
 * reservations of the referral registered for this process instance are touched, whatever {@code referralId} says.
 */
@Component
public class DisburseFundsDelegate implements JavaDelegate {

  private final FundLedger ledger;
  private final CaseFacts facts;

  public DisburseFundsDelegate(FundLedger ledger, CaseFacts facts) {
    this.ledger = ledger;
    this.facts = facts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long referralId = facts.referralOf(execution).id();
    String user = ReserveFundsDelegate.currentUser(execution);
    Set<String> paid = CaseVariables.isTrue(execution.getVariable(DELIVERED))
        ? Set.copyOf(CaseVariables.asStringList(execution.getVariable(PAID_ITEMS))) : Set.of();
    ledger.settle(referralId, paid, user);
  }
}
