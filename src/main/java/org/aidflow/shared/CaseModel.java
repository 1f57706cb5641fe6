package org.aidflow.shared;

import java.util.List;

/**
 * Every id and variable name that Java shares with the models in {@code processes/}. A designer who
 * renames an element in the Modeler renames it here too; nothing else in Java spells these strings.
 */
public final class CaseModel {

  private CaseModel() {
  }

  /** Process definition keys. */
  public static final class Process {
    public static final String AID_CASE = "aidCase";
    public static final String REFERRAL = "referral";
    /** A service-level breach for the supervisors, one instance per breach (its task is {@code escalation}). */
    public static final String ESCALATION = "slaEscalation";

    // annual review (动态管理)
    public static final String ANNUAL_REVIEW = "annualReview";

    private Process() {
    }
  }

  /** Decision keys (processes/decisions). */
  public static final class Decision {
    public static final String INTAKE_ORG = "intake-org";
    public static final String HARDSHIP_LEVEL = "hardship-level";
    public static final String REFERRAL_ROUTING = "referral-routing";
    public static final String APPROVAL_LEVEL = "approval-level";
    /** Which rights-protection track an accepted referral runs: women, labour or none. */
    public static final String RIGHTS_TRACK = "rights-track";

    private Decision() {
    }
  }

  /** Element ids of activities and events that Java, tests or the cockpit refer to. */
  public static final class Element {
    // aidCase
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
    // referral
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
    public static final String RESERVE_FUNDS = "reserveFunds";
    public static final String RESOLVE_FUNDING = "resolveFunding";
    public static final String SWITCH_FUNDS = "switchFunds";
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
    public static final String ESCALATION = "escalation";
    public static final String RECORD_ESCALATION_HANDLED = "recordEscalationHandled";
    public static final String RECORD_CHARITY_REFERRAL = "recordCharityReferral";
    public static final String REFER_TO_CHARITY = "referToCharity";
    public static final String REFERRAL_PASSED_TO_CHARITY = "referralPassedToCharity";
    public static final String DELIVER_ASSISTANCE = "deliverAssistance";
    public static final String DISBURSE_FUNDS = "disburseFunds";
    public static final String RECORD_DELIVERY = "recordDelivery";
    public static final String REFERRAL_DECLINED = "referralDeclined";
    public static final String REFERRAL_COMPLETED = "referralCompleted";

    // annualReview (动态管理)
    public static final String ANNUAL_REVIEW_DUE = "annualReviewDue";
    public static final String SELECT_HOUSEHOLDS_DUE = "selectHouseholdsDue";
    public static final String ANY_HOUSEHOLDS_DUE = "anyHouseholdsDue";
    public static final String NO_HOUSEHOLDS_DUE = "noHouseholdsDue";
    public static final String REVIEW_HOUSEHOLDS = "reviewHouseholds";
    public static final String REVIEW_HOUSEHOLD = "reviewHousehold";
    public static final String RECORD_HOUSEHOLD_REVIEW = "recordHouseholdReview";
    public static final String HOUSEHOLD_REVIEWED = "householdReviewed";
    public static final String ANNUAL_REVIEW_DONE = "annualReviewDone";

    private Element() {
    }
  }

  /**
   * Form fields that are no process variable of their own: notes only forms write, and the planning form's cash item
   * slots, whose fields carry the ids {@code Field_cashItem<n>Fund}, {@code …Amount}, {@code …Purpose}.
   */
  public static final class FormField {
    public static final String PLAN_NOTE = "planNote";
    public static final String DELIVERY_NOTE = "deliveryNote";
    public static final String FOLLOW_UP_NOTE = "followUpNote";

    private FormField() {
    }

    /** The field of a cash item slot (1–3) of the planning form, e.g. {@code cashItem1Fund}. */
    public static String cashItem(int slot, String part) {
      return "cashItem" + slot + part;
    }
  }

  /** Message names. */
  public static final class Message {
    public static final String APPLICANT_WITHDREW = "ApplicantWithdrew";
    /** A later call of the person joined the open case (local variable {@code contactId}: the call as recorded). */
    public static final String REPEAT_CALL = "RepeatCall";

    private Message() {
    }
  }

  /** Process variable names. */
  public static final class Var {
    // intake record (docs/policy.md)
    public static final String NAME = "name";
    public static final String ID_NUMBER = "idNumber";
    public static final String PHONE = "phone";
    public static final String REGION = "region";
    public static final String ADDRESS = "address";
    public static final String EMPLOYER = "employer";
    public static final String UNION_MEMBER = "unionMember";
    public static final String EMPLOYMENT_FORM = "employmentForm";
    public static final String HOUSEHOLD_SIZE = "householdSize";
    public static final String MONTHLY_INCOME = "monthlyIncome";
    public static final String RIGID_EXPENSES = "rigidExpenses";
    public static final String CHILDREN_IN_SCHOOL = "childrenInSchool";
    public static final String CATEGORIES = "categories";
    public static final String SERIOUS_ILLNESS = "seriousIllness";
    public static final String DISABILITY = "disability";
    public static final String URGENT = "urgent";
    public static final String DESCRIPTION = "description";
    public static final String CHANNEL = "channel";
    public static final String CONSENT = "consent";
    /** Every intake field, in the order of the intake form. */
    public static final List<String> INTAKE_FIELDS = List.of(NAME, ID_NUMBER, PHONE, REGION, ADDRESS,
        EMPLOYER, UNION_MEMBER, EMPLOYMENT_FORM, HOUSEHOLD_SIZE, MONTHLY_INCOME, RIGID_EXPENSES,
        CHILDREN_IN_SCHOOL, CATEGORIES, SERIOUS_ILLNESS, DISABILITY, URGENT, DESCRIPTION, CHANNEL, CONSENT);

    // derived at intake
    public static final String CASE_NUMBER = "caseNumber";
    public static final String ID_NUMBER_MASKED = "idNumberMasked";
    /**
     * Transient (never stored, never in history): live only in the transaction that starts the case, where
     * validateApplicant replaces the plain ID number and phone by them.
     */
    public static final String ID_NUMBER_HASH = "idNumberHash";
    public static final String ID_NUMBER_ENCRYPTED = "idNumberEncrypted";
    public static final String PHONE_ENCRYPTED = "phoneEncrypted";
    public static final String PHONE_MASKED = "phoneMasked";
    public static final String AGE = "age";
    public static final String GENDER = "gender";
    public static final String INTAKE_ORG = "intakeOrg";
    public static final String DUPLICATE_OF = "duplicateOf";
    /** For Tasklist's columns, in Chinese: the categories ("生活困难、医疗") and the urgency (紧急 or 一般). */
    public static final String CATEGORIES_TEXT = "categoriesText";
    public static final String URGENCY_TEXT = "urgencyText";
    /** Later contacts of the person while the case is open, for the verifier. */
    public static final String LATER_CONTACTS = "laterContacts";
    /**
     * Local to a run of the event subprocess newNeed: the later call (case_contact id), the categories it added, whether
     * they are routed now, the routing rows they matched, and the organisations newly referred with their services.
     */
    public static final String CONTACT_ID = "contactId";
    public static final String NEW_CATEGORIES = "newCategories";
    public static final String NEW_NEED_ROUTING = "newNeedRouting";
    public static final String NEW_NEED_MATCHES = "newNeedMatches";
    public static final String NEW_REFERRAL_ORGS = "newReferralOrgs";
    public static final String NEW_REFERRAL_SERVICES = "newReferralServices";
    public static final String NEW_REFERRAL_SERVICES_TEXT = "newReferralServicesText";
    public static final String NEW_NEED_NOTE = "newNeedNote";
    /**
     * The case as every task form shows it on top (markdown, local to each task; see CaseOverview#header): one
     * place for the header that ten forms used to repeat.
     */
    public static final String CASE_HEADER = "caseHeader";

    // verification and routing
    public static final String PRIOR_AID = "priorAid";
    public static final String VERIFIED = "verified";
    public static final String VERIFICATION_NOTE = "verificationNote";
    /** Why the verifier found the case not true (verified = false): the closure note. */
    public static final String UNVERIFIED_REASON = "unverifiedReason";
    public static final String LOW_LINE = "lowLine";
    public static final String HARDSHIP_LEVEL = "hardshipLevel";
    /** The hardship level in Chinese (深度困难 …), for Tasklist's columns. */
    public static final String HARDSHIP_LEVEL_TEXT = "hardshipLevelText";
    public static final String ROUTING_MATCHES = "routingMatches";
    public static final String REFERRAL_ORGS = "referralOrgs";
    public static final String REFERRAL_SERVICES = "referralServices";
    public static final String REFERRAL_SERVICES_TEXT = "referralServicesText";
    public static final String REFERRAL_ORG = "referralOrg";
    public static final String ROUTING_NOTE = "routingNote";
    public static final String NOT_ELIGIBLE_REASON = "notEligibleReason";
    public static final String ASSESSMENT_CYCLE = "assessmentCycle";

    // referral
    public static final String ORG = "org";
    public static final String SERVICES = "services";
    public static final String SERVICES_TEXT = "servicesText";
    public static final String REFERRAL_ID = "referralId";
    public static final String ACCEPTED = "accepted";
    public static final String DECLINE_REASON = "declineReason";
    /** The plan's cash total, the input of the approval-level decision. */
    public static final String CASH_AMOUNT = "cashAmount";
    /** The plan's cash items, a JSON list of {item, fund, amount, purpose} (see CashItems). */
    public static final String CASH_ITEMS = "cashItems";
    /** The plan's services in kind (legal aid, counselling, …), a JSON list of codes. */
    public static final String SERVICE_ITEMS = "serviceItems";
    /** The planning form's three cash item slots ({fund, amount, purpose} each), turned into cashItems. */
    public static final String CASH_ITEM_1 = "cashItem1";
    public static final String CASH_ITEM_2 = "cashItem2";
    public static final String CASH_ITEM_3 = "cashItem3";
    /** The cash items the caseworker paid out, a JSON list of item names. */
    public static final String PAID_ITEMS = "paidItems";
    /** The cash items a fund could not carry, and the fund the supervisor switches them to. */
    public static final String SHORT_ITEMS = "shortItems";
    public static final String NEW_FUND = "newFund";
    /** For the forms: the organisation's funds to pick from, the plan in words, its cash items to tick. */
    public static final String FUND_OPTIONS = "fundOptions";
    public static final String PLAN_TEXT = "planText";
    public static final String CASH_ITEM_OPTIONS = "cashItemOptions";

    // service levels: the input parameters of the reminder and escalation steps, and what a breach records
    public static final String SLA_STEP = "slaStep";
    public static final String SLA_TASK = "slaTask";
    public static final String OVERDUE_STEP = "overdueStep";
    public static final String OVERDUE_DUE_AT = "overdueDueAt";
    public static final String ESCALATION_ID = "escalationId";
    public static final String OVERDUE_TASK = "overdueTask";
    public static final String OVERDUE_ASSIGNEE = "overdueAssignee";
    public static final String ESCALATION_NOTE = "escalationNote";
    public static final String ESCALATION_ACTION = "escalationAction";
    public static final String APPROVAL_LEVEL = "approvalLevel";
    public static final String APPROVED = "approved";
    public static final String APPROVAL_NOTE = "approvalNote";
    public static final String DELIVERED = "delivered";
    public static final String DELIVERED_AMOUNT = "deliveredAmount";
    public static final String FUNDING_PROBLEM = "fundingProblem";
    public static final String FUNDS_LEFT = "fundsLeft";
    public static final String DOUBLE_AID = "doubleAid";
    public static final String DOUBLE_AID_OVERRIDE = "doubleAidOverride";
    public static final String DOUBLE_AID_OVERRIDE_REASON = "doubleAidOverrideReason";
    public static final String RIGHTS_RESOLVED = "rightsResolved";
    public static final String RECOVERED_AMOUNT = "recoveredAmount";
    public static final String RIGHTS_NOTE = "rightsNote";
    /** The result of decision rights-track: women, labour or none. */
    public static final String RIGHTS_TRACK = "rightsTrack";
    /** Arbitration did not resolve the dispute and the applicant chose litigation support. */
    public static final String LITIGATION_CHOSEN = "litigationChosen";
    // the women's rights track: each step may be skipped with a reason
    public static final String SAFETY_SKIPPED = "safetySkipped";
    public static final String SAFETY_SKIP_REASON = "safetySkipReason";
    public static final String IMMEDIATE_DANGER = "immediateDanger";
    public static final String POLICE_REPORT = "policeReport";
    public static final String SHELTER_REFERRAL = "shelterReferral";
    public static final String PROTECTION_ORDER_SKIPPED = "protectionOrderSkipped";
    public static final String PROTECTION_ORDER_SKIP_REASON = "protectionOrderSkipReason";
    /** GRANTED, PENDING, REJECTED or WITHDRAWN. */
    public static final String PROTECTION_ORDER_OUTCOME = "protectionOrderOutcome";
    public static final String LEGAL_AID_SKIPPED = "legalAidSkipped";
    public static final String LEGAL_AID_SKIP_REASON = "legalAidSkipReason";
    public static final String FUNDING_DECISION = "fundingDecision";

    // after referrals
    public static final String REFERRAL_SUMMARY = "referralSummary";
    public static final String ALL_DECLINED = "allDeclined";
    public static final String SUPERVISOR_DECISION = "supervisorDecision";
    public static final String SUPERVISOR_NOTE = "supervisorNote";

    // follow-up and closure
    public static final String FOLLOW_UP_ROUND = "followUpRound";
    public static final String FOLLOW_UP_DUE = "followUpDue";
    public static final String FOLLOW_UP_OUTCOME = "followUpOutcome";
    public static final String SATISFACTION = "satisfaction";
    /** Whether the follow-up reached the applicant; failed attempts of the round and when to try again. */
    public static final String CONTACT_MADE = "contactMade";
    public static final String CONTACT_NOTE = "contactNote";
    public static final String CONTACT_ATTEMPTS = "contactAttempts";
    public static final String CONTACT_RETRY_DUE = "contactRetryDue";
    public static final String REASSESSMENT_COUNT = "reassessmentCount";
    public static final String CLOSURE_REASON = "closureReason";
    public static final String CLOSURE_NOTE = "closureNote";
    public static final String CASE_SUMMARY = "caseSummary";

    /** Local input parameters of the close tasks. */
    public static final String REASON = "reason";
    public static final String NOTE = "note";
    /** Local input parameter of the referral status tasks. */
    public static final String STATUS = "status";

    // annual review (动态管理)
    /**
     * Transient (never stored, never in history): the households whose review this run started, a JSON list of
     * {householdId, caseNumber, org, hardshipLevel, nameMasked, registeredAt, lastVerifiedAt}, so that no
     * organisation can read another's households in the shared instance.
     */
    public static final String HOUSEHOLDS = "households";
    /** One element of {@link #HOUSEHOLDS}, local to its review. */
    public static final String HOUSEHOLD = "household";
    public static final String HOUSEHOLD_COUNT = "householdCount";
    /** Local to each review, taken from {@link #HOUSEHOLD}; so are CASE_NUMBER, ORG and HARDSHIP_LEVEL. */
    public static final String HOUSEHOLD_ID = "householdId";
    public static final String NAME_MASKED = "nameMasked";
    public static final String REGISTERED_AT = "registeredAt";
    public static final String LAST_VERIFIED_AT = "lastVerifiedAt";
    public static final String STILL_IN_HARDSHIP = "stillInHardship";
    public static final String REVIEW_NOTE = "reviewNote";

    private Var() {
    }
  }
}
