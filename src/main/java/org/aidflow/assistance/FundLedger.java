package org.aidflow.assistance;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.shared.CommitOrder;
import org.aidflow.shared.TransactionMemo;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The funds of each organisation unit and every movement of money: reserve on approval, disburse on delivery, release
 * on decline, rejection, withdrawal or cancellation. Entries are only ever added; each fund row carries the running
 * totals of its entries (reserved and not yet paid or released, disbursed), written in the same transaction as the
 * entry, so a balance is one row and a reservation one conditional update. Each movement carries an idempotency key
 * (referral, item, kind), so a retried step never moves money twice. A fund belongs to a unit; a plan of a referral
 * held by a unit may draw on that unit's funds and on those of the units above it that are open to lower units
 * ({@link #usableFunds}), never on a sibling's or a lower unit's.
 */
@Repository
public class FundLedger {

  /** Why a reservation could not be made. */
  public enum Refusal { UNKNOWN_FUND, NOT_USABLE_BY_UNIT, INSUFFICIENT_FUNDS }

  /** A fund of one year, the unit it belongs to (and whether units below may use it), and what is left of it. */
  public record Balance(String code, int year, String org, String unit, boolean openToLower, String name,
      BigDecimal budget, BigDecimal available, BigDecimal reserved, BigDecimal disbursed) {
  }

  /** A unit's funds of one year taken together, and whether their running totals match their ledger entries. */
  public record UnitTotals(String unit, int year, BigDecimal budget, BigDecimal reserved, BigDecimal disbursed,
      BigDecimal ledgerReserved, BigDecimal ledgerDisbursed) {

    public BigDecimal available() {
      return budget.subtract(reserved).subtract(disbursed);
    }

    /** The fund rows' totals are the sums of their ledger entries. */
    public boolean reconciled() {
      return reserved.compareTo(ledgerReserved) == 0 && disbursed.compareTo(ledgerDisbursed) == 0;
    }
  }

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public FundLedger(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Opens a fund of a unit for a year, unless it exists. A bare organisation code ({@code union}) stands for its
   * province unit ({@code union-33}), as funds did before units.
   */
  public void openFund(String code, int year, String orgOrUnit, String name, BigDecimal budget) {
    openFund(code, year, orgOrUnit, name, budget, false);
  }

  /** As above; {@code openToLower}: the units below this one may draw on it too. */
  public void openFund(String code, int year, String orgOrUnit, String name, BigDecimal budget, boolean openToLower) {
    String unit = OrganisationUnits.unitCode(orgOrUnit);
    if (jdbc.queryForObject("SELECT COUNT(*) FROM fund WHERE code = ? AND fund_year = ?", Integer.class, code, year) == 0) {
      jdbc.update("INSERT INTO fund (code, fund_year, org, unit, open_to_lower, name, budget)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?)", code, year, OrganisationUnit.typeOf(unit), unit, openToLower, name,
          budget);
    }
  }

  /**
   * The funds of the year a plan of a referral held by the unit may draw on: the unit's own, and those of the units
   * above it (same type, region a prefix of the unit's: {@code union-3301}, {@code union-33} for
   * {@code union-330106}) that are open to lower units. The unit's own first, then nearest above first.
   */
  public List<Balance> usableFunds(String orgOrUnit, int year) {
    // the unit's and its ancestors' funds only, not every unit's of the year
    List<String> units = unitAndAncestors(orgOrUnit);
    List<Object> arguments = new ArrayList<>(List.of(year));
    arguments.addAll(units);
    return usableAmong(balances("f.fund_year = ? AND f.unit IN (" + String.join(", ",
        Collections.nCopies(units.size(), "?")) + ")", arguments.toArray()), orgOrUnit);
  }

  /**
   * Of the year's funds (as {@link #balances(int)} lists them), those the unit may draw on ({@link #usableBy}): its
   * own, then each unit above's, nearest first.
   */
  public static List<Balance> usableAmong(List<Balance> funds, String orgOrUnit) {
    List<String> nearestFirst = unitAndAncestors(orgOrUnit);
    return funds.stream().filter(fund -> usableBy(fund, orgOrUnit))
        .sorted(Comparator.comparingInt(fund -> nearestFirst.indexOf(fund.unit()))).toList();
  }

  /** The unit, then the units above it, nearest first. */
  private static List<String> unitAndAncestors(String orgOrUnit) {
    List<String> units = new ArrayList<>(List.of(OrganisationUnits.unitCode(orgOrUnit)));
    units.addAll(OrganisationUnits.ancestorCodes(units.get(0)));
    return units;
  }

  /** Whether a plan of a referral held by the unit may draw on the fund. */
  public static boolean usableBy(Balance fund, String orgOrUnit) {
    String unit = OrganisationUnits.unitCode(orgOrUnit);
    return fund.unit().equals(unit) || fund.openToLower() && OrganisationUnits.ancestorCodes(unit).contains(fund.unit());
  }

  /** An item that could not be reserved, and why. */
  public record Shortfall(CashItem item, Refusal refusal, BigDecimal available) {
  }

  /**
   * Reserves every cash item of a referral's plan, or none of them. A plan that a fund has no room for is refused
   * here, naming the short items. The fund rows themselves are charged when the transaction commits (see
   * {@link #adjust}), where the database's check on each fund refuses what two plans committed at the same moment
   * would take beyond its budget: that transaction fails as a whole with {@link FundsTakenMeanwhileException} and,
   * tried again, is refused here. Items reserved already (a repeated step) stand as they are. A fund the unit may
   * not draw on ({@link #usableBy}) is refused whatever its balance.
   *
   * @param unit the unit holding the referral (a bare organisation code: its province unit)
   * @return the items that could not be reserved; empty when everything is reserved
   */
  @Transactional
  public List<Shortfall> reservePlan(String unit, String caseNumber, long referralId, List<CashItem> items,
      String userId) {
    int year = LocalDate.now(clock).getYear();
    List<CashItem> toReserve = items.stream().filter(item -> outstanding(referralId, item.item()).isEmpty()).toList();
    Map<String, BigDecimal> needed = new TreeMap<>();
    toReserve.forEach(item -> needed.merge(item.fund(), item.amount(), BigDecimal::add));
    Map<String, Balance> funds = new HashMap<>();
    needed.keySet().forEach(fund -> balances("f.code = ? AND f.fund_year = ?", fund, year).stream().findFirst()
        .ifPresent(balance -> funds.put(fund, balance)));
    List<Shortfall> shortfalls = new ArrayList<>();
    for (CashItem item : toReserve) {
      Balance fund = funds.get(item.fund());
      if (fund == null) {
        shortfalls.add(new Shortfall(item, Refusal.UNKNOWN_FUND, BigDecimal.ZERO));
      } else if (!usableBy(fund, unit)) {
        shortfalls.add(new Shortfall(item, Refusal.NOT_USABLE_BY_UNIT, BigDecimal.ZERO));
      } else {
        BigDecimal available = fund.available().subtract(pendingReservations(item.fund(), year));
        if (available.compareTo(needed.get(item.fund())) < 0) {
          shortfalls.add(new Shortfall(item, Refusal.INSUFFICIENT_FUNDS, available.max(BigDecimal.ZERO)));
        }
      }
    }
    if (shortfalls.isEmpty()) {
      for (CashItem item : toReserve) {
        insertNumbered(item.fund(), year, "RESERVE", item.amount(), caseNumber, referralId, item.item(),
            "reserve:" + referralId + ":" + item.item() + ":", userId);
        adjust(item.fund(), year, item.amount(), BigDecimal.ZERO);
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

  /** What the ledger paid out for the referral, and what it reserved for it (paid, released or still reserved). */
  public BigDecimal paidTotal(long referralId) {
    return totals(referralId).getOrDefault("DISBURSE", BigDecimal.ZERO);
  }

  public BigDecimal reservedTotal(long referralId) {
    return totals(referralId).getOrDefault("RESERVE", BigDecimal.ZERO);
  }

  /** The referral's entries summed by kind, once per transaction until the ledger writes (a delivery asks twice). */
  private Map<String, BigDecimal> totals(long referralId) {
    return TransactionMemo.remember(this, "totals " + referralId, () -> {
      Map<String, BigDecimal> totals = new HashMap<>();
      jdbc.query("SELECT kind, SUM(amount) FROM ledger_entry WHERE referral_id = ? GROUP BY kind",
          rs -> {
            totals.put(rs.getString(1), rs.getBigDecimal(2));
          }, referralId);
      return totals;
    });
  }

  /**
   * Settles the referral after delivery, from one read of what is outstanding: each reservation of an item paid is
   * paid out, once whatever the retries (the payment's key is unique); every other one, and one whose item was paid
   * out already, is released ({@link #releaseReferral}).
   */
  @Transactional
  public void settle(long referralId, Set<String> paidItems, String userId) {
    for (Reservation reservation : outstandingOfReferral(referralId)) {
      if (!paidItems.contains(reservation.item()) || !pay(referralId, reservation, userId)) {
        release(referralId, reservation, userId);
      }
    }
  }

  /** Pays out the reservation; false when the item was paid out already (once, whatever the retries). */
  private boolean pay(long referralId, Reservation reservation, String userId) {
    if (!insertIfNew(reservation.fundCode(), reservation.year(), "DISBURSE", reservation.amount(),
        reservation.caseNumber(), referralId, reservation.item(), "disburse:" + referralId + ":" + reservation.item(),
        userId)) {
      return false;
    }
    adjust(reservation.fundCode(), reservation.year(), reservation.amount().negate(), reservation.amount());
    return true;
  }

  /** What became of one household's payment of a campaign batch ({@link #payCampaignItem}). */
  public enum CampaignPayment { PAID, FUNDS_SHORT, FUND_NOT_USABLE }

  /**
   * Pays one household of a campaign batch (docs/campaigns.md): reserves the amount on the project's fund and
   * disburses it at once, both entries naming the batch and the project (no referral). Exactly once whatever the
   * retries: the keys {@code campaign-reserve:<batch>:<household>} and {@code campaign-disburse:<batch>:<household>}
   * are unique, and a payment made already answers PAID without another entry. A fund without room for the amount
   * (counting what this transaction has already taken from it) answers FUNDS_SHORT and moves nothing; the check on
   * the fund row refuses at commit what another transaction took meanwhile ({@link FundsTakenMeanwhileException}).
   *
   * @param unit the unit drawing on the fund (the project's owning unit)
   */
  @Transactional
  public CampaignPayment payCampaignItem(String unit, String fundCode, int year, String project, long batchId,
      long householdId, String caseNumber, BigDecimal amount, String userId) {
    String disburseKey = "campaign-disburse:" + batchId + ":" + householdId;
    if (exists(disburseKey)) {
      return CampaignPayment.PAID;
    }
    List<Balance> found = balances("f.code = ? AND f.fund_year = ?", fundCode, year);
    if (found.isEmpty() || !usableBy(found.get(0), unit)) {
      return CampaignPayment.FUND_NOT_USABLE;
    }
    BigDecimal available = found.get(0).available().subtract(pendingReservations(fundCode, year));
    if (available.compareTo(amount) < 0) {
      return CampaignPayment.FUNDS_SHORT;
    }
    String item = "campaign-" + householdId;
    insertCampaign(fundCode, year, "RESERVE", amount, caseNumber, batchId, project, item,
        "campaign-reserve:" + batchId + ":" + householdId, userId);
    adjust(fundCode, year, amount, BigDecimal.ZERO);
    insertCampaign(fundCode, year, "DISBURSE", amount, caseNumber, batchId, project, item, disburseKey, userId);
    adjust(fundCode, year, amount.negate(), amount);
    return CampaignPayment.PAID;
  }

  /** What the ledger paid out for a campaign batch. */
  public BigDecimal campaignPaidTotal(long batchId) {
    return jdbc.queryForObject("SELECT COALESCE(SUM(amount), 0) FROM ledger_entry WHERE campaign_batch = ?"
        + " AND kind = 'DISBURSE'", BigDecimal.class, batchId);
  }

  private void insertCampaign(String fundCode, int year, String kind, BigDecimal amount, String caseNumber,
      long batchId, String project, String item, String key, String userId) {
    jdbc.update("INSERT INTO ledger_entry (fund_code, fund_year, kind, amount, case_number, referral_id,"
            + " campaign_batch, project, item, idempotency_key, user_id, created_at)"
            + " VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)", fundCode, year, kind, amount, caseNumber, batchId,
        project, item, key, userId, Timestamp.from(clock.instant()));
  }

  /** Releases whatever is still reserved for the referral (not delivered, declined, cancelled). */
  @Transactional
  public void releaseReferral(long referralId, String userId) {
    for (Reservation reservation : outstandingOfReferral(referralId)) {
      release(referralId, reservation, userId);
    }
  }

  private void release(long referralId, Reservation reservation, String userId) {
    // nothing outstanding after a committed release, so a repeated call adds nothing
    insertNumbered(reservation.fundCode(), reservation.year(), "RELEASE", reservation.amount(),
        reservation.caseNumber(), referralId, reservation.item(), "release:" + referralId + ":" + reservation.item()
            + ":", userId);
    adjust(reservation.fundCode(), reservation.year(), reservation.amount().negate(), BigDecimal.ZERO);
  }

  /** Releases every reservation of a case that was neither paid nor released (withdrawal, closure). */
  @Transactional
  public void releaseCase(String caseNumber, String userId) {
    // a campaign's payments (referral_id NULL) are paid when entered, nothing of them stays reserved
    jdbc.queryForList("SELECT DISTINCT referral_id FROM ledger_entry WHERE case_number = ? AND referral_id IS NOT NULL",
            Long.class, caseNumber)
        .forEach(referral -> releaseReferral(referral, userId));
  }

  public Balance balance(String code, int year) {
    return balances("f.code = ? AND f.fund_year = ?", code, year).get(0);
  }

  /** A fund's name as people read it (its latest year's), or the code if there is no such fund. */
  public String fundName(String code) {
    return jdbc.query("SELECT name FROM fund WHERE code = ? ORDER BY fund_year DESC LIMIT 1",
        (rs, row) -> rs.getString(1), code).stream().findFirst().orElse(code);
  }

  public List<Balance> balances(int year) {
    return balances("f.fund_year = ?", year);
  }

  /** Funds with their balances, read from the running totals of the fund rows. */
  private List<Balance> balances(String where, Object... arguments) {
    return jdbc.query("SELECT f.code, f.fund_year, f.org, f.unit, f.open_to_lower, f.name, f.budget, f.reserved,"
            + " f.disbursed FROM fund f WHERE " + where + " ORDER BY f.org, f.unit, f.code",
        (rs, row) -> new Balance(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
            rs.getString(6), rs.getBigDecimal(7),
            rs.getBigDecimal(7).subtract(rs.getBigDecimal(8)).subtract(rs.getBigDecimal(9)), rs.getBigDecimal(8),
            rs.getBigDecimal(9)), arguments);
  }

  /** The funds of a unit in a year. */
  public List<Balance> balancesOfUnit(String orgOrUnit, int year) {
    return balances("f.fund_year = ? AND f.unit = ?", year, OrganisationUnits.unitCode(orgOrUnit));
  }

  /**
   * Per unit and year: its funds' budgets and running totals, and the same totals summed from the ledger entries of
   * its funds. Money a lower unit drew on a shared fund counts for the unit the fund belongs to.
   */
  public List<UnitTotals> unitTotals(int year) {
    return jdbc.query("SELECT f.unit, f.fund_year, SUM(f.budget), SUM(f.reserved), SUM(f.disbursed),"
            + " COALESCE(SUM(e.reserved), 0), COALESCE(SUM(e.disbursed), 0) FROM fund f LEFT JOIN ("
            + " SELECT fund_code, fund_year, SUM(CASE kind WHEN 'RESERVE' THEN amount ELSE -amount END) AS reserved,"
            + " SUM(CASE kind WHEN 'DISBURSE' THEN amount ELSE 0 END) AS disbursed FROM ledger_entry"
            + " GROUP BY fund_code, fund_year) e ON e.fund_code = f.code AND e.fund_year = f.fund_year"
            + " WHERE f.fund_year = ? GROUP BY f.unit, f.fund_year ORDER BY f.unit",
        (rs, row) -> new UnitTotals(rs.getString(1), rs.getInt(2), rs.getBigDecimal(3), rs.getBigDecimal(4),
            rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7)), year);
  }

  /** The units whose funds' running totals differ from their ledger entries in any year (none, normally). */
  public List<String> unreconciledUnits() {
    return jdbc.queryForList("SELECT DISTINCT f.unit FROM fund f LEFT JOIN ("
        + " SELECT fund_code, fund_year, SUM(CASE kind WHEN 'RESERVE' THEN amount ELSE -amount END) AS reserved,"
        + " SUM(CASE kind WHEN 'DISBURSE' THEN amount ELSE 0 END) AS disbursed FROM ledger_entry"
        + " GROUP BY fund_code, fund_year) e ON e.fund_code = f.code AND e.fund_year = f.fund_year"
        + " WHERE f.reserved <> COALESCE(e.reserved, 0) OR f.disbursed <> COALESCE(e.disbursed, 0)"
        + " ORDER BY f.unit", String.class);
  }

  /**
   * Funds whose running totals differ from the sum of their ledger entries (none, unless somebody wrote one table
   * without the other): a reconciliation for audits and tests.
   */
  public List<String> unreconciledFunds() {
    return jdbc.queryForList("SELECT f.code || ' ' || f.fund_year FROM fund f LEFT JOIN ("
        + " SELECT fund_code, fund_year, SUM(CASE kind WHEN 'RESERVE' THEN amount ELSE -amount END) AS reserved,"
        + " SUM(CASE kind WHEN 'DISBURSE' THEN amount ELSE 0 END) AS disbursed FROM ledger_entry"
        + " GROUP BY fund_code, fund_year) e ON e.fund_code = f.code AND e.fund_year = f.fund_year"
        + " WHERE f.reserved <> COALESCE(e.reserved, 0) OR f.disbursed <> COALESCE(e.disbursed, 0)"
        + " ORDER BY f.code, f.fund_year", String.class);
  }

  /** One movement of a case's money, with the fund's name (for the case page). */
  public record CaseEntry(long referralId, String item, String fundName, String kind, BigDecimal amount,
      String userId, java.util.Date createdAt) {
  }

  /** Every reservation, release and payment of the case, oldest first. */
  public List<CaseEntry> entriesOfCase(String caseNumber) {
    return jdbc.query("SELECT e.referral_id, e.item, f.name, e.kind, e.amount, e.user_id, e.created_at"
            + " FROM ledger_entry e JOIN fund f ON f.code = e.fund_code AND f.fund_year = e.fund_year"
            + " WHERE e.case_number = ? ORDER BY e.created_at, e.id",
        (rs, row) -> new CaseEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getBigDecimal(5), rs.getString(6), rs.getTimestamp(7)), caseNumber);
  }

  /**
   * Moves a fund's running totals along with an entry of its ledger. Every case of a fund updates the same row, and
   * an update keeps the row locked until its transaction ends; applied at once, that lock would be held while the
   * engine writes the rest of the step (the benchmark saw cases queue on it). So within a transaction the moves are
   * summed per fund and applied just before it commits, in fund order; the check on the fund row refuses a total
   * that would go beyond the budget or below zero. Outside a transaction they apply at once.
   */
  private void adjust(String fundCode, int year, BigDecimal reserved, BigDecimal disbursed) {
    BigDecimal[] move = {reserved, disbursed};
    Map<FundKey, BigDecimal[]> pending = pendingMoves();
    if (pending == null) {
      apply(new FundKey(fundCode, year), move);
    } else {
      pending.merge(new FundKey(fundCode, year), move, (a, b) -> new BigDecimal[] {a[0].add(b[0]), a[1].add(b[1])});
    }
  }

  /** What this transaction has reserved from the fund and not yet applied to its row. */
  private BigDecimal pendingReservations(String fundCode, int year) {
    Map<FundKey, BigDecimal[]> pending = pendingMoves();
    BigDecimal[] moves = pending == null ? null : pending.get(new FundKey(fundCode, year));
    return moves == null ? BigDecimal.ZERO : moves[0].add(moves[1]).max(BigDecimal.ZERO);
  }

  /** The transaction's moves per fund, in fund order; null without a transaction. */
  private Map<FundKey, BigDecimal[]> pendingMoves() {
    return CommitOrder.pending(PENDING_MOVES, CommitOrder.FUNDS, TreeMap::new, moves -> moves.forEach(this::apply));
  }

  private void apply(FundKey fund, BigDecimal[] moves) {
    try {
      jdbc.update("UPDATE fund SET reserved = reserved + ?, disbursed = disbursed + ? WHERE code = ? AND fund_year = ?",
          moves[0], moves[1], fund.code(), fund.year());
    } catch (DataIntegrityViolationException e) {
      throw new FundsTakenMeanwhileException(fund.code(), e);
    }
  }

  private static final Object PENDING_MOVES = new Object();

  /** A fund of one year; funds are charged in this order. */
  private record FundKey(String code, int year) implements Comparable<FundKey> {
    @Override
    public int compareTo(FundKey other) {
      int byCode = code.compareTo(other.code);
      return byCode != 0 ? byCode : Integer.compare(year, other.year);
    }
  }

  /** What is reserved for an item of a referral in one fund and still neither paid nor released. */
  private record Reservation(String fundCode, int year, String caseNumber, String item, BigDecimal amount) {
  }

  private List<Reservation> outstanding(long referralId, String item) {
    return outstandingOfReferral(referralId).stream().filter(r -> r.item().equals(item)).toList();
  }

  /** Read once per transaction until the ledger writes an entry: a plan's reservation asks for each of its items. */
  private List<Reservation> outstandingOfReferral(long referralId) {
    return TransactionMemo.remember(this, "outstanding " + referralId, () -> jdbc.query("SELECT fund_code,"
            + " fund_year, case_number, item, SUM(CASE WHEN kind = 'RESERVE' THEN amount ELSE -amount END)"
            + " FROM ledger_entry WHERE referral_id = ? GROUP BY fund_code, fund_year, case_number, item",
        (rs, row) -> new Reservation(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
            rs.getBigDecimal(5)), referralId).stream().filter(r -> r.amount().signum() > 0).toList());
  }

  private boolean exists(String key) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE idempotency_key = ?", Integer.class, key) > 0;
  }

  /**
   * An entry keyed by {@code keyPrefix} and the number of entries the referral's item has so far, counted within the
   * insert (a count read first was one more statement per reservation).
   */
  private void insertNumbered(String fundCode, int year, String kind, BigDecimal amount, String caseNumber,
      long referralId, String item, String keyPrefix, String userId) {
    TransactionMemo.forget(this);
    jdbc.update(INSERT_ENTRY + "? || CAST((SELECT COUNT(*) FROM ledger_entry WHERE referral_id = ? AND item = ?)"
            + " AS VARCHAR(12)), " + ENTRY_VALUES, fundCode, year, kind, amount, caseNumber, referralId, item,
        keyPrefix, referralId, item, userId, Timestamp.from(clock.instant()), fundCode, year);
  }

  /**
   * An entry with this key unless one has it already: whether it was made. The check is part of the insert; two
   * transactions inserting the same key at once still meet the key's unique constraint.
   */
  private boolean insertIfNew(String fundCode, int year, String kind, BigDecimal amount, String caseNumber,
      long referralId, String item, String key, String userId) {
    TransactionMemo.forget(this);
    return jdbc.update(INSERT_ENTRY + "?, " + ENTRY_VALUES + " WHERE NOT EXISTS (SELECT 1 FROM ledger_entry"
            + " WHERE idempotency_key = ?)", fundCode, year, kind, amount, caseNumber, referralId, item, key, userId,
        Timestamp.from(clock.instant()), fundCode, year, key) == 1;
  }

  /** A referral's entry, up to its key. */
  private static final String INSERT_ENTRY = "INSERT INTO ledger_entry (fund_code, fund_year, kind, amount, case_number,"
      + " referral_id, item, idempotency_key, user_id, created_at, project) SELECT ?, ?, ?, ?, ?, ?, ?, ";

  /**
   * After the key: the user, the time and, for a cash item paid from a project's fund, that project (docs/projects.md;
   * the first by code when several projects share the fund, as Projects.ofFund answers).
   */
  private static final String ENTRY_VALUES = "?, ?, (SELECT MIN(code) FROM project WHERE fund_code = ? AND fund_year = ?)";
}
