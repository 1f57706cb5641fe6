package org.aidflow.cockpit.projection;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aidflow.servicelevel.ServiceLevelStep;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.BoundedCache;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.CaseStage;
import org.aidflow.shared.CommitOrder;
import org.aidflow.shared.ReferralRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Writes the cockpit's projections (cockpit_case, cockpit_case_category, cockpit_referral) as cases move. Every
 * method may be called again for the same event: it sets state, it does not add to it.
 */
@Repository
public class CockpitProjections {

  /** 新就业形态: riders, couriers, ride-hailing drivers, live streamers (docs/policy.md, glossary). */
  public static final Set<String> NEW_EMPLOYMENT_FORMS = Set.of("delivery-rider", "courier", "ride-hailing-driver",
      "live-streamer");

  /** The case's intake unit as aid_case holds it; a case from before units, its organisation's province unit. */
  private static final String UNIT_OF_CASE = "COALESCE(intake_unit, intake_org || '-33')";

  private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(86_400);

  private final JdbcTemplate jdbc;
  private final CockpitRollup rollup;
  /** At most some megabytes: more referrals than a province has open at a time. */
  private final BoundedCache<Long, String> casesOfReferrals = new BoundedCache<>(50_000);

  public CockpitProjections(JdbcTemplate jdbc, CockpitRollup rollup) {
    this.jdbc = jdbc;
    this.rollup = rollup;
  }

  /** What the intake record says about a case, beyond what aid_case holds. */
  public record IntakeFacts(String region, List<String> categories, String employmentForm) {
  }

  /**
   * The case's row, from its aid_case row (org, channel, urgency, person hash, time received) and the intake facts;
   * registering again replaces the row and its categories.
   */
  public void caseRegistered(String caseNumber, IntakeFacts facts, Date at) {
    rollup.change(caseNumber, () -> caseRegisteredRows(caseNumber, facts, at));
    // a person's second case: all their cases leave the rollup's distinct persons for the rows' (V11).
    // Two first cases of one person registered at the same instant may both miss it; a rebuild flags them.
    List<String> unflagged = jdbc.queryForList("SELECT o.case_number FROM cockpit_case o JOIN cockpit_case c"
        + " ON c.person_hash = o.person_hash WHERE c.case_number = ? AND NOT o.repeat_person"
        + " AND (SELECT COUNT(*) FROM cockpit_case p WHERE p.person_hash = c.person_hash) > 1", String.class,
        caseNumber);
    for (String flagged : unflagged) {
      rollup.change(flagged, () -> jdbc.update("UPDATE cockpit_case SET repeat_person = TRUE WHERE case_number = ?",
          flagged));
    }
  }

  private void caseRegisteredRows(String caseNumber, IntakeFacts facts, Date at) {
    // a case registered by this transaction has no rows yet; one registered before (a rebuild) is read, and its
    // rows are made again
    Optional<Instant> registeredNow = CaseRegistry.registeredInThisTransaction(caseNumber);
    Optional<Instant> created = registeredNow.or(() -> jdbc.queryForList("SELECT created_at FROM aid_case"
        + " WHERE case_number = ?", Timestamp.class, caseNumber).stream().findFirst().map(Timestamp::toInstant));
    if (created.isEmpty()) {
      return;
    }
    if (registeredNow.isEmpty()) {
      jdbc.update("DELETE FROM cockpit_case WHERE case_number = ?", caseNumber);
    }
    // the month in China time, whatever the server's time zone
    jdbc.update("INSERT INTO cockpit_case (case_number, process_instance_id, person_hash, intake_org, channel, region,"
            + " categories, employment_form, new_employment_form, urgent, stage, received_at, received_month, updated_at,"
            + " unit) SELECT case_number, process_instance_id, id_number_hash, intake_org, channel, ?, ?, ?, ?, urgent, ?,"
            + " created_at, ?, ?, " + UNIT_OF_CASE + " FROM aid_case WHERE case_number = ?",
        facts.region(), String.join(",", sortedDistinct(facts.categories())), facts.employmentForm(),
        facts.employmentForm() != null && NEW_EMPLOYMENT_FORMS.contains(facts.employmentForm()),
        CaseStage.INTAKE.name(),
        month(local(created.get())), ts(at), caseNumber);
    for (String category : Set.copyOf(facts.categories())) {
      jdbc.update("INSERT INTO cockpit_case_category (case_number, category, intake_org, region, received_at, unit)"
          + " SELECT case_number, ?, intake_org, region, received_at, unit FROM cockpit_case WHERE case_number = ?",
          category, caseNumber);
    }
  }

  public static String month(LocalDateTime at) {
    return String.format("%04d-%02d", at.getYear(), at.getMonthValue());
  }

  /**
   * The case's stage from now on, unless it is closed. A wait state of the stage the case is in already (the
   * follow-up task after its timer) changes nothing: unless this transaction holds the case already, that is asked
   * first, so that nothing is locked, read or written for it.
   */
  public void stageReached(String caseNumber, CaseStage stage, Date at) {
    if (!rollup.holds(caseNumber) && jdbc.queryForObject("SELECT COUNT(*) FROM cockpit_case WHERE "
        + STAGE_TO_MOVE, Integer.class, caseNumber, stage.name(), CaseStage.CLOSED.name()) == 0) {
      return;
    }
    rollup.change(caseNumber, () -> stageReachedRows(caseNumber, stage, at));
  }

  /** The case's row, unless it is at the stage already or closed: what the pre-check asks and the update moves. */
  private static final String STAGE_TO_MOVE = "case_number = ? AND stage NOT IN (?, ?)";

  private void stageReachedRows(String caseNumber, CaseStage stage, Date at) {
    jdbc.update("UPDATE cockpit_case SET stage = ?, updated_at = ? WHERE " + STAGE_TO_MOVE, stage.name(), ts(at),
        caseNumber, stage.name(), CaseStage.CLOSED.name());
  }

  public void hardshipDetermined(String caseNumber, String level, Date at) {
    jdbc.update("UPDATE cockpit_case SET hardship_level = ?, updated_at = ? WHERE case_number = ?", level, ts(at),
        caseNumber);
  }

  public void satisfactionRecorded(String caseNumber, Integer satisfaction, Date at) {
    rollup.change(caseNumber, () -> satisfactionRecordedRows(caseNumber, satisfaction, at));
  }

  /**
   * The case's scores as follow_up_score holds them, one per follow-up: their sum and count (averaged by the
   * cockpit) and the latest. A case scored before V14 has no rows there: its one score counts. Counted within the
   * update (a read of the sums first was one more statement per follow-up); with no score given and none recorded,
   * nothing changes.
   */
  private void satisfactionRecordedRows(String caseNumber, Integer satisfaction, Date at) {
    jdbc.update("UPDATE cockpit_case SET satisfaction = COALESCE(?, satisfaction),"
            + " satisfaction_sum = COALESCE((SELECT SUM(score) FROM follow_up_score WHERE case_number = ?), ?),"
            + " satisfaction_count = COALESCE(NULLIF((SELECT COUNT(*) FROM follow_up_score WHERE case_number = ?), 0),"
            + " 1), updated_at = ? WHERE case_number = ?" + (satisfaction != null ? ""
            : " AND EXISTS (SELECT 1 FROM follow_up_score WHERE case_number = ?)"),
        satisfactionArguments(caseNumber, satisfaction, at));
  }

  private static Object[] satisfactionArguments(String caseNumber, Integer satisfaction, Date at) {
    // no score given: only a case with recorded scores is updated, so the fallback 0 is never used
    List<Object> arguments = new ArrayList<>(Arrays.asList(satisfaction, caseNumber,
        satisfaction != null ? satisfaction : 0, caseNumber, ts(at), caseNumber));
    if (satisfaction == null) {
      arguments.add(caseNumber);
    }
    return arguments.toArray();
  }

  /** A step's task was created: due again from now, not done (a repeated plan or a reassessment starts over). */
  public void stepStarted(ServiceLevelStep step, Object rowKey, Date dueAt, Date at) {
    rollup.change(caseOf(step, rowKey), () -> stepStartedRows(step, rowKey, dueAt, at));
  }

  private void stepStartedRows(ServiceLevelStep step, Object rowKey, Date dueAt, Date at) {
    jdbc.update("UPDATE " + step.table() + " SET " + step.dueColumn() + " = ?, " + step.doneColumn() + " = NULL,"
        + " updated_at = ? WHERE " + keyColumn(step) + " = ?", ts(dueAt), ts(at), rowKey);
  }

  public void stepDone(ServiceLevelStep step, Object rowKey, Date at) {
    rollup.change(caseOf(step, rowKey), () -> stepDoneRows(step, rowKey, at));
  }

  private void stepDoneRows(ServiceLevelStep step, Object rowKey, Date at) {
    jdbc.update("UPDATE " + step.table() + " SET " + step.doneColumn() + " = ?, updated_at = ? WHERE "
        + keyColumn(step) + " = ?", ts(at), ts(at), rowKey);
  }

  /** The step's task was cancelled (withdrawal, re-routing): nothing is due any more and it counts for no rate. */
  public void stepCancelled(ServiceLevelStep step, Object rowKey, Date at) {
    rollup.change(caseOf(step, rowKey), () -> stepCancelledRows(step, rowKey, at));
  }

  private void stepCancelledRows(ServiceLevelStep step, Object rowKey, Date at) {
    jdbc.update("UPDATE " + step.table() + " SET " + step.dueColumn() + " = NULL, updated_at = ? WHERE "
        + keyColumn(step) + " = ? AND " + step.doneColumn() + " IS NULL", ts(at), rowKey);
  }

  public void stepBreached(ServiceLevelStep step, Object rowKey, Date at) {
    rollup.change(caseOf(step, rowKey), () -> stepBreachedRows(step, rowKey, at));
  }

  private void stepBreachedRows(ServiceLevelStep step, Object rowKey, Date at) {
    jdbc.update("UPDATE " + step.table() + " SET " + step.breachedColumn() + " = TRUE, updated_at = ? WHERE "
        + keyColumn(step) + " = ?", ts(at), rowKey);
  }

  /** The case whose rows a step's row belongs to (the rollups are kept per case). */
  private String caseOf(ServiceLevelStep step, Object rowKey) {
    return step.onCase() ? (String) rowKey : caseOfReferral(((Number) rowKey).longValue());
  }

  /**
   * The case of the referral's projection row. A referral never changes case and its id is never given again, so the
   * answer is kept once found (several steps of every referral ask); a referral without a row yet is asked again.
   */
  private String caseOfReferral(long referralId) {
    return casesOfReferrals.get(referralId, id -> jdbc.queryForList(
        "SELECT case_number FROM cockpit_referral WHERE referral_id = ?", String.class, id).stream().findFirst()
        .orElse(null));
  }

  private static String keyColumn(ServiceLevelStep step) {
    return step.onCase() ? "case_number" : "referral_id";
  }

  /**
   * The referral's row, from case_referral and the case's row; registering again changes nothing. {@code caseNumber}
   * is the case the referral is registered with (the rollups are kept per case). A row made here is known with its
   * case from then on ({@link #caseOfReferral}), so its first step's service level does not read it back; a referral
   * made in a transaction that rolls back leaves an id that is never given again.
   */
  public void referralRegistered(long referralId, String caseNumber, Date at) {
    int made = rollup.change(caseNumber, () -> jdbc.update("INSERT INTO cockpit_referral (referral_id, case_number,"
        + " process_instance_id, org, region, received_at, services, status, created_at, updated_at, unit)"
        + " SELECT r.id, r.case_number, r.process_instance_id, r.org, c.region, c.received_at, r.services, r.status,"
        + " r.created_at, ?, COALESCE(r.unit, r.org || '-33') FROM case_referral r"
        + " JOIN cockpit_case c ON c.case_number = r.case_number WHERE r.id = ?"
        + " AND NOT EXISTS (SELECT 1 FROM cockpit_referral WHERE referral_id = ?)", ts(at), referralId, referralId));
    if (made == 1) {
      casesOfReferrals.get(referralId, id -> caseNumber);
    }
  }

  /**
   * Copies where the referral stands from AidFlow's registers: status, organisation (after re-routing), services,
   * cash paid out (the ledger's DISBURSE entries), rights outcome; then the case's totals. In a transaction the copy
   * is made once, as it commits: a referral's last step and its end both report a change, and each copy read and
   * wrote the same rows. The case's lock and its rollup contribution are taken now, before anything else changes.
   */
  public void referralChanged(long referralId, Date at) {
    String caseNumber = caseOfReferral(referralId);
    Map<Long, Copy> pending = CommitOrder.pending(this, CommitOrder.COCKPIT_REFERRALS, LinkedHashMap::new,
        this::copyAtCommit);
    if (pending == null || caseNumber == null) {
      // a referral of no row yet is copied at once: its case found at commit would open the rollups too late
      rollup.change(caseNumber, () -> referralChangedRows(referralId, caseNumber, at));
      return;
    }
    rollup.lockInOrder(List.of(caseNumber));
    pending.put(referralId, new Copy(caseNumber, at));
  }

  /** A referral's copy to make as the transaction commits: its case (the rollups'), and the time of the last change. */
  private record Copy(String caseNumber, Date at) {
  }

  private void copyAtCommit(Map<Long, Copy> pending) {
    pending.forEach((referralId, copy) -> rollup.change(copy.caseNumber(),
        () -> referralChangedRows(referralId, copy.caseNumber(), copy.at())));
  }

  /**
   * The referral's row, then (when it has one) its case's totals; {@code caseNumber} is the row's case. A row is
   * written only where a value differs: most refreshes (a step of the case, its closing) find nothing new, and an
   * UPDATE that sets the same values still writes a new row version.
   */
  private void referralChangedRows(long referralId, String caseNumber, Date at) {
    // copied from the register row and the ledger's payments in one statement, and written only where a value
    // differs; a referral not registered (none is ever deleted) leaves its row as it was
    jdbc.update("MERGE INTO cockpit_referral c USING (SELECT r.id, r.status, r.org, r.unit, r.services, r.ended_at,"
        + " r.rights_resolved, r.recovered_amount, (SELECT COALESCE(SUM(amount), 0) FROM ledger_entry"
        + " WHERE referral_id = r.id AND kind = 'DISBURSE') AS cash FROM case_referral r WHERE r.id = ?) s"
        + " ON c.referral_id = s.id WHEN MATCHED AND (c.status IS DISTINCT FROM s.status"
        + " OR c.org IS DISTINCT FROM s.org OR c.unit IS DISTINCT FROM COALESCE(s.unit, c.unit)"
        + " OR c.services IS DISTINCT FROM s.services OR c.ended_at IS DISTINCT FROM s.ended_at"
        + " OR c.rights_resolved IS DISTINCT FROM s.rights_resolved OR c.wages_recovered IS DISTINCT FROM"
        + " s.recovered_amount OR c.cash_disbursed IS DISTINCT FROM s.cash) THEN UPDATE SET status = s.status,"
        + " org = s.org, unit = COALESCE(s.unit, c.unit), services = s.services, ended_at = s.ended_at,"
        + " rights_resolved = s.rights_resolved, wages_recovered = s.recovered_amount, cash_disbursed = s.cash,"
        + " updated_at = ?", referralId, ts(at));
    if (caseNumber != null) {
      caseTotalsChangedRows(caseNumber, at);
    }
  }

  /** The case's totals over its referrals: aid delivered, first delivery, cash paid out, wages recovered. */
  public void caseTotalsChanged(String caseNumber, Date at) {
    rollup.change(caseNumber, () -> caseTotalsChangedRows(caseNumber, at));
  }

  private void caseTotalsChangedRows(String caseNumber, Date at) {
    // the referrals' totals and the case's time received in one read
    Object[] totals = jdbc.queryForObject("SELECT MIN(CASE WHEN status = ? THEN ended_at END),"
        + " COALESCE(SUM(cash_disbursed), 0), COALESCE(SUM(wages_recovered), 0),"
        + " (SELECT received_at FROM cockpit_case WHERE case_number = ?) FROM cockpit_referral WHERE case_number = ?",
        (rs, row) -> new Object[] {rs.getTimestamp(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getTimestamp(4)},
        ReferralRegistry.Status.DELIVERED.name(), caseNumber, caseNumber);
    Timestamp firstDelivery = (Timestamp) totals[0];
    Timestamp received = (Timestamp) totals[3];
    BigDecimal days = firstDelivery == null ? null : daysBetween(received.toInstant(), firstDelivery.toInstant());
    // written only where a value differs, as the referral's row above
    jdbc.update("UPDATE cockpit_case SET aid_delivered = ?, first_delivery_at = ?, days_to_first_delivery = ?,"
            + " cash_disbursed = ?, wages_recovered = ?, updated_at = ? WHERE case_number = ?"
            + " AND (aid_delivered IS DISTINCT FROM ? OR first_delivery_at IS DISTINCT FROM ?"
            + " OR days_to_first_delivery IS DISTINCT FROM ? OR cash_disbursed IS DISTINCT FROM ?"
            + " OR wages_recovered IS DISTINCT FROM ?)",
        firstDelivery != null, firstDelivery, days, totals[1], totals[2], ts(at), caseNumber, firstDelivery != null,
        firstDelivery, days, totals[1], totals[2]);
  }

  public static BigDecimal daysBetween(Instant from, Instant to) {
    return BigDecimal.valueOf(Duration.between(from, to).getSeconds()).divide(SECONDS_PER_DAY, 2,
        RoundingMode.HALF_UP);
  }

  /** The case closed: its reason and time from aid_case, every referral as it ended. */
  public void caseClosed(String caseNumber, String closureReason, Date at) {
    rollup.change(caseNumber, () -> caseClosedRows(caseNumber, closureReason, at));
  }

  private void caseClosedRows(String caseNumber, String closureReason, Date at) {
    jdbc.queryForList("SELECT referral_id FROM cockpit_referral WHERE case_number = ?", Long.class, caseNumber)
        .forEach(id -> referralChangedRows(id, caseNumber, at));
    jdbc.update("UPDATE cockpit_case SET stage = ?, closure_reason = COALESCE((SELECT closure_reason FROM aid_case"
            + " WHERE case_number = ?), ?), closed_at = COALESCE((SELECT closed_at FROM aid_case WHERE case_number = ?),"
            + " ?), verification_due_at = CASE WHEN verification_done_at IS NULL THEN NULL ELSE verification_due_at END,"
            + " updated_at = ? WHERE case_number = ?",
        CaseStage.CLOSED.name(), caseNumber, closureReason, caseNumber, ts(at), ts(at), caseNumber);
  }

  /**
   * Copies the units AidFlow's tables hold now onto the rows that still carry {@code fromUnit}: after a referral's
   * transfer or a unit's deactivation moved its work (intake unit, receiving unit). Answers how many rows changed.
   */
  public int unitsMoved(String fromUnit, Date at) {
    int changed = 0;
    List<String> cases = jdbc.queryForList("SELECT c.case_number FROM cockpit_case c JOIN aid_case a"
        + " ON a.case_number = c.case_number WHERE c.unit = ? AND a.intake_unit IS NOT NULL"
        + " AND a.intake_unit <> c.unit", String.class, fromUnit);
    List<Long> referrals = jdbc.queryForList("SELECT c.referral_id FROM cockpit_referral c JOIN case_referral r"
        + " ON r.id = c.referral_id WHERE c.unit = ? AND r.unit IS NOT NULL AND r.unit <> c.unit", Long.class,
        fromUnit);
    // every case this touches locked first, in one order
    Set<String> touched = new HashSet<>(cases);
    referrals.forEach(referralId -> touched.add(caseOfReferral(referralId)));
    touched.remove(null);
    rollup.lockInOrder(touched);
    for (String caseNumber : cases) {
      changed += rollup.change(caseNumber, () -> {
        jdbc.update("UPDATE cockpit_case_category SET unit = (SELECT intake_unit FROM aid_case WHERE case_number = ?)"
            + " WHERE case_number = ?", caseNumber, caseNumber);
        return jdbc.update("UPDATE cockpit_case SET unit = (SELECT intake_unit FROM aid_case WHERE case_number = ?),"
            + " updated_at = ? WHERE case_number = ?", caseNumber, ts(at), caseNumber);
      });
    }
    for (Long referralId : referrals) {
      changed += rollup.change(caseOfReferral(referralId), () -> jdbc.update("UPDATE cockpit_referral SET unit ="
          + " (SELECT unit FROM case_referral WHERE id = ?), updated_at = ? WHERE referral_id = ?", referralId, ts(at),
          referralId));
    }
    return changed;
  }

  /**
   * Removes the rows of cases that have a process instance; synthetic rows (demo history, benchmark) stay. The
   * rollups are left as they were: the caller refills them ({@link CockpitRollup#refill}).
   */
  public int deleteNonSynthetic() {
    return jdbc.update("DELETE FROM cockpit_case WHERE synthetic = FALSE");
  }

  static Timestamp ts(Date date) {
    return date == null ? null : new Timestamp(date.getTime());
  }

  static List<String> sortedDistinct(Collection<String> values) {
    return values.stream().distinct().sorted().toList();
  }

  static LocalDateTime local(Instant instant) {
    return LocalDateTime.ofInstant(instant, AidFlowConfiguration.ZONE);
  }
}
