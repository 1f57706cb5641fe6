package org.aidflow.assistance;

import static org.aidflow.shared.CaseModel.Var.*;

import java.math.BigDecimal;
import java.util.Optional;
import org.aidflow.shared.CaseVariables;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * {@code reserveFunds}: the approved cash of the plan is reserved in the chosen fund. A fund that cannot carry it
 * (unknown, another organisation's, or not enough left) raises {@code INSUFFICIENT_FUNDS} for the supervisors.
 */
@Component
public class ReserveFundsDelegate implements JavaDelegate {

  public static final String INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS";
  static final String CASH_ITEM = "cash";

  private final FundLedger ledger;

  public ReserveFundsDelegate(FundLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BigDecimal cash = CaseVariables.asDecimal(execution.getVariable(CASH_AMOUNT));
    if (cash == null || cash.signum() <= 0) {
      return;
    }
    long referralId = (Long) execution.getVariable(REFERRAL_ID);
    Optional<FundLedger.Refusal> refusal = ledger.reserve((String) execution.getVariable(FUND),
        (String) execution.getVariable(ORG), cash, (String) execution.getVariable(CASE_NUMBER), referralId, CASH_ITEM,
        "reserve:" + referralId + ":" + CASH_ITEM, currentUser(execution));
    if (refusal.isPresent()) {
      String problem = switch (refusal.get()) {
        case UNKNOWN_FUND -> "所选资金不存在或本年度未设立";
        case OTHER_ORGANISATION -> "所选资金不属于本单位";
        case INSUFFICIENT_FUNDS -> "所选资金余额不足 " + cash.stripTrailingZeros().toPlainString() + " 元";
      };
      execution.setVariable(FUNDING_PROBLEM, problem);
      throw new BpmnError(INSUFFICIENT_FUNDS, problem);
    }
    execution.setVariable(FUNDING_PROBLEM, null);
  }

  static String currentUser(DelegateExecution execution) {
    Authentication user = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    return user == null ? null : user.getUserId();
  }
}
