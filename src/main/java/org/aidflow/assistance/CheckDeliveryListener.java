package org.aidflow.assistance;

import static org.aidflow.shared.ProcessVariables.*;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.RefusedInputException;
import org.aidflow.shared.Violation;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completing {@code deliverAssistance}: the items marked as paid are items reserved for this referral, and the
 * delivered amount is what the ledger holds for them (never what the request claims). Nothing is paid when the
 * assistance was not delivered. The referral is the one registered for this process instance, not a
 * {@code referralId} variable.
 */
@Component
public class CheckDeliveryListener implements TaskListener {

  private final FundLedger ledger;
  private final CaseFacts facts;

  public CheckDeliveryListener(FundLedger ledger, CaseFacts facts) {
    this.ledger = ledger;
    this.facts = facts;
  }

  @Override
  public void notify(DelegateTask task) {
    List<Violation> violations = new ArrayList<>();
    if (!(task.getVariable(DELIVERED) instanceof Boolean)) {
      violations.add(new Violation(DELIVERED, "请填写是否已完成发放或服务", "delivered (true or false) is required"));
    }
    boolean delivered = CaseVariables.isTrue(task.getVariable(DELIVERED));
    Map<String, BigDecimal> reserved = ledger.reservedItems(facts.referralOf(task.getExecution()).id());
    List<String> paid = delivered ? CaseVariables.asStringList(task.getVariable(PAID_ITEMS)) : List.of();
    for (String item : paid) {
      if (!reserved.containsKey(item)) {
        violations.add(new Violation(PAID_ITEMS, "发放项目 " + item + " 不在已批准并预留的方案中",
            "paid item " + item + " is not a reserved item of this plan"));
      }
    }
    if (CaseVariables.asString(task.getVariable("deliveryNote")) == null) {
      violations.add(new Violation("deliveryNote", "请填写发放说明", "a delivery note is required"));
    }
    if (!violations.isEmpty()) {
      throw new RefusedInputException("发放登记有误", violations);
    }
    task.getExecution().setVariable(PAID_ITEMS, CaseVariables.jsonList(paid.stream().distinct().toList()));
    task.getExecution().setVariable(DELIVERED_AMOUNT,
        paid.stream().distinct().map(reserved::get).reduce(BigDecimal.ZERO, BigDecimal::add).doubleValue());
  }
}
