package org.aidflow.followup;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.PolicySettings;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The registered hardship households of 动态管理 (docs/policy.md): one row per person whose DEEP or RELATIVE case
 * received aid, re-verified every {@code aidflow.policy.annual-review-months} by the case's intake organisation.
 */
@Repository
public class HardshipHouseholds {

  /** The levels that make a household a registered hardship household. */
  private static final Set<String> HARDSHIP_LEVELS = Set.of("DEEP", "RELATIVE");

  /** DEEP or RELATIVE; false for any other level and for none. */
  public static boolean isHardshipLevel(String level) {
    // Set.of(...).contains(null) throws
    return level != null && HARDSHIP_LEVELS.contains(level);
  }

  public enum Status {
    ACTIVE,
    /** 脱困: found out of hardship at a review. */
    OUT_OF_HARDSHIP
  }

  /** One household; the person is known by keyed hash only. */
  public record Household(long id, String caseNumber, String org, String hardshipLevel, String nameMasked,
      Instant registeredAt, Instant lastVerifiedAt, Status status, Instant outOfHardshipAt, Instant reviewStartedAt,
      String notes) {
  }

  private static final String COLUMNS = "id, case_number, org, hardship_level, name_masked, registered_at,"
      + " last_verified_at, status, out_of_hardship_at, review_started_at, notes";

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final PolicySettings policy;

  public HardshipHouseholds(JdbcTemplate jdbc, Clock clock, PolicySettings policy) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.policy = policy;
  }

  /**
   * Registers the person of the case as a hardship household of the case's intake organisation, verified at
   * {@code lastVerifiedAt} (now if null). A person already registered keeps one row: the new case, level and
   * verification replace the old ones, and a household that was out of hardship is active again. Two
   * registrations racing on a new person cannot make two rows: the loser fails on the unique key and its job is
   * retried, then updates. The household is found by its case afterwards ({@link #ofCase}).
   */
  public void register(String caseNumber, String hardshipLevel, Instant lastVerifiedAt, String nameMasked) {
    if (!isHardshipLevel(hardshipLevel)) {
      throw new IllegalArgumentException("not a hardship level: " + hardshipLevel);
    }
    Timestamp now = now();
    Timestamp verified = lastVerifiedAt == null ? now : Timestamp.from(lastVerifiedAt);
    // the person is the case's, found inside each statement rather than read first
    int updated = jdbc.update("UPDATE hardship_household SET case_number = ?,"
            + " org = (SELECT intake_org FROM aid_case WHERE case_number = ?), hardship_level = ?,"
            + " name_masked = COALESCE(?, name_masked), last_verified_at = ?,"
            + " registered_at = CASE WHEN status = ? THEN ? ELSE registered_at END,"
            + " status = ?, out_of_hardship_at = NULL WHERE person_hash = " + PERSON_OF_CASE,
        caseNumber, caseNumber, hardshipLevel, nameMasked, verified, Status.OUT_OF_HARDSHIP.name(), now,
        Status.ACTIVE.name(), caseNumber);
    if (updated == 0 && jdbc.update("INSERT INTO hardship_household (person_hash, case_number, org, hardship_level,"
            + " name_masked, registered_at, last_verified_at, status) SELECT id_number_hash, case_number, intake_org, ?,"
            + " ?, ?, ?, ? FROM aid_case WHERE case_number = ?",
        hardshipLevel, nameMasked, now, verified, Status.ACTIVE.name(), caseNumber) == 0) {
      throw new IllegalStateException("no case " + caseNumber);
    }
  }

  private static final String PERSON_OF_CASE = "(SELECT id_number_hash FROM aid_case WHERE case_number = ?)";

  /**
   * Active households whose last verification is at least {@code annual-review-months} before {@code asOf} and
   * that no review is working on, longest unverified first.
   */
  public List<Household> householdsDueForReview(Instant asOf) {
    Instant cutoff = asOf.atZone(AidFlowConfiguration.ZONE).minusMonths(policy.getAnnualReviewMonths()).toInstant();
    return jdbc.query("SELECT " + COLUMNS + " FROM hardship_household WHERE status = ? AND last_verified_at <= ?"
            + " AND review_started_at IS NULL ORDER BY last_verified_at, id", this::household,
        Status.ACTIVE.name(), Timestamp.from(cutoff));
  }

  /**
   * Marks the household as under review. True for exactly one caller: the conditional update lets only the first
   * of two timer runs (or engines) start a review of the household.
   */
  public boolean markReviewStarted(long householdId) {
    return jdbc.update("UPDATE hardship_household SET review_started_at = ? WHERE id = ? AND status = ?"
        + " AND review_started_at IS NULL", now(), householdId, Status.ACTIVE.name()) == 1;
  }

  /**
   * The outcome of a review: still in hardship (at {@code hardshipLevel}, or the level it had if null) counts as
   * verified now, so the next review is due a full period later; otherwise the household is out of hardship (脱困).
   */
  public void recordReview(long householdId, boolean stillInHardship, String hardshipLevel, String note) {
    Timestamp now = now();
    if (stillInHardship) {
      if (hardshipLevel != null && !isHardshipLevel(hardshipLevel)) {
        throw new IllegalArgumentException("not a hardship level: " + hardshipLevel);
      }
      jdbc.update("UPDATE hardship_household SET status = ?, hardship_level = COALESCE(?, hardship_level),"
              + " last_verified_at = ?, review_started_at = NULL, notes = ? WHERE id = ?",
          Status.ACTIVE.name(), hardshipLevel, now, note, householdId);
    } else {
      jdbc.update("UPDATE hardship_household SET status = ?, out_of_hardship_at = ?, last_verified_at = ?,"
              + " review_started_at = NULL, notes = ? WHERE id = ?",
          Status.OUT_OF_HARDSHIP.name(), now, now, note, householdId);
    }
  }

  public Optional<Household> find(long householdId) {
    return jdbc.query("SELECT " + COLUMNS + " FROM hardship_household WHERE id = ?", this::household, householdId)
        .stream().findFirst();
  }

  /** The household registered by this case (or last re-registered by it). */
  public Optional<Household> ofCase(String caseNumber) {
    return jdbc.query("SELECT " + COLUMNS + " FROM hardship_household WHERE case_number = ?", this::household,
        caseNumber).stream().findFirst();
  }

  private Household household(ResultSet rs, int row) throws SQLException {
    return new Household(rs.getLong("id"), rs.getString("case_number"), rs.getString("org"),
        rs.getString("hardship_level"), rs.getString("name_masked"), instant(rs, "registered_at"),
        instant(rs, "last_verified_at"), Status.valueOf(rs.getString("status")), instant(rs, "out_of_hardship_at"),
        instant(rs, "review_started_at"), rs.getString("notes"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }
}
