package org.aidflow.serviceorder;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code routeOrder}: offers the order to its next provider, or leaves it UNPLACED when none is left. */
@Component
public class RouteOrderDelegate implements JavaDelegate {

  private final ServiceOrderRouting routing;

  public RouteOrderDelegate(ServiceOrderRouting routing) {
    this.routing = routing;
  }

  @Override
  public void execute(DelegateExecution execution) {
    routing.route(execution);
  }
}
