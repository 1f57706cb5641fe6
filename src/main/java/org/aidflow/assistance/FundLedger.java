package org.aidflow.assistance;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

  /** An item that could not be reserved, and why. */
  public record Shortfall(CashItem item, Refusal refusal, BigDecimal available) {
  }

  /**
   * Reserves every cash item of a referral's plan, or none of them: the funds involved are locked (in code order,
   * so two plans never wait for each other) for the rest of the transaction, so concurrent reservations are decided
   * one after the other and no fund goes below zero. Items reserved already (a repeated step) stand as they are.
   *
   * @return the items that could not be reserved; empty when everything is reserved
   */
  @Transactional
  public List<Shortfall> reservePlan(String org, String caseNumber, long referralId, List<CashItem> items,
      String userId) {
    int year = LocalDate.now(clock).getYear();
    Map<String, String> owners = new TreeMap<>();
    items.stream().map(CashItem::fund).distinct().sorted().forEach(fund -> jdbc.queryForList(
            "SELECT org FROM fund WHERE code = ? AND fund_year = ? FOR UPDATE", String.class, fund, year).stream()
        .findFirst().ifPresent(owner -> owners.put(fund, owner)));
    List<CashItem> toReserve = items.stream().filter(item -> outstanding(referralId, item.item()).isEmpty()).toList();
    Map<String, BigDecimal> needed = new HashMap<>();
    toReserve.forEach(item -> needed.merge(item.fund(), item.amount(), BigDecimal::add));
    List<Shortfall> shortfalls = new ArrayList<>();
    for (CashItem item : toReserve) {
      String owner = owners.get(item.fund());
      if (owner == null) {
        shortfalls.add(new Shortfall(item, Refusal.UNKNOWN_FUND, BigDecimal.ZERO));
      } else if (!owner.equals(org)) {
        shortfalls.add(new Shortfall(item, Refusal.OTHER_ORGANISATION, BigDecimal.ZERO));
      } else {
        BigDecimal available = available(item.fund(), year);
        if (available.compareTo(needed.get(item.fund())) < 0) {
          shortfalls.add(new Shortfall(item, Refusal.INSUFFICIENT_FUNDS, available));
        }
      }
    }
    if (shortfalls.isEmpty()) {
      for (CashItem item : toReserve) {
        insert(item.fund(), year, "RESERVE", item.amount(), caseNumber, referralId, item.item(),
            "reserve:" + referralId + ":" + item.item() + ":" + entries(referralId, item.item()), userId);
      }
    }
    return shortfalls;
  }

  /** What is reserved and neither paid nor released, per item of the referral. */
  public Map<String, BigDecimal> reservedItems(long referralId) {
    Map<String, BigDecimal> reserved = new TreeMap<>();
    outstandingOfReferral(referralId).forEach(r -> reserved.merge(r.item(), r.amount(), BigDecimal::add));
    return reserved;
  }

  /** Pays out what is reserved for the item, once whatever the retries: the key of the payment is unique. */
  @Transactional
  public void disburse(long referralId, String item, String userId) {
    for (Reservation reservation : outstanding(referralId, item)) {
      String key = "disburse:" + referralId + ":" + item;
      if (!exists(key)) {
        insert(reservation.fundCode(), reservation.year(), "DISBURSE", reservation.amount(), reservation.caseNumber(),
            referralId, item, key, userId);
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
