package org.aidflow.assistance;

import static org.aidflow.shared.ProcessVariables.*;

import java.util.List;
import java.util.Set;
import org.aidflow.shared.CaseVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code switchFunds}: the supervisor chose another fund for the items the first could not carry; those items move
 * to it and the reservation is tried again (a fund that cannot carry them either comes back to the supervisor).
 */
@Component
public class SwitchFundsDelegate implements JavaDelegate {

  private final ReferralPlans plans;

  public SwitchFundsDelegate(ReferralPlans plans) {
    this.plans = plans;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Set<String> shortItems = Set.copyOf(CaseVariables.asStringList(execution.getVariable(SHORT_ITEMS)));
    String newFund = CaseVariables.asString(execution.getVariable(NEW_FUND));
    List<CashItem> items = plans.plannedItems(execution).stream()
        .map(item -> shortItems.contains(item.item()) && newFund != null
            ? new CashItem(item.item(), newFund, item.amount(), item.purpose()) : item)
        .toList();
    plans.recordPlan(execution, items);
  }
}
