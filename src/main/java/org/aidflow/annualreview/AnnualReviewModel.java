package org.aidflow.annualreview;

/**
 * The contract between Java and {@code processes/annual-review.bpmn} (the annual re-review of hardship households
 * (动态管理)): its process key, the element ids, message names and error codes that Java, tests or the cockpit name. A
 * designer who renames one of them in the Modeler renames it here too; ModelsTest checks every constant against this
 * model. Constant names: element ids as they are, {@code PROCESS_KEY}, messages {@code *_MESSAGE}, error codes
 * {@code *_ERROR}. Variable names are in {@code org.aidflow.shared.ProcessVariables}.
 */
public final class AnnualReviewModel {

  /** The process definition key. */
  public static final String PROCESS_KEY = "annualReview";

  // element ids
  public static final String ANNUAL_REVIEW_DUE = "annualReviewDue";
  public static final String SELECT_HOUSEHOLDS_DUE = "selectHouseholdsDue";
  public static final String ANY_HOUSEHOLDS_DUE = "anyHouseholdsDue";
  public static final String NO_HOUSEHOLDS_DUE = "noHouseholdsDue";
  public static final String REVIEW_HOUSEHOLDS = "reviewHouseholds";
  public static final String REVIEW_HOUSEHOLD = "reviewHousehold";
  public static final String RECORD_HOUSEHOLD_REVIEW = "recordHouseholdReview";
  public static final String HOUSEHOLD_REVIEWED = "householdReviewed";
  public static final String ANNUAL_REVIEW_DONE = "annualReviewDone";

  private AnnualReviewModel() {
  }
}
