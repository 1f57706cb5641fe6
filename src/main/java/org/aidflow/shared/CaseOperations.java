package org.aidflow.shared;

/**
 * Operations AidFlow writes into the engine's user operation log of a case, which the case's audit
 * (GET /api/cases/{n}/audit) reads back.
 */
public final class CaseOperations {

  /** A withdrawal (intake's CaseWithdrawal); its one property is the reason. */
  public static final String WITHDRAW = "Withdraw";
  public static final String WITHDRAWAL_REASON = "reason";

  /**
   * The applicant's full contact details were shown to the user (GET /api/cases/{n}/contact, the case page); its one
   * property names the fields read ("phone,address,employer"), never their values.
   */
  public static final String READ_CONTACT = "ReadContact";
  public static final String READ_CONTACT_FIELDS = "fields";

  private CaseOperations() {
  }
}
