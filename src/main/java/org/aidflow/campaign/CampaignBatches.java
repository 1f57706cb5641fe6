package org.aidflow.campaign;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aidflow.assistance.FundLedger;
import org.aidflow.assistance.FundLedger.CampaignPayment;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.project.Projects;
import org.aidflow.project.Projects.Project;
import org.aidflow.shared.CaseRegistry;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The batches of the cash campaigns (docs/campaigns.md), kept in {@code campaign_batch} and
 * {@code campaign_household}: which project, unit and fund, who started and who approved, each household's amount,
 * exclusion and result. The process {@code campaignBatch} moves a batch along; every fact it decides on is read here.
 */
@Component
public class CampaignBatches {

  public static final String LISTING = "LISTING";
  public static final String REVIEW = "REVIEW";
  public static final String PAYING = "PAYING";
  public static final String FUNDS_SHORT = "FUNDS_SHORT";
  public static final String PAID = "PAID";
  public static final String CLOSED = "CLOSED";
  public static final String CANCELLED = "CANCELLED";
  /** A batch not yet ended: a project has at most one at a time. */
  static final Set<String> OPEN = Set.of(LISTING, REVIEW, PAYING, FUNDS_SHORT);

  /** One batch of a campaign (campaign_batch). */
  public record Batch(long id, String project, String owningUnit, String fundCode, int fundYear, String status,
      String startedBy, Timestamp startedAt, String approvedBy, Timestamp approvedAt, Timestamp finishedAt,
      String processInstanceId) {
  }

  public record Household(long id, String caseNumber, String unit, String source, String nameMasked,
      String hardshipLevel, BigDecimal amount, String status, String reason, String excludedBy, String result,
      Timestamp paidAt) {
  }

  /** Counts and sums of a batch: listed (to be paid), excluded, ineligible, paid, left unpaid for lack of funds. */
  public record Summary(int listed, int excluded, int ineligible, int paid, int fundsShort, int pending,
      BigDecimal listedTotal, BigDecimal paidTotal) {
  }

  private final JdbcTemplate jdbc;
  private final Projects projects;
  private final FundLedger ledger;
  private final Clock clock;
  private final int chunkSize;

  public CampaignBatches(JdbcTemplate jdbc, Projects projects, FundLedger ledger, Clock clock,
      @Value("${aidflow.campaign.chunk-size:200}") int chunkSize) {
    this.jdbc = jdbc;
    this.projects = projects;
    this.ledger = ledger;
    this.clock = clock;
    this.chunkSize = chunkSize;
  }

  /** The project of that code (the projects service's record, with the units it runs in). */
  public Optional<Project> project(String code) {
    return projects.find(code);
  }

  public Optional<Batch> batch(long id) {
    return jdbc.query("SELECT id, project, owning_unit, fund_code, fund_year, status, started_by, started_at,"
            + " approved_by, approved_at, finished_at, process_instance_id FROM campaign_batch WHERE id = ?",
        (rs, row) -> new Batch(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
            rs.getString(6), rs.getString(7), rs.getTimestamp(8), rs.getString(9), rs.getTimestamp(10),
            rs.getTimestamp(11), rs.getString(12)), id).stream().findFirst();
  }

  public Batch batchOrFail(long id) {
    return batch(id).orElseThrow(() -> new IllegalStateException("no campaign batch " + id));
  }

  /** The batch of the project not yet ended, if any. */
  public Optional<Long> openBatchOf(String project) {
    return jdbc.queryForList("SELECT id FROM campaign_batch WHERE project = ? AND status IN (?, ?, ?, ?)", Long.class,
        project, LISTING, REVIEW, PAYING, FUNDS_SHORT).stream().findFirst();
  }

  /** Registers a new batch of the project, LISTING, by the user; the caller starts its process. */
  public long create(Project project, String userId) {
    jdbc.update("INSERT INTO campaign_batch (project, owning_unit, fund_code, fund_year, status, started_by,"
            + " started_at) VALUES (?, ?, ?, ?, ?, ?, ?)", project.code(), project.owningUnit(), project.fundCode(),
        project.fundYear(), LISTING, userId, now());
    return jdbc.queryForObject("SELECT MAX(id) FROM campaign_batch WHERE project = ? AND started_by = ?", Long.class,
        project.code(), userId);
  }

  public void recordInstance(long batchId, String processInstanceId) {
    jdbc.update("UPDATE campaign_batch SET process_instance_id = ? WHERE id = ?", processInstanceId, batchId);
  }

  /** A candidate household: a person of the hardship registry or of an open case, with the facts eligibility reads. */
  record Candidate(String personHash, String caseNumber, String unit, String source, String nameMasked,
      String hardshipLevel, int childrenInSchool, String schoolLevel) {
  }

  /**
   * Lists the batch's households (step {@code listHouseholds}): the ACTIVE households of the hardship registry and
   * the persons with an open case, in the project's units and the units below them, each person once (the registry
   * first); each judged by the project's eligibility decision; a person the project has paid already is excluded
   * with the reason (the double-aid rule per project). The batch then waits for its review. A repeated listing
   * (a retried job) lists nothing twice.
   */
  /** The project's eligibility decision: its output entries (eligible, amount, reason) for one household's inputs. */
  public interface Eligibility {
    Map<String, Object> evaluate(String decisionKey, Map<String, Object> inputs);
  }

  /** The decision as the engine's decision service evaluates it (with a history entry per evaluation). */
  public static Eligibility of(DecisionService decisions) {
    return (key, inputs) -> decisions.evaluateDecisionTableByKey(key, inputs).getSingleResult().getEntryMap();
  }

  @Transactional
  public void listHouseholds(long batchId, Eligibility decisions) {
    Batch batch = batchOrFail(batchId);
    if (!LISTING.equals(batch.status())) {
      return;
    }
    jdbc.update("DELETE FROM campaign_household WHERE batch_id = ?", batchId);
    Project project = project(batch.project()).orElseThrow();
    List<String> units = project.units();
    Map<String, Candidate> candidates = new LinkedHashMap<>();
    jdbc.query("SELECT h.person_hash, h.case_number, a.intake_unit, h.name_masked, h.hardship_level,"
            + " a.children_in_school, a.school_level FROM hardship_household h JOIN aid_case a"
            + " ON a.case_number = h.case_number WHERE h.status = 'ACTIVE' ORDER BY h.id",
        rs -> {
          candidates.putIfAbsent(rs.getString(1), new Candidate(rs.getString(1), rs.getString(2), rs.getString(3),
              "REGISTRY", rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7)));
        });
    jdbc.query("SELECT id_number_hash, case_number, intake_unit, hardship_level, children_in_school, school_level"
            + " FROM aid_case WHERE status = ? ORDER BY case_number", rs -> {
          String person = rs.getString(1);
          Candidate registered = candidates.get(person);
          if (registered == null) {
            candidates.put(person, new Candidate(person, rs.getString(2), rs.getString(3), "OPEN_CASE", null,
                rs.getString(4), rs.getInt(5), rs.getString(6)));
          } else if (rs.getObject(5) != null) {
            // the open case's facts are the newer ones for the children in school
            candidates.put(person, new Candidate(person, registered.caseNumber(), registered.unit(), "REGISTRY",
                registered.nameMasked(), registered.hardshipLevel(), rs.getInt(5),
                rs.getString(6) != null ? rs.getString(6) : registered.schoolLevel()));
          }
        }, CaseRegistry.OPEN);
    Map<String, Long> paidBefore = new HashMap<>();
    jdbc.query("SELECT person_hash, batch_id FROM campaign_payment WHERE project = ?",
        rs -> {
          paidBefore.put(rs.getString(1), rs.getLong(2));
        }, project.code());

    List<Object[]> rows = new ArrayList<>();
    // few distinct inputs among thousands of households: each combination is decided once
    Map<Map<String, Object>, Map<String, Object>> decided = new HashMap<>();
    for (Candidate c : candidates.values()) {
      if (c.unit() == null || !inUnits(c.unit(), units)) {
        continue;
      }
      Map<String, Object> inputs = Map.of("registered", "REGISTRY".equals(c.source()),
          "hardshipLevel", c.hardshipLevel() == null ? "NONE" : c.hardshipLevel(),
          "childrenInSchool", c.childrenInSchool(),
          "schoolLevel", c.schoolLevel() == null ? "" : c.schoolLevel());
      Map<String, Object> out = decided.computeIfAbsent(inputs,
          given -> decisions.evaluate(project.eligibilityDecision(), Variables.fromMap(given)));
      boolean eligible = Boolean.TRUE.equals(out.get("eligible"));
      BigDecimal amount = out.get("amount") instanceof Number n ? new BigDecimal(n.toString()) : BigDecimal.ZERO;
      String reason = (String) out.get("reason");
      String status = "LISTED";
      if (!eligible || amount.signum() <= 0) {
        status = "INELIGIBLE";
        amount = null;
      } else if (paidBefore.containsKey(c.personHash())) {
        status = "EXCLUDED";
        reason = "本项目已向该户发放过（批次 " + paidBefore.get(c.personHash()) + "），不重复发放";
      }
      rows.add(new Object[] {batchId, c.personHash(), c.caseNumber(), c.unit(), c.source(), c.nameMasked(),
          c.hardshipLevel(), amount, status, reason});
    }
    jdbc.batchUpdate("INSERT INTO campaign_household (batch_id, person_hash, case_number, unit, source, name_masked,"
        + " hardship_level, amount, status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
    jdbc.update("UPDATE campaign_batch SET status = ? WHERE id = ? AND status = ?", REVIEW, batchId, LISTING);
  }

  /** Whether a unit is one of the project's units or below one of them. */
  static boolean inUnits(String unit, List<String> projectUnits) {
    if (projectUnits.contains(unit)) {
      return true;
    }
    return OrganisationUnits.ancestorCodes(unit).stream().anyMatch(projectUnits::contains);
  }

  /** What became of an exclusion. */
  public enum Exclusion { EXCLUDED, UNKNOWN_HOUSEHOLD, NOT_IN_REVIEW, NOT_LISTED }

  /**
   * Leaves a listed household out of the batch with the reason, while the batch is in review. The batch's row is
   * locked first, so an approval committing at the same moment comes before or after, never in between.
   */
  @Transactional
  public Exclusion exclude(long batchId, long householdId, String reason, String userId) {
    List<String> status = jdbc.queryForList("SELECT status FROM campaign_batch WHERE id = ? FOR UPDATE", String.class,
        batchId);
    List<String> household = jdbc.queryForList("SELECT status FROM campaign_household WHERE id = ? AND batch_id = ?",
        String.class, householdId, batchId);
    if (status.isEmpty() || household.isEmpty()) {
      return Exclusion.UNKNOWN_HOUSEHOLD;
    }
    if (!REVIEW.equals(status.get(0))) {
      return Exclusion.NOT_IN_REVIEW;
    }
    int changed = jdbc.update("UPDATE campaign_household SET status = 'EXCLUDED', reason = ?, excluded_by = ?"
        + " WHERE id = ? AND batch_id = ? AND status = 'LISTED'", reason, userId, householdId, batchId);
    return changed == 1 ? Exclusion.EXCLUDED : Exclusion.NOT_LISTED;
  }

  /**
   * Records the review's decision once: approved (the batch is paid from now on) or cancelled. False when the batch
   * is no longer in review (decided already).
   */
  @Transactional
  public boolean decideReview(long batchId, boolean approved, String userId) {
    jdbc.queryForList("SELECT status FROM campaign_batch WHERE id = ? FOR UPDATE", String.class, batchId);
    return approved
        ? jdbc.update("UPDATE campaign_batch SET status = ?, approved_by = ?, approved_at = ? WHERE id = ?"
            + " AND status = ?", PAYING, userId, now(), batchId, REVIEW) == 1
        : jdbc.update("UPDATE campaign_batch SET status = ?, finished_at = ? WHERE id = ? AND status = ?", CANCELLED,
            now(), batchId, REVIEW) == 1;
  }

  /**
   * Records the supervisors' decision on a batch that left households unpaid for lack of funds: pay them again
   * (after the fund was raised or another opened) or close the batch with them unpaid. False when decided already.
   */
  public boolean decideFunding(long batchId, boolean retry) {
    return retry
        ? jdbc.update("UPDATE campaign_batch SET status = ? WHERE id = ? AND status = ?", PAYING, batchId,
            FUNDS_SHORT) == 1
        : jdbc.update("UPDATE campaign_batch SET status = ?, finished_at = ? WHERE id = ? AND status = ?", CLOSED, now(),
            batchId, FUNDS_SHORT) == 1;
  }

  /** Makes the households left unpaid payable again (step {@code retryShortPayments}). */
  public void reopenShortPayments(long batchId) {
    jdbc.update("UPDATE campaign_household SET result = NULL WHERE batch_id = ? AND status = 'LISTED'"
        + " AND result IN ('FUNDS_SHORT', 'FUND_NOT_USABLE')", batchId);
  }

  /**
   * Pays the next chunk of the batch's unpaid households (step {@code payHouseholds}), in the transaction of the
   * step's job: a crash rolls the whole chunk back, entries and results together, and the job pays it again. Each
   * payment is also once by its keys in the ledger and by the project's {@code campaign_payment} row. When nothing is
   * left to pay, the batch is PAID, or FUNDS_SHORT when households were left unpaid.
   *
   * @return how many households this chunk paid
   */
  @Transactional
  public int payChunk(long batchId) {
    Batch batch = batchOrFail(batchId);
    if (!PAYING.equals(batch.status())) {
      return 0;
    }
    List<Object[]> due = jdbc.query("SELECT id, person_hash, case_number, amount FROM campaign_household"
            + " WHERE batch_id = ? AND status = 'LISTED' AND result IS NULL ORDER BY id LIMIT " + chunkSize,
        (rs, row) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4)}, batchId);
    int paid = 0;
    Timestamp now = now();
    for (Object[] household : due) {
      long id = (Long) household[0];
      String person = (String) household[1];
      List<Long> paidBy = jdbc.queryForList("SELECT household_id FROM campaign_payment WHERE project = ?"
          + " AND person_hash = ?", Long.class, batch.project(), person);
      String result;
      if (!paidBy.isEmpty() && paidBy.get(0) != id) {
        result = "ALREADY_PAID";
      } else {
        CampaignPayment payment = ledger.payCampaignItem(batch.owningUnit(), batch.fundCode(), batch.fundYear(),
            batch.project(), batchId, id, (String) household[2], (BigDecimal) household[3], batch.approvedBy());
        result = payment.name();
        if (payment == CampaignPayment.PAID) {
          if (paidBy.isEmpty()) {
            jdbc.update("INSERT INTO campaign_payment (project, person_hash, batch_id, household_id, paid_at)"
                + " VALUES (?, ?, ?, ?, ?)", batch.project(), person, batchId, id, now);
          }
          paid++;
        }
      }
      jdbc.update("UPDATE campaign_household SET result = ?, paid_at = ? WHERE id = ?", result,
          "PAID".equals(result) ? now : null, id);
    }
    if (due.size() < chunkSize && pending(batchId) == 0) {
      boolean shortOfFunds = jdbc.queryForObject("SELECT COUNT(*) FROM campaign_household WHERE batch_id = ?"
          + " AND status = 'LISTED' AND result IN ('FUNDS_SHORT', 'FUND_NOT_USABLE')", Integer.class, batchId) > 0;
      jdbc.update("UPDATE campaign_batch SET status = ?, finished_at = ? WHERE id = ? AND status = ?",
          shortOfFunds ? FUNDS_SHORT : PAID, shortOfFunds ? null : now, batchId, PAYING);
    }
    return paid;
  }

  private int pending(long batchId) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM campaign_household WHERE batch_id = ? AND status = 'LISTED'"
        + " AND result IS NULL", Integer.class, batchId);
  }

  public Summary summary(long batchId) {
    return jdbc.queryForObject("SELECT"
            + " SUM(CASE WHEN status = 'LISTED' THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN status = 'EXCLUDED' THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN status = 'INELIGIBLE' THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN status = 'LISTED' AND result = 'PAID' THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN status = 'LISTED' AND result IN ('FUNDS_SHORT', 'FUND_NOT_USABLE') THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN status = 'LISTED' AND result IS NULL THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN status = 'LISTED' THEN amount ELSE 0 END),"
            + " SUM(CASE WHEN status = 'LISTED' AND result = 'PAID' THEN amount ELSE 0 END)"
            + " FROM campaign_household WHERE batch_id = ?",
        (rs, row) -> new Summary(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6),
            zero(rs.getBigDecimal(7)), zero(rs.getBigDecimal(8))), batchId);
  }

  public List<Household> households(long batchId, int offset, int limit) {
    return jdbc.query("SELECT id, case_number, unit, source, name_masked, hardship_level, amount, status, reason,"
            + " excluded_by, result, paid_at FROM campaign_household WHERE batch_id = ? ORDER BY id"
            + " LIMIT " + limit + " OFFSET " + offset,
        (rs, row) -> new Household(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getBigDecimal(7), rs.getString(8), rs.getString(9), rs.getString(10),
            rs.getString(11), rs.getTimestamp(12)), batchId);
  }

  /** The batch tasks' summary: the project, the counts and the total (for the forms; a copy, decided on nowhere). */
  public String header(long batchId) {
    Batch batch = batchOrFail(batchId);
    String name = project(batch.project()).map(Project::name).orElse(batch.project());
    Summary s = summary(batchId);
    return "**" + name + "** 发放批次 " + batchId + "（发起人 " + batch.startedBy() + "）\n\n"
        + "列入发放 " + s.listed() + " 户，合计 " + s.listedTotal().setScale(2, java.math.RoundingMode.HALF_UP)
        + " 元；已支付 " + s.paid() + " 户；资金不足未付 " + s.fundsShort() + " 户；排除 " + s.excluded()
        + " 户；不符合条件 " + s.ineligible() + " 户。\n\n逐户名单与排除：GET /api/campaigns/batches/" + batchId;
  }

  private static BigDecimal zero(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }
}
