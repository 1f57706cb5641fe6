package org.aidflow.serviceorder;

import static org.aidflow.shared.ProcessVariables.*;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.aidflow.serviceorder.ServiceOrders.Order;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.RefusedInputException;
import org.aidflow.shared.Violation;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * On completing a task of a service order: accepting needs a yes or no, declining a reason; a delivery needs its
 * date (not in the future), hours, what was done and the outcome; the referring unit's decision on an order no
 * provider took is RETRY (optionally with a provider that offers the service in the applicant's region) or CANCEL.
 * A bad answer refuses the completion and names the field.
 */
@Component
public class CheckServiceOrderListener implements TaskListener {

  static final Set<String> OUTCOMES = Set.of("RESOLVED", "IMPROVED", "NOT_IMPROVED");
  static final Set<String> DECISIONS = Set.of("RETRY", "CANCEL");
  private static final BigDecimal MAX_HOURS = new BigDecimal("1000");

  private final ServiceOrders orders;

  public CheckServiceOrderListener(ServiceOrders orders) {
    this.orders = orders;
  }

  @Override
  public void notify(DelegateTask task) {
    List<Violation> violations = new ArrayList<>();
    switch (task.getTaskDefinitionKey()) {
      case ServiceOrderModel.ACCEPT_ORDER -> checkAcceptance(task, violations);
      case ServiceOrderModel.DELIVER_ORDER -> checkDelivery(task, violations);
      case ServiceOrderModel.DECIDE_UNPLACED_ORDER -> checkDecision(task, violations);
      default -> throw new IllegalStateException("no check for task " + task.getTaskDefinitionKey());
    }
    if (!violations.isEmpty()) {
      throw new RefusedInputException("服务工单填写有误", violations);
    }
  }

  private static void checkAcceptance(DelegateTask task, List<Violation> violations) {
    Object accepted = task.getVariable(ACCEPTED);
    if (!(accepted instanceof Boolean)) {
      violations.add(new Violation(ACCEPTED, "请选择是否接单", "accepted must be true or false"));
      return;
    }
    String reason = CaseVariables.asString(task.getVariable(DECLINE_REASON));
    if (!(Boolean) accepted && (reason == null || reason.isBlank() || reason.length() > 500)) {
      violations.add(new Violation(DECLINE_REASON, "拒绝接单须填写原因（1至500字）", "a decline needs a reason of 1 to 500 characters"));
    }
  }

  private static void checkDelivery(DelegateTask task, List<Violation> violations) {
    LocalDate on = deliveredOn(task.getVariable(DELIVERED_ON));
    LocalDate today = ClockUtil.getCurrentTime().toInstant().atZone(org.aidflow.shared.AidFlowConfiguration.ZONE)
        .toLocalDate();
    if (on == null || on.isAfter(today) || on.isBefore(today.minusYears(1))) {
      violations.add(new Violation(DELIVERED_ON, "请填写服务日期（不晚于今天）", "deliveredOn: the date of the service, yyyy-MM-dd, not in the future"));
    }
    BigDecimal hours = CaseVariables.asDecimal(task.getVariable(SERVICE_HOURS));
    if (hours == null || hours.signum() <= 0 || hours.compareTo(MAX_HOURS) > 0 || hours.stripTrailingZeros().scale() > 1) {
      violations.add(new Violation(SERVICE_HOURS, "服务时长须大于0，最多一位小数", "serviceHours must be above 0 and at most 1000, with one decimal"));
    }
    String work = CaseVariables.asString(task.getVariable(SERVICE_WORK));
    if (work == null || work.isBlank() || work.length() > 2000) {
      violations.add(new Violation(SERVICE_WORK, "请填写服务内容（1至2000字）", "serviceWork: what was done, 1 to 2000 characters"));
    }
    String outcome = CaseVariables.asString(task.getVariable(SERVICE_OUTCOME));
    if (outcome == null || !OUTCOMES.contains(outcome)) {
      violations.add(new Violation(SERVICE_OUTCOME, "请选择服务结果", "serviceOutcome must be one of " + OUTCOMES));
    }
  }

  private void checkDecision(DelegateTask task, List<Violation> violations) {
    String decision = CaseVariables.asString(task.getVariable(ORDER_DECISION));
    if (decision == null || !DECISIONS.contains(decision)) {
      violations.add(new Violation(ORDER_DECISION, "请选择处理方式", "orderDecision must be RETRY or CANCEL"));
      return;
    }
    String provider = CaseVariables.asString(task.getVariable(ORDER_PROVIDER));
    if ("RETRY".equals(decision) && provider != null && !provider.isBlank()) {
      Order order = orders.orderOfInstance(task.getProcessInstanceId());
      if (!orders.mayOffer(order, provider.strip())) {
        violations.add(new Violation(ORDER_PROVIDER, "该服务机构未提供此项服务或不覆盖申请人所在地区",
            "orderProvider must be an active provider offering the service in the applicant's region"));
        return;
      }
      orders.choose(order.id(), provider.strip());
    }
  }

  /** A date as the form sends it (yyyy-MM-dd, possibly with a time), else null. */
  static LocalDate deliveredOn(Object value) {
    String text = CaseVariables.asString(value);
    if (text == null || text.length() < 10) {
      return null;
    }
    try {
      return LocalDate.parse(text.substring(0, 10));
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
