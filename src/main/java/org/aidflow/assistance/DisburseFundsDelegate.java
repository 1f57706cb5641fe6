package org.aidflow.assistance;

import static org.aidflow.shared.CaseModel.Var.*;

import java.math.BigDecimal;
import org.aidflow.shared.CaseVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code disburseFunds} (after an async boundary, so the job executor retries it): pays the delivered amount out of
 * the reservation, exactly once whatever the retries, and releases the rest; releases everything when nothing was
 * delivered.
 */
@Component
public class DisburseFundsDelegate implements JavaDelegate {

  private final FundLedger ledger;

  public DisburseFundsDelegate(FundLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long referralId = (Long) execution.getVariable(REFERRAL_ID);
    String user = ReserveFundsDelegate.currentUser(execution);
    BigDecimal paid = CaseVariables.asDecimal(execution.getVariable(DELIVERED_AMOUNT));
    if (CaseVariables.isTrue(execution.getVariable(DELIVERED)) && paid != null && paid.signum() > 0) {
      ledger.disburse(referralId, ReserveFundsDelegate.CASH_ITEM, paid,
          "disburse:" + referralId + ":" + ReserveFundsDelegate.CASH_ITEM, user);
    } else {
      ledger.releaseReferral(referralId, user);
    }
  }
}
