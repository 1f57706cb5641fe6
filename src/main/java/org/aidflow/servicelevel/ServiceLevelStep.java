package org.aidflow.servicelevel;

import java.util.Arrays;
import java.util.Optional;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.ReferralModel;

/**
 * The four steps with a service level (docs/policy.md, "Urgency and service levels"): the code the models use
 * ({@code ${serviceLevels.dueAt('verification', execution)}}), the Chinese label of escalations and Tasklist (the
 * default of {@code aidflow.service-levels.steps.<code>.label}), the short label of the cockpit's tables, the user task
 * and escalation of each, and where the cockpit keeps each one's due date, completion and breach: verification on the
 * case's row, the others on the referral's row.
 */
public enum ServiceLevelStep {
  VERIFICATION("verification", "核实", "核实", AidCaseModel.VERIFY_CASE, AidCaseModel.ESCALATE_VERIFICATION,
      "cockpit_case", "verification_due_at", "verification_done_at", "verification_breached"),
  ACCEPTANCE("acceptance", "接收转介", "接收转介", ReferralModel.ACCEPT_REFERRAL, ReferralModel.ESCALATE_ACCEPTANCE,
      "cockpit_referral", "acceptance_due_at", "accepted_at", "acceptance_breached"),
  PLAN("plan", "制定帮扶方案", "制定方案", ReferralModel.PLAN_ASSISTANCE, ReferralModel.ESCALATE_PLANNING,
      "cockpit_referral", "plan_due_at", "planned_at", "plan_breached"),
  DELIVERY("delivery", "发放帮扶", "发放帮扶", ReferralModel.DELIVER_ASSISTANCE, ReferralModel.ESCALATE_DELIVERY,
      "cockpit_referral", "delivery_due_at", "delivered_at", "delivery_breached");

  private final String code;
  private final String label;
  private final String shortLabel;
  private final String taskId;
  private final String escalationActivityId;
  private final String table;
  private final String dueColumn;
  private final String doneColumn;
  private final String breachedColumn;

  ServiceLevelStep(String code, String label, String shortLabel, String taskId, String escalationActivityId, String table,
      String dueColumn, String doneColumn, String breachedColumn) {
    this.code = code;
    this.label = label;
    this.shortLabel = shortLabel;
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

  /** The step's name in escalations and reminders, unless configured otherwise. */
  public String label() {
    return label;
  }

  /** The step's name in the cockpit's tables and charts. */
  public String shortLabel() {
    return shortLabel;
  }

  /** The user task of the step in aidCase or referral. */
  public String taskId() {
    return taskId;
  }

  public boolean onCase() {
    return this == VERIFICATION;
  }

  public String table() {
    return table;
  }

  /** The organisation column of the step's table: the intake org verifies, the referral's org does the rest. */
  public String orgColumn() {
    return onCase() ? "intake_org" : "org";
  }

  /** The column saying the step's row is finished (case closed, referral ended), so nothing more is due. */
  public String endedColumn() {
    return onCase() ? "closed_at" : "ended_at";
  }

  public String dueColumn() {
    return dueColumn;
  }

  public String doneColumn() {
    return doneColumn;
  }

  public String breachedColumn() {
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
