package org.aidflow.shared;

/**
 * Rows that many cases update — a fund's totals, the cockpit's rollups — are written as a step commits, each kind in
 * its key order. These are the kinds' places in one order for every transaction, so two commits never wait for each
 * other in a circle (PostgreSQL would end one with a deadlock).
 */
public final class CommitOrder {

  /** A fund's running totals (FundLedger). */
  public static final int FUNDS = 100;
  /** The cockpit's rollups (CockpitRollup). */
  public static final int COCKPIT_ROLLUPS = 200;

  private CommitOrder() {
  }
}
