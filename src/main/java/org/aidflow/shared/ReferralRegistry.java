package org.aidflow.shared;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Each referral of a case to an organisation and how it ended, kept after its process instance is gone. */
@Repository
public class ReferralRegistry {

  /**
   * The owner of what a transaction remembers of the referrals: the class, not an instance, so that {@link
   * CaseRegistry#readInstance} can fill it whichever registry asked.
   */
  static final Object MEMO = ReferralRegistry.class;

  /** Where a referral stands. */
  public enum Status {
    OPEN, ACCEPTED, DECLINED, DELIVERED, NOT_DELIVERED, CANCELLED,
    /** The organisation's funds could not carry the plan; a charity referral took it over. */
    TO_CHARITY;

    public boolean isEnded() {
      return this != OPEN && this != ACCEPTED;
    }
  }

  /** One referral as the case sees it. */
  public record Referral(long id, int assessmentCycle, String org, String services, Status status,
      String declineReason, BigDecimal deliveredAmount, Boolean rightsResolved, BigDecimal recoveredAmount,
      String unit) {

    /** The receiving unit; a referral from before units is its organisation's province unit's. */
    public String unit() {
      return unit == null ? Organisation.provinceUnit(org) : unit;
    }
  }

  /**
   * Which referral a referral process instance is, of which case, organisation and receiving unit, as registered;
   * who accepted it (null when no signed-in user did) and its plan as checked (its cash items as JSON; null before
   * planning, or for a plan checked before plans were kept here). Read with the rest, not each on its own (5 round
   * trips per case in the loop).
   */
  public record RegisteredReferral(long id, String caseNumber, String org, Status status, String unit,
      String processInstanceId, String acceptedBy, String plannedItems) {

    /** The receiving unit; a referral from before units is its organisation's province unit's. */
    public String unit() {
      return unit == null ? Organisation.provinceUnit(org) : unit;
    }

    RegisteredReferral withStatus(Status newStatus, String newAcceptedBy) {
      return new RegisteredReferral(id, caseNumber, org, newStatus, unit, processInstanceId, newAcceptedBy,
          plannedItems);
    }

    RegisteredReferral withPlan(String newPlannedItems) {
      return new RegisteredReferral(id, caseNumber, org, status, unit, processInstanceId, acceptedBy, newPlannedItems);
    }
  }

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public ReferralRegistry(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Registers the referral of one process instance; registering the same instance again returns the first id. */
  public long register(String caseNumber, String processInstanceId, int assessmentCycle, String org, String services) {
    return register(caseNumber, processInstanceId, assessmentCycle, org, services, Organisation.provinceUnit(org));
  }

  /** As above, with the receiving unit the jurisdiction gave. */
  public long register(String caseNumber, String processInstanceId, int assessmentCycle, String org, String services,
      String unit) {
    Optional<RegisteredReferral> existing = referralOfInstance(processInstanceId);
    if (existing.isPresent()) {
      return existing.get().id();
    }
    long id = Databases.insertReturningId(writes(), "INSERT INTO case_referral (case_number, process_instance_id,"
        + " assessment_cycle, org, services, status, created_at, unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", caseNumber,
        processInstanceId, assessmentCycle, org, services, Status.OPEN.name(), now(), unit);
    // the row as just inserted, for the rest of the transaction: not read back
    TransactionMemo.putVia(MEMO, instanceLookup(id), processInstanceId, new RegisteredReferral(id, caseNumber, org,
        Status.OPEN, unit, processInstanceId, null, null));
    CaseRegistry.rememberForReferral(caseNumber, processInstanceId);
    return id;
  }

  /** The referral of this referral process instance, if registered. */
  public Optional<RegisteredReferral> referralOfInstance(String processInstanceId) {
    // a step's listeners, delegates and form views each ask: read once per transaction until this registry writes;
    // read with the instance's case, which the step asks for too
    return TransactionMemo.<Optional<RegisteredReferral>>recalled(MEMO, processInstanceId)
        .orElseGet(() -> CaseRegistry.readInstance(jdbc, processInstanceId).referral());
  }

  /** Remembers the referral of an instance as read with its case ({@link CaseRegistry#readInstance}). */
  static void remember(String processInstanceId, Optional<RegisteredReferral> referral) {
    TransactionMemo.put(MEMO, processInstanceId, referral);
    referral.ifPresent(read -> TransactionMemo.put(MEMO, instanceLookup(read.id()), processInstanceId));
  }

  /** The template for writes: whatever this transaction remembered of the referrals is forgotten first. */
  private JdbcTemplate writes() {
    TransactionMemo.forget(MEMO);
    return jdbc;
  }

  /**
   * The template for writes of the one referral's remembered columns: it stays remembered, changed as written (the
   * step that accepts, plans or delivers asks for it again), and the rest is forgotten.
   */
  private JdbcTemplate writesOf(long referralId, UnaryOperator<RegisteredReferral> written) {
    Optional<Map.Entry<String, RegisteredReferral>> remembered = TransactionMemo.recalledVia(MEMO,
        instanceLookup(referralId));
    TransactionMemo.forget(MEMO);
    remembered.ifPresent(referral -> TransactionMemo.putVia(MEMO, instanceLookup(referralId), referral.getKey(),
        written.apply(referral.getValue())));
    return jdbc;
  }

  private static String instanceLookup(long referralId) {
    return "instance of " + referralId;
  }

  /**
   * The template for writes of columns no lookup here remembers (who approved the plan): what this transaction
   * remembered stays true, and is not read again.
   */
  private JdbcTemplate writesOfColumnsNotRemembered() {
    return jdbc;
  }

  /** The referral with this id, if registered. */
  public Optional<RegisteredReferral> referral(long id) {
    return jdbc.query(REFERRAL_COLUMNS + " WHERE id = ?", ReferralRegistry::registeredReferral, id).stream()
        .findFirst();
  }

  /** The referrals still open or accepted at this unit, to move when it is deactivated. */
  public List<RegisteredReferral> openAt(String unit) {
    return jdbc.query(REFERRAL_COLUMNS + " WHERE unit = ? AND status IN (?, ?)", ReferralRegistry::registeredReferral,
        unit, Status.OPEN.name(), Status.ACCEPTED.name());
  }

  /** The referral moves to another unit of its organisation (transfer, deactivation), its status unchanged. */
  public void moveToUnit(long referralId, String unit) {
    writes().update("UPDATE case_referral SET unit = ? WHERE id = ?", unit, referralId);
  }

  /** The columns of a {@link RegisteredReferral}, in its order. */
  static final String REFERRAL_COLUMN_LIST = "id, case_number, org, status, unit, process_instance_id, accepted_by,"
      + " planned_items";

  private static final String REFERRAL_COLUMNS = "SELECT " + REFERRAL_COLUMN_LIST + " FROM case_referral";

  private static RegisteredReferral registeredReferral(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return referralFrom(rs, 1);
  }

  /** The referral in {@link #REFERRAL_COLUMN_LIST}' columns from the given one on. */
  static RegisteredReferral referralFrom(java.sql.ResultSet rs, int first) throws java.sql.SQLException {
    return new RegisteredReferral(rs.getLong(first), rs.getString(first + 1), rs.getString(first + 2),
        Status.valueOf(rs.getString(first + 3)), rs.getString(first + 4), rs.getString(first + 5),
        rs.getString(first + 6), rs.getString(first + 7));
  }

  /** The id of the referral of this referral process instance; an unregistered instance is a programming error. */
  public long idOfInstance(String processInstanceId) {
    return referralOfInstance(processInstanceId).map(RegisteredReferral::id).orElseThrow(() ->
        new IllegalStateException("no referral is registered for process instance " + processInstanceId));
  }

  /** Keeps the referral's plan as checked (its cash items as JSON), replacing an earlier one. */
  public void recordPlan(long referralId, String plannedItems) {
    writesOf(referralId, referral -> referral.withPlan(plannedItems)).update(
        "UPDATE case_referral SET planned_items = ? WHERE id = ?", plannedItems, referralId);
  }

  /** The referral's plan as checked; empty before planning, or for a plan checked before plans were kept here. */
  public Optional<String> planOf(long referralId) {
    return jdbc.queryForList("SELECT planned_items FROM case_referral WHERE id = ?", String.class, referralId).stream()
        .filter(java.util.Objects::nonNull).findFirst();
  }

  /** Who gave the referral's plan its (first) approval, replacing an earlier one; null when nobody was signed in. */
  public void recordPlanApprover(long referralId, String userId) {
    writesOfColumnsNotRemembered().update("UPDATE case_referral SET plan_approved_by = ? WHERE id = ?", userId,
        referralId);
  }

  /** Who gave the referral's plan its first approval; empty when not known (a plan approved before this was kept). */
  public Optional<String> planApproverOf(long referralId) {
    return jdbc.queryForList("SELECT plan_approved_by FROM case_referral WHERE id = ?", String.class, referralId)
        .stream().filter(java.util.Objects::nonNull).findFirst();
  }

  /** Accepted by this user (null: by no signed-in user, e.g. the engine's own steps). */
  public void markAccepted(long referralId, String userId) {
    writesOf(referralId, referral -> referral.withStatus(Status.ACCEPTED, userId)).update(
        "UPDATE case_referral SET status = ?, accepted_by = ? WHERE id = ?", Status.ACCEPTED.name(), userId,
        referralId);
  }

  /** A referral nobody accepted in time moves to another organisation, open again. */
  public void reroute(long referralId, String org) {
    reroute(referralId, org, Organisation.provinceUnit(org));
  }

  /** As above, to the unit of that organisation the jurisdiction gave. */
  public void reroute(long referralId, String org, String unit) {
    writes().update("UPDATE case_referral SET org = ?, unit = ?, status = ? WHERE id = ?", org, unit, Status.OPEN.name(),
        referralId);
  }

  public void markDeclined(long referralId, String declineReason) {
    writes().update("UPDATE case_referral SET status = ?, decline_reason = ?, ended_at = ? WHERE id = ?",
        Status.DECLINED.name(), declineReason, now(), referralId);
  }

  public void markPassedToCharity(long referralId, String note) {
    writes().update("UPDATE case_referral SET status = ?, decline_reason = ?, ended_at = ? WHERE id = ?",
        Status.TO_CHARITY.name(), note, now(), referralId);
  }

  /** The referral's outcome; {@code services} are those of the final plan, the aid types the person received. */
  public void markDelivered(long referralId, boolean delivered, String services, BigDecimal cashAmount,
      BigDecimal deliveredAmount) {
    Status status = delivered ? Status.DELIVERED : Status.NOT_DELIVERED;
    writesOf(referralId, referral -> referral.withStatus(status, referral.acceptedBy())).update(
        "UPDATE case_referral SET status = ?, services = COALESCE(?, services), cash_amount = ?, delivered_amount = ?,"
            + " ended_at = ? WHERE id = ?", status.name(), services, cashAmount, deliveredAmount, now(), referralId);
  }

  public void markRightsOutcome(long referralId, boolean resolved, BigDecimal recoveredAmount) {
    // the case's referrals, as remembered, hold the outcome
    writes().update("UPDATE case_referral SET rights_resolved = ?, recovered_amount = ? WHERE id = ?", resolved,
        recoveredAmount, referralId);
  }

  /** Referrals still open when the case closes (withdrawal, supervisor) are cancelled, never left dangling. */
  public void cancelOpen(String caseNumber) {
    writes().update("UPDATE case_referral SET status = ?, ended_at = ? WHERE case_number = ? AND status IN (?, ?)",
        Status.CANCELLED.name(), now(), caseNumber, Status.OPEN.name(), Status.ACCEPTED.name());
  }

  /** Assistance the person of this case received from any organisation since {@code since}, in other cases. */
  public record PriorAid(String caseNumber, String org, String services, BigDecimal deliveredAmount,
      java.time.Instant deliveredAt) {

    /** e.g. "2026-03-02 总工会（困难帮扶金），1,000.00 元，案件 QBH-2026-000012", as the verifier and supervisors read it. */
    public String describe() {
      String amount = deliveredAmount == null || deliveredAmount.signum() == 0 ? ""
          : "，" + IntakeVocabulary.money(deliveredAmount);
      return java.time.LocalDate.ofInstant(deliveredAt, AidFlowConfiguration.ZONE) + " "
          + Organisation.fromCode(org).chineseName() + "（" + IntakeVocabulary.servicesText(services) + "）" + amount + "，案件 " + caseNumber;
    }
  }

  public List<PriorAid> priorAidOf(String caseNumber, java.time.Instant since) {
    return jdbc.query("SELECT r.case_number, r.org, r.services, r.delivered_amount, r.ended_at FROM case_referral r"
            + " JOIN aid_case c ON c.case_number = r.case_number WHERE c.id_number_hash ="
            + " (SELECT id_number_hash FROM aid_case WHERE case_number = ?) AND r.status = ?"
            + " AND r.ended_at >= ? AND r.case_number <> ? ORDER BY r.ended_at DESC",
        (rs, row) -> new PriorAid(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
            rs.getTimestamp(5).toInstant()),
        caseNumber, Status.DELIVERED.name(), Timestamp.from(since), caseNumber);
  }

  /**
   * Deliveries to the person of this case since {@code since}, in any case and from any organisation, other than
   * the given referral.
   */
  public List<PriorAid> deliveredToSamePerson(String caseNumber, long exceptReferralId, java.time.Instant since) {
    return jdbc.query("SELECT r.case_number, r.org, r.services, r.delivered_amount, r.ended_at FROM case_referral r"
            + " JOIN aid_case c ON c.case_number = r.case_number WHERE c.id_number_hash ="
            + " (SELECT id_number_hash FROM aid_case WHERE case_number = ?) AND r.status = ?"
            + " AND r.ended_at >= ? AND r.id <> ? ORDER BY r.ended_at DESC",
        (rs, row) -> new PriorAid(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
            rs.getTimestamp(5).toInstant()),
        caseNumber, Status.DELIVERED.name(), Timestamp.from(since), exceptReferralId);
  }

  /** The case's referrals in the order registered; read once per transaction until this registry writes. */
  public List<Referral> referralsOf(String caseNumber) {
    return TransactionMemo.remember(MEMO, "referrals of " + caseNumber, () -> List.copyOf(jdbc.query(
        "SELECT id, assessment_cycle, org, services, status, decline_reason, delivered_amount, rights_resolved,"
            + " recovered_amount, unit FROM case_referral WHERE case_number = ? ORDER BY id",
        (rs, row) -> new Referral(rs.getLong("id"), rs.getInt("assessment_cycle"), rs.getString("org"),
            rs.getString("services"), Status.valueOf(rs.getString("status")), rs.getString("decline_reason"),
            rs.getBigDecimal("delivered_amount"), (Boolean) rs.getObject("rights_resolved"),
            rs.getBigDecimal("recovered_amount"), rs.getString("unit")), caseNumber)));
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }
}
