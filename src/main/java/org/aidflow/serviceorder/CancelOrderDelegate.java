package org.aidflow.serviceorder;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code cancelOrder}: the referring unit's supervisors gave up on an order no provider took. */
@Component
public class CancelOrderDelegate implements JavaDelegate {

  private final ServiceOrders orders;

  public CancelOrderDelegate(ServiceOrders orders) {
    this.orders = orders;
  }

  @Override
  public void execute(DelegateExecution execution) {
    orders.cancelled(orders.orderOfInstance(execution.getProcessInstanceId()).id());
  }
}
