package org.aidflow.assistance;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The funds of each organisation and every movement of money: reserve on approval, disburse on delivery, release
 * on decline, rejection, withdrawal or cancellation. Entries are only ever added; balances are sums of entries.
 * Each movement carries an idempotency key (referral, item, kind), so a retried step never moves money twice.
 */
@Repository
public class FundLedger {

  /** Why a reservation could not be made. */
  public enum Refusal { UNKNOWN_FUND, OTHER_ORGANISATION, INSUFFICIENT_FUNDS }

  /** A fund of one year and what is left of it. */
  public record Balance(String code, int year, String org, String name, BigDecimal budget, BigDecimal available,
      BigDecimal reserved, BigDecimal disbursed) {
  }

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public FundLedger(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public void openFund(String code, int year, String org, String name, BigDecimal budget) {
    if (jdbc.queryForObject("SELECT COUNT(*) FROM fund WHERE code = ? AND fund_year = ?", Integer.class, code, year) == 0) {
      jdbc.update("INSERT INTO fund (code, fund_year, org, name, budget) VALUES (?, ?, ?, ?, ?)", code, year, org, name,
          budget);
    }
  }

  /**
   * Reserves the amount for the item of a referral, unless the item is reserved already (then the earlier
   * reservation stands). Locks the fund's row for the rest of the transaction, so concurrent reservations
   * are decided one after the other and the fund never goes below zero.
   */
  @Transactional
  public Optional<Refusal> reserve(String fundCode, String org, BigDecimal amount, String caseNumber, long referralId,
      String item, String key, String userId) {
    int year = LocalDate.now(clock).getYear();
    List<String> owner = jdbc.queryForList("SELECT org FROM fund WHERE code = ? AND fund_year = ? FOR UPDATE", String.class,
        fundCode, year);
    if (owner.isEmpty()) {
      return Optional.of(Refusal.UNKNOWN_FUND);
    }
    if (!owner.get(0).equals(org)) {
      return Optional.of(Refusal.OTHER_ORGANISATION);
    }
    if (!outstanding(referralId, item).isEmpty()) {
      // reserved already (a repeated step): the reservation stands
      return Optional.empty();
    }
    if (available(fundCode, year).compareTo(amount) < 0) {
      return Optional.of(Refusal.INSUFFICIENT_FUNDS);
    }
    insert(fundCode, year, "RESERVE", amount, caseNumber, referralId, item, key + ":" + entries(referralId, item),
        userId);
    return Optional.empty();
  }

  /** Disburses the reserved amount of the item (once, whatever the retries) and releases what was not paid out. */
  @Transactional
  public void disburse(long referralId, String item, BigDecimal paid, String key, String userId) {
    for (Reservation reservation : outstanding(referralId, item)) {
      BigDecimal payment = paid.min(reservation.amount());
      if (payment.signum() > 0 && !exists(key)) {
        insert(reservation.fundCode(), reservation.year(), "DISBURSE", payment, reservation.caseNumber(), referralId,
            item, key, userId);
      }
      BigDecimal rest = reservation.amount().subtract(payment);
      if (rest.signum() > 0 && !exists(key + ":rest")) {
        insert(reservation.fundCode(), reservation.year(), "RELEASE", rest, reservation.caseNumber(), referralId, item,
            key + ":rest", userId);
      }
    }
  }

  /** Releases whatever is still reserved for the referral (not delivered, declined, cancelled). */
  @Transactional
  public void releaseReferral(long referralId, String userId) {
    for (Reservation reservation : outstandingOfReferral(referralId)) {
      // nothing outstanding after a committed release, so a repeated call adds nothing
      String key = "release:" + referralId + ":" + reservation.item() + ":" + entries(referralId, reservation.item());
      insert(reservation.fundCode(), reservation.year(), "RELEASE", reservation.amount(), reservation.caseNumber(),
          referralId, reservation.item(), key, userId);
    }
  }

  /** Releases every reservation of a case that was neither paid nor released (withdrawal, closure). */
  @Transactional
  public void releaseCase(String caseNumber, String userId) {
    jdbc.queryForList("SELECT DISTINCT referral_id FROM ledger_entry WHERE case_number = ?", Long.class, caseNumber)
        .forEach(referral -> releaseReferral(referral, userId));
  }

  public Balance balance(String code, int year) {
    return balances("f.code = ? AND f.fund_year = ?", code, year).get(0);
  }

  public List<Balance> balances(int year) {
    return balances("f.fund_year = ?", year);
  }

  /** Funds with their balances, summed from the ledger in one query. */
  private List<Balance> balances(String where, Object... arguments) {
    return jdbc.query("SELECT f.code, f.fund_year, f.org, f.name, f.budget,"
            + " COALESCE(SUM(CASE e.kind WHEN 'RESERVE' THEN e.amount ELSE 0 END), 0),"
            + " COALESCE(SUM(CASE e.kind WHEN 'RELEASE' THEN e.amount ELSE 0 END), 0),"
            + " COALESCE(SUM(CASE e.kind WHEN 'DISBURSE' THEN e.amount ELSE 0 END), 0)"
            + " FROM fund f LEFT JOIN ledger_entry e ON e.fund_code = f.code AND e.fund_year = f.fund_year"
            + " WHERE " + where + " GROUP BY f.code, f.fund_year, f.org, f.name, f.budget ORDER BY f.org, f.code",
        (rs, row) -> {
          BigDecimal reserved = rs.getBigDecimal(6);
          BigDecimal released = rs.getBigDecimal(7);
          BigDecimal disbursed = rs.getBigDecimal(8);
          return new Balance(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getBigDecimal(5),
              rs.getBigDecimal(5).subtract(reserved).add(released), reserved.subtract(released).subtract(disbursed),
              disbursed);
        }, arguments);
  }

  /** What the fund can still promise: the budget less what is reserved or paid. */
  BigDecimal available(String code, int year) {
    return balance(code, year).available();
  }

  /** What is reserved for an item of a referral in one fund and still neither paid nor released. */
  private record Reservation(String fundCode, int year, String caseNumber, String item, BigDecimal amount) {
  }

  private List<Reservation> outstanding(long referralId, String item) {
    return outstandingOfReferral(referralId).stream().filter(r -> r.item().equals(item)).toList();
  }

  private List<Reservation> outstandingOfReferral(long referralId) {
    return jdbc.query("SELECT fund_code, fund_year, case_number, item,"
            + " SUM(CASE WHEN kind = 'RESERVE' THEN amount ELSE -amount END) FROM ledger_entry WHERE referral_id = ?"
            + " GROUP BY fund_code, fund_year, case_number, item",
        (rs, row) -> new Reservation(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
            rs.getBigDecimal(5)), referralId).stream().filter(r -> r.amount().signum() > 0).toList();
  }

  private int entries(long referralId, String item) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE referral_id = ? AND item = ?", Integer.class,
        referralId, item);
  }

  private boolean exists(String key) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE idempotency_key = ?", Integer.class, key) > 0;
  }

  private void insert(String fundCode, int year, String kind, BigDecimal amount, String caseNumber, long referralId,
      String item, String key, String userId) {
    jdbc.update("INSERT INTO ledger_entry (fund_code, fund_year, kind, amount, case_number, referral_id, item,"
            + " idempotency_key, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", fundCode, year, kind,
        amount, caseNumber, referralId, item, key, userId, Timestamp.from(clock.instant()));
  }
}
