package org.aidflow.assistance;

import static org.aidflow.shared.ProcessVariables.*;

import java.util.List;
import java.util.stream.Collectors;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.shared.ReferralModel;
import org.aidflow.shared.ReferralRegistry.RegisteredReferral;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * {@code reserveFunds}: every cash item of the approved plan is reserved in its fund, or none is. Items a fund cannot
 * carry (unknown, not one the referral's unit may draw on, or not enough left) raise {@code INSUFFICIENT_FUNDS} for
 * the supervisors, with each shortfall in {@code fundingProblem} and the items concerned in {@code shortItems}. Case,
 * referral and the unit whose funds (and whose parents' shared funds) may be drawn on are the referral's as
 * registered in {@code case_referral}, never variables.
 */
@Component
public class ReserveFundsDelegate implements JavaDelegate {

  private final FundLedger ledger;
  private final CaseFacts facts;
  private final ReferralPlans plans;

  public ReserveFundsDelegate(FundLedger ledger, CaseFacts facts, ReferralPlans plans) {
    this.plans = plans;
    this.ledger = ledger;
    this.facts = facts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    RegisteredReferral referral = facts.referralOf(execution);
    List<CashItem> items = plans.plannedItems(execution);
    List<FundLedger.Shortfall> shortfalls = items.isEmpty() ? List.of()
        : ledger.reservePlan(referral.unit(), referral.caseNumber(), referral.id(), items, currentUser(execution));
    if (!shortfalls.isEmpty()) {
      String problem = shortfalls.stream().map(this::describe).collect(Collectors.joining("\n\n"));
      execution.setVariable(FUNDING_PROBLEM, problem);
      execution.setVariable(SHORT_ITEMS,
          CaseVariables.jsonList(shortfalls.stream().map(s -> s.item().item()).toList()));
      throw new BpmnError(ReferralModel.INSUFFICIENT_FUNDS_ERROR, problem);
    }
    CaseVariables.setOrClear(execution, FUNDING_PROBLEM, null);
    CaseVariables.setOrClear(execution, SHORT_ITEMS, null);
  }

  /** One shortfall in words: "第1项（小额资金，1,500.00 元）：余额不足，可用 1,000.00 元". */
  private String describe(FundLedger.Shortfall shortfall) {
    CashItem item = shortfall.item();
    String reason = switch (shortfall.refusal()) {
      case UNKNOWN_FUND -> "资金不存在或本年度未设立";
      case NOT_USABLE_BY_UNIT -> "本单位不能使用该资金（只能使用本单位资金和上级单位开放给下级的资金）";
      case INSUFFICIENT_FUNDS -> "余额不足，可用 " + IntakeVocabulary.money(shortfall.available());
    };
    return IntakeVocabulary.itemName(item.item()) + "（" + ledger.fundName(item.fund()) + "，"
        + IntakeVocabulary.money(item.amount()) + "）：" + reason;
  }

  static String currentUser(DelegateExecution execution) {
    Authentication user = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    return user == null ? null : user.getUserId();
  }
}
