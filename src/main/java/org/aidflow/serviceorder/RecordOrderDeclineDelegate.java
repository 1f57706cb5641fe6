package org.aidflow.serviceorder;

import static org.aidflow.shared.ProcessVariables.*;

import org.aidflow.serviceorder.ServiceOrders.Order;
import org.aidflow.shared.CaseVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code recordOrderDecline}: the provider declined with a reason; it is not offered the order again. The answer is
 * taken off the instance, so the next provider starts from an empty form and does not read the reason.
 */
@Component
public class RecordOrderDeclineDelegate implements JavaDelegate {

  private final ServiceOrders orders;

  public RecordOrderDeclineDelegate(ServiceOrders orders) {
    this.orders = orders;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Order order = orders.orderOfInstance(execution.getProcessInstanceId());
    String reason = CaseVariables.asString(execution.getVariable(DECLINE_REASON));
    orders.declined(order.id(), order.providerUnit(), reason == null ? "" : reason.strip());
    execution.removeVariable(ACCEPTED);
    execution.removeVariable(DECLINE_REASON);
  }
}
