package org.aidflow.cockpit;

import java.util.Arrays;
import java.util.Optional;
import org.aidflow.shared.CaseModel.Element;

/**
 * The four steps with a service level (docs/policy.md, "Urgency and service levels"), where the cockpit keeps each one's
 * due date, completion and breach: verification on the case's row, the others on the referral's row.
 */
public enum ServiceLevelStep {
  VERIFICATION("verification", "核实", Element.VERIFY_CASE, Element.ESCALATE_VERIFICATION, "cockpit_case",
      "verification_due_at", "verification_done_at", "verification_breached"),
  ACCEPTANCE("acceptance", "接收转介", Element.ACCEPT_REFERRAL, Element.ESCALATE_ACCEPTANCE, "cockpit_referral",
      "acceptance_due_at", "accepted_at", "acceptance_breached"),
  PLAN("plan", "制定方案", Element.PLAN_ASSISTANCE, Element.ESCALATE_PLANNING, "cockpit_referral",
      "plan_due_at", "planned_at", "plan_breached"),
  DELIVERY("delivery", "发放帮扶", Element.DELIVER_ASSISTANCE, Element.ESCALATE_DELIVERY, "cockpit_referral",
      "delivery_due_at", "delivered_at", "delivery_breached");

  private final String code;
  private final String chineseName;
  private final String taskId;
  private final String escalationActivityId;
  private final String table;
  private final String dueColumn;
  private final String doneColumn;
  private final String breachedColumn;

  ServiceLevelStep(String code, String chineseName, String taskId, String escalationActivityId, String table,
      String dueColumn, String doneColumn, String breachedColumn) {
    this.code = code;
    this.chineseName = chineseName;
    this.taskId = taskId;
    this.escalationActivityId = escalationActivityId;
    this.table = table;
    this.dueColumn = dueColumn;
    this.doneColumn = doneColumn;
    this.breachedColumn = breachedColumn;
  }

  public String code() {
    return code;
  }

  public String chineseName() {
    return chineseName;
  }

  /** The user task of the step in aidCase or referral. */
  public String taskId() {
    return taskId;
  }

  public boolean onCase() {
    return this == VERIFICATION;
  }

  String table() {
    return table;
  }

  /** The organisation column of the step's table: the intake org verifies, the referral's org does the rest. */
  String orgColumn() {
    return onCase() ? "intake_org" : "org";
  }

  /** The column saying the step's row is finished (case closed, referral ended), so nothing more is due. */
  String endedColumn() {
    return onCase() ? "closed_at" : "ended_at";
  }

  String dueColumn() {
    return dueColumn;
  }

  String doneColumn() {
    return doneColumn;
  }

  String breachedColumn() {
    return breachedColumn;
  }

  public static Optional<ServiceLevelStep> ofTask(String taskDefinitionKey) {
    return Arrays.stream(values()).filter(s -> s.taskId.equals(taskDefinitionKey)).findFirst();
  }

  public static Optional<ServiceLevelStep> ofEscalation(String activityId) {
    return Arrays.stream(values()).filter(s -> s.escalationActivityId.equals(activityId)).findFirst();
  }

  public static Optional<ServiceLevelStep> ofCode(String code) {
    return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
  }
}
