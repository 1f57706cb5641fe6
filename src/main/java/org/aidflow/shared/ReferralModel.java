package org.aidflow.shared;

/**
 * The contract between Java and {@code processes/referral.bpmn} (one organisation's referral): its process key, the
 * element ids, message names and error codes that Java, tests or the cockpit name. A designer who renames one of
 * them in the Modeler renames it here too; ModelsTest checks every constant against this model. Constant names:
 * element ids as they are, {@code PROCESS_KEY}, messages {@code *_MESSAGE}, error codes {@code *_ERROR}. Variable
 * names are in {@code org.aidflow.shared.ProcessVariables}.
 */
public final class ReferralModel {

  /** The process definition key. */
  public static final String PROCESS_KEY = "referral";

  // errors (bpmn:error codes)
  /** A fund cannot carry a cash item of the plan (thrown by ReserveFundsDelegate, caught for the supervisors). */
  public static final String INSUFFICIENT_FUNDS_ERROR = "INSUFFICIENT_FUNDS";

  // element ids
  public static final String REGISTER_REFERRAL = "registerReferral";
  public static final String ACCEPT_REFERRAL = "acceptReferral";
  public static final String RECORD_DECLINE = "recordDecline";
  public static final String RECORD_ACCEPTANCE = "recordAcceptance";
  public static final String MEDIATE = "mediate";
  public static final String ARBITRATE = "arbitrate";
  public static final String LITIGATE = "litigate";
  public static final String RECORD_RIGHTS_OUTCOME = "recordRightsOutcome";
  // the Women's Federation's rights track (decision rights-track)
  public static final String DETERMINE_RIGHTS_TRACK = "determineRightsTrack";
  public static final String ASSESS_SAFETY = "assessSafety";
  public static final String IS_IN_IMMEDIATE_DANGER = "isInImmediateDanger";
  public static final String RECORD_DANGER_REFERRAL = "recordDangerReferral";
  public static final String SUPPORT_PROTECTION_ORDER = "supportProtectionOrder";
  public static final String PROVIDE_LEGAL_AID = "provideLegalAid";
  public static final String PLAN_ASSISTANCE = "planAssistance";
  public static final String CHECK_DOUBLE_AID = "checkDoubleAid";
  public static final String OVERRIDE_DOUBLE_AID = "overrideDoubleAid";
  public static final String DETERMINE_APPROVAL_LEVEL = "determineApprovalLevel";
  public static final String APPROVE_PLAN = "approvePlan";
  public static final String JOINT_APPROVE = "jointApprove";
  /** Each service item of the approved plan becomes a service order (process serviceOrder). */
  public static final String START_SERVICE_ORDERS = "startServiceOrders";
  public static final String RESERVE_FUNDS = "reserveFunds";
  public static final String RESOLVE_FUNDING = "resolveFunding";
  public static final String SWITCH_FUNDS = "switchFunds";
  // service levels: per waiting task a reminder timer at 80% and a breach timer at 100% of its time
  public static final String REMIND_ACCEPTANCE = "remindAcceptance";
  public static final String ESCALATE_ACCEPTANCE = "escalateAcceptance";
  public static final String ACCEPTANCE_OVERDUE = "acceptanceOverdue";
  public static final String ACCEPTANCE_OVERDUE_TWICE = "acceptanceOverdueTwice";
  public static final String REROUTE_TO_UNION = "rerouteToUnion";
  public static final String REMIND_PLANNING = "remindPlanning";
  public static final String ESCALATE_PLANNING = "escalatePlanning";
  public static final String PLAN_OVERDUE = "planOverdue";
  public static final String REMIND_DELIVERY = "remindDelivery";
  public static final String ESCALATE_DELIVERY = "escalateDelivery";
  public static final String DELIVERY_OVERDUE = "deliveryOverdue";
  public static final String RECORD_CHARITY_REFERRAL = "recordCharityReferral";
  public static final String REFER_TO_CHARITY = "referToCharity";
  public static final String REFERRAL_PASSED_TO_CHARITY = "referralPassedToCharity";
  public static final String DELIVER_ASSISTANCE = "deliverAssistance";
  public static final String DISBURSE_FUNDS = "disburseFunds";
  public static final String RECORD_DELIVERY = "recordDelivery";
  public static final String REFERRAL_DECLINED = "referralDeclined";
  public static final String REFERRAL_COMPLETED = "referralCompleted";

  private ReferralModel() {
  }
}
