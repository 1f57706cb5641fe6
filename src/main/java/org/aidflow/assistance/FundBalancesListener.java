package org.aidflow.assistance;

import static org.aidflow.shared.CaseModel.Var.FUNDS_LEFT;
import static org.aidflow.shared.CaseModel.Var.ORG;

import java.time.Clock;
import java.time.LocalDate;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On the planning and approval tasks ({@code planAssistance}, {@code approvePlan}, {@code jointApprove}): what is
 * left of each of the organisation's funds this year, fresh when the task is created, for the form to show.
 */
@Component
public class FundBalancesListener implements TaskListener {

  private final FundLedger ledger;
  private final Clock clock;

  public FundBalancesListener(FundLedger ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  @Override
  public void notify(DelegateTask task) {
    String org = (String) task.getVariable(ORG);
    String text = ledger.balances(LocalDate.now(clock).getYear()).stream().filter(b -> b.org().equals(org))
        .map(b -> b.name() + "（" + b.code() + "）：可用 " + b.available().stripTrailingZeros().toPlainString()
            + " 元 / 预算 " + b.budget().stripTrailingZeros().toPlainString() + " 元")
        .collect(Collectors.joining("\n\n"));
    task.getExecution().setVariable(FUNDS_LEFT, text.isEmpty() ? "本单位本年度尚未设立资金" : text);
  }
}
