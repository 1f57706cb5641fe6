package org.aidflow.serviceorder;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code recordOrderAcceptance}: the provider the order was offered to took it. */
@Component
public class RecordOrderAcceptanceDelegate implements JavaDelegate {

  private final ServiceOrders orders;

  public RecordOrderAcceptanceDelegate(ServiceOrders orders) {
    this.orders = orders;
  }

  @Override
  public void execute(DelegateExecution execution) {
    orders.accepted(orders.orderOfInstance(execution.getProcessInstanceId()).id());
  }
}
