package org.aidflow.shared;

/**
 * The contract between Java and {@code processes/aid-case.bpmn} (the case loop): its process key, the element ids,
 * message names and error codes that Java, tests or the cockpit name. A designer who renames one of them in the
 * Modeler renames it here too; ModelsTest checks every constant against this model. Constant names: element ids as
 * they are, {@code PROCESS_KEY}, messages {@code *_MESSAGE}, error codes {@code *_ERROR}. Variable names are in
 * {@code org.aidflow.shared.ProcessVariables}.
 */
public final class AidCaseModel {

  /** The process definition key. */
  public static final String PROCESS_KEY = "aidCase";

  // messages (bpmn:message names)
  public static final String APPLICANT_WITHDREW_MESSAGE = "ApplicantWithdrew";
  /** A later call of the person joined the open case (local variable {@code contactId}: the call as recorded). */
  public static final String REPEAT_CALL_MESSAGE = "RepeatCall";

  // element ids
  public static final String VALIDATE_APPLICANT = "validateApplicant";
  public static final String DETERMINE_INTAKE_ORG = "determineIntakeOrg";
  public static final String CHECK_DUPLICATE = "checkDuplicate";
  public static final String RECORD_CONTACT_ON_OPEN_CASE = "recordContactOnOpenCase";
  public static final String REGISTER_CASE = "registerCase";
  public static final String LOOK_UP_PRIOR_AID = "lookUpPriorAid";
  public static final String VERIFY_CASE = "verifyCase";
  public static final String LOOK_UP_LOW_LINE = "lookUpLowLine";
  public static final String DETERMINE_HARDSHIP_LEVEL = "determineHardshipLevel";
  public static final String ROUTE_REFERRALS = "routeReferrals";
  public static final String PLAN_REFERRALS = "planReferrals";
  public static final String REFER_TO_ORGANISATIONS = "referToOrganisations";
  public static final String SUMMARIZE_REFERRALS = "summarizeReferrals";
  public static final String DECIDE_DECLINED_CASE = "decideDeclinedCase";
  public static final String SCHEDULE_FOLLOW_UP = "scheduleFollowUp";
  public static final String WAIT_FOR_FOLLOW_UP = "waitForFollowUp";
  public static final String FOLLOW_UP = "followUp";
  public static final String START_REASSESSMENT = "startReassessment";
  public static final String DECIDE_STALLED_CASE = "decideStalledCase";
  public static final String CLOSE_UNVERIFIED = "closeUnverified";
  public static final String CLOSE_NOT_ELIGIBLE = "closeNotEligible";
  public static final String CLOSE_AFTER_FOLLOW_UP = "closeAfterFollowUp";
  public static final String CLOSE_BY_SUPERVISOR = "closeBySupervisor";
  public static final String CLOSE_WITHDRAWN = "closeWithdrawn";
  public static final String CASE_CLOSED = "caseClosed";
  public static final String CASE_JOINED_OPEN_CASE = "caseJoinedOpenCase";
  // a later call on the open case (event subprocess newNeed)
  public static final String NEW_NEED = "newNeed";
  public static final String REPEAT_CALL = "repeatCall";
  public static final String RECORD_NEW_NEED = "recordNewNeed";
  public static final String IS_ROUTING_DUE = "isRoutingDue";
  public static final String ROUTE_NEW_NEED = "routeNewNeed";
  public static final String PLAN_NEW_REFERRALS = "planNewReferrals";
  public static final String ANY_NEW_REFERRALS = "anyNewReferrals";
  public static final String REFER_NEW_NEED = "referNewNeed";
  public static final String NEW_NEED_JOINED = "newNeedJoined";
  public static final String NEW_NEED_NO_NEW_REFERRAL = "newNeedNoNewReferral";
  public static final String NEW_NEED_REFERRED = "newNeedReferred";
  // follow-up contact attempts
  public static final String RECORD_FAILED_CONTACT = "recordFailedContact";
  public static final String WAIT_TO_RETRY_CONTACT = "waitToRetryContact";
  public static final String CLOSE_LOST_CONTACT = "closeLostContact";
  public static final String CASE_LOST_CONTACT = "caseLostContact";
  // service levels: per waiting task a reminder timer at 80% and a breach timer at 100% of its time
  public static final String REMIND_VERIFIER = "remindVerifier";
  public static final String ESCALATE_VERIFICATION = "escalateVerification";
  public static final String VERIFICATION_REMINDER_DUE = "verificationReminderDue";
  public static final String VERIFICATION_OVERDUE = "verificationOverdue";

  private AidCaseModel() {
  }
}
