package org.aidflow.shared;

import java.util.Map;
import java.util.Optional;

/** The stages of the loop a case is in, as the API and the cockpit (驾驶舱) show them. */
public enum CaseStage {
  INTAKE("受理"), VERIFICATION("核实"), REFERRAL("转介帮扶"), SUPERVISOR_DECISION("主管决定"), FOLLOW_UP("回访"),
  CLOSED("已结案");

  private final String label;

  CaseStage(String label) {
    this.label = label;
  }

  /** The stage's name on the cockpit's dashboard. */
  public String label() {
    return label;
  }

  /** The stage of the loop for each wait state of aidCase. */
  private static final Map<String, CaseStage> BY_ACTIVITY = Map.of(
      AidCaseModel.VERIFY_CASE, VERIFICATION,
      AidCaseModel.REFER_TO_ORGANISATIONS, REFERRAL,
      AidCaseModel.DECIDE_DECLINED_CASE, SUPERVISOR_DECISION,
      AidCaseModel.DECIDE_STALLED_CASE, SUPERVISOR_DECISION,
      AidCaseModel.WAIT_FOR_FOLLOW_UP, FOLLOW_UP,
      AidCaseModel.FOLLOW_UP, FOLLOW_UP);

  /** The stage an aidCase activity belongs to, if it is one of the loop's wait states. */
  public static Optional<CaseStage> ofActivity(String activityId) {
    return Optional.ofNullable(BY_ACTIVITY.get(activityId));
  }
}
