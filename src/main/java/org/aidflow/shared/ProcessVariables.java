package org.aidflow.shared;

import java.util.List;

/**
 * Every process variable name that Java shares with the models in {@code processes/} and their forms, named once
 * for all four models (use {@code import static org.aidflow.shared.ProcessVariables.*}). A form field is a variable
 * of this class; ModelsTest fails on a form field that is not. Element ids, messages and errors are in each model's
 * contract class (AidCaseModel, ReferralModel, EscalationModel, AnnualReviewModel).
 */
public final class ProcessVariables {

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

  // --- campaigns in batches (docs/campaigns.md): the decisions of campaign-batch.bpmn's tasks, recorded in
  // campaign_batch by campaign's CheckBatchDecisionListener (the gateways read them there)
  /**
   * verifyCase (optional): the highest school level of the household's children in school, 小学, 初中, 高中 or 大学,
   * recorded with the case (aid_case.school_level) for 金秋助学's amounts.
   */
  public static final String SCHOOL_LEVEL = "schoolLevel";
  /** The batch's project, counts and total shown by the batch tasks' forms (a display copy of campaign_batch). */
  public static final String BATCH_SUMMARY = "batchSummary";
  /** reviewBatch: true approves the batch for payment, false cancels it. */
  public static final String BATCH_APPROVED = "batchApproved";
  /** resolveBatchFunding: true pays the households left unpaid again, false closes the batch without them. */
  public static final String RETRY_PAYMENTS = "retryPayments";

  // fields only forms write: notes, and the planning form's cash item slots, whose fields carry the ids
  // Field_cashItem<n>Fund, …Amount, …Purpose
  public static final String PLAN_NOTE = "planNote";
  public static final String DELIVERY_NOTE = "deliveryNote";
  public static final String FOLLOW_UP_NOTE = "followUpNote";

  /** The field of a cash item slot (1–3) of the planning form, e.g. {@code cashItem1Fund}. */
  public static String cashItem(int slot, String part) {
    return "cashItem" + slot + part;
  }

  // --- casepage (issue 21, items 2 and 4) ---
  /** Address and employer encrypted, transient for the starting transaction only (as {@link #PHONE_ENCRYPTED}). */
  public static final String ADDRESS_ENCRYPTED = "addressEncrypted";
  public static final String EMPLOYER_ENCRYPTED = "employerEncrypted";

  // --- desk (issue 21 items 5 and 6): read-only panels of planning, approval and the rights steps, set when the task
  // opens from AidFlow's tables and the deployed decisions (assistance.TaskPanels)
  /** The planning form's service list: the general services and those routing refers the referral's org for. */
  public static final String SERVICE_ITEM_OPTIONS = "serviceItemOptions";
  /** The approval levels of decision approval-level as bands of the cash total, for the form's live hint. */
  public static final String APPROVAL_BANDS = "approvalBands";
  /** The same in words, e.g. "不超过 2000 元：无需审批；…". */
  public static final String APPROVAL_RULES_TEXT = "approvalRulesText";
  /** The rights track so far (steps and outcome, e.g. recovered 16000 元), from case_referral and rights_step. */
  public static final String RIGHTS_PROGRESS = "rightsProgress";
  /** The note of the approval before this task (a plan sent back, or the first of a joint approval). */
  public static final String PREVIOUS_APPROVAL_NOTE = "previousApprovalNote";

  private ProcessVariables() {
  }

  // alliance: service orders to providers (docs/service-orders.md)
  /** The service of a service order (legal-aid, …) and its Chinese label, for the forms and Tasklist. */
  public static final String ORDER_SERVICE = "orderService";
  public static final String ORDER_SERVICE_TEXT = "orderServiceText";
  /** What the referring unit tells the provider (for legal aid of a rights case: that referral's outcome). */
  public static final String ORDER_NOTE = "orderNote";
  /** The provider's delivery: date (yyyy-MM-dd), hours, what was done and the outcome (RESOLVED, IMPROVED, NOT_IMPROVED). */
  public static final String DELIVERED_ON = "deliveredOn";
  public static final String SERVICE_HOURS = "serviceHours";
  public static final String SERVICE_WORK = "serviceWork";
  public static final String SERVICE_OUTCOME = "serviceOutcome";
  /** The referring unit's supervisors on an order no provider took: RETRY (with an optional provider) or CANCEL. */
  public static final String ORDER_DECISION = "orderDecision";
  public static final String ORDER_PROVIDER = "orderProvider";
  /**
   * The planner's choice of provider per service, the plan form's group: a JSON object {legalAid: provider code or
   * {@link #SYSTEM_CHOICE}, …}, one member per service ({@link #providerField}); optional (plans before it have none).
   */
  public static final String SERVICE_PROVIDERS = "serviceProviders";
  /** The plan form's default for a service: the system routes the order (fewest open orders). */
  public static final String SYSTEM_CHOICE = "auto";

  /** The member of {@link #SERVICE_PROVIDERS} for a service: legal-aid → legalAid. */
  public static String providerField(String service) {
    StringBuilder field = new StringBuilder();
    boolean upper = false;
    for (char c : service.toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        field.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return field.toString();
  }

  /** The prefix of the plan form's provider option lists ({@link #providerOptions}). */
  public static final String PROVIDER_OPTIONS_PREFIX = "providerOptions";

  /** The plan form's options for a service's provider (legal-aid → providerOptionsLegalAid), set when it opens. */
  public static String providerOptions(String service) {
    String field = providerField(service);
    return PROVIDER_OPTIONS_PREFIX + Character.toUpperCase(field.charAt(0)) + field.substring(1);
  }

  // ---- helper "words" (issue 21, item 3): texts for people, so no form shows a code or an ISO time
  /** The escalation's due time as people read it ("2026-12-02 23:28", China time); overdueDueAt stays the Date. */
  public static final String OVERDUE_DUE_TEXT = "overdueDueText";
  /** The intake start form's region picker: province and city chosen on the way to {@link #REGION}. */
  public static final String REGION_PROVINCE = "regionProvince";
  public static final String REGION_CITY = "regionCity";
  public static final String REGION_DISTRICT = "regionDistrict";
}
