package org.aidflow.serviceorder;

/**
 * The contract between Java and {@code processes/service-order.bpmn} (one service item of an approved plan, delivered
 * by a provider of the alliance): its process key and the element ids Java and the tests name. Variable names are in
 * {@code org.aidflow.shared.ProcessVariables}; ModelsTest checks every constant against the model.
 */
public final class ServiceOrderModel {

  public static final String PROCESS_KEY = "serviceOrder";

  // element ids
  public static final String ORDER_RECEIVED = "orderReceived";
  public static final String ROUTE_ORDER = "routeOrder";
  public static final String IS_PROVIDER_FOUND = "isProviderFound";
  public static final String ACCEPT_ORDER = "acceptOrder";
  public static final String IS_ORDER_ACCEPTED = "isOrderAccepted";
  public static final String RECORD_ORDER_DECLINE = "recordOrderDecline";
  public static final String RECORD_ORDER_ACCEPTANCE = "recordOrderAcceptance";
  public static final String DELIVER_ORDER = "deliverOrder";
  public static final String RECORD_ORDER_DELIVERY = "recordOrderDelivery";
  public static final String ORDER_DELIVERED = "orderDelivered";
  public static final String DECIDE_UNPLACED_ORDER = "decideUnplacedOrder";
  public static final String IS_ORDER_RETRIED = "isOrderRetried";
  public static final String CANCEL_ORDER = "cancelOrder";
  public static final String ORDER_CANCELLED = "orderCancelled";

  private ServiceOrderModel() {
  }
}
