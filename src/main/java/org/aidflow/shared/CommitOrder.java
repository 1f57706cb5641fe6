package org.aidflow.shared;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Rows that many cases update — a fund's totals, the cockpit's rollups — are written as a step commits, each kind in
 * its key order, so that such a row stays locked only while the step commits. Every kind has its place in one order
 * for every transaction, so two commits never wait for each other in a circle (PostgreSQL would end one with a
 * deadlock).
 */
public final class CommitOrder {

  /** A fund's running totals (FundLedger). */
  public static final int FUNDS = 100;
  /** The cockpit's row of each referral a step changed, refreshed once (CockpitProjections), before the rollups. */
  public static final int COCKPIT_REFERRALS = 150;
  /** The cockpit's rollups (CockpitRollup). */
  public static final int COCKPIT_ROLLUPS = 200;

  private CommitOrder() {
  }

  /**
   * The writes of one kind that the current transaction has gathered so far: created on first use and handed to
   * {@code writeBeforeCommit} just before the transaction commits, in the kind's place of the order. Null without a
   * transaction: the caller then writes at once.
   */
  public static <T> T pending(Object kind, int order, Supplier<T> create, Consumer<T> writeBeforeCommit) {
    return TransactionBound.value(kind, order, create, writeBeforeCommit);
  }

  /** The writes of one kind the current transaction has gathered, without starting to gather; null if none. */
  public static <T> T gathered(Object kind) {
    return TransactionBound.existing(kind);
  }
}
