package org.aidflow.serviceorder;

import static org.aidflow.shared.ProcessVariables.*;

import org.aidflow.shared.CaseVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code recordOrderDelivery}: the provider's delivery (checked by CheckServiceOrderListener) into the order's row. */
@Component
public class RecordOrderDeliveryDelegate implements JavaDelegate {

  private final ServiceOrders orders;

  public RecordOrderDeliveryDelegate(ServiceOrders orders) {
    this.orders = orders;
  }

  @Override
  public void execute(DelegateExecution execution) {
    orders.delivered(orders.orderOfInstance(execution.getProcessInstanceId()).id(),
        CheckServiceOrderListener.deliveredOn(execution.getVariable(DELIVERED_ON)),
        CaseVariables.asDecimal(execution.getVariable(SERVICE_HOURS)),
        CaseVariables.asString(execution.getVariable(SERVICE_WORK)).strip(),
        CaseVariables.asString(execution.getVariable(SERVICE_OUTCOME)));
  }
}
