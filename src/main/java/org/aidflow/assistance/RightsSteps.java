package org.aidflow.assistance;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The rights-protection track of a referral as AidFlow keeps it (table {@code rights_step} and the rights columns of
 * {@code case_referral}): each step done or skipped with its reason, immediate danger with the police report and
 * shelter referral, the protection order's outcome and which track ran.
 */
@Repository
public class RightsSteps {

  /** One completed step of a track. */
  public record Step(String step, boolean skipped, String skipReason, String outcome, String note) {
  }

  /** What the Women's Federation's track recorded on the referral. */
  public record WomenTrack(String track, Boolean immediateDanger, String policeReport, String shelterReferral,
      String protectionOrder) {
  }

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public RightsSteps(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public void recordStep(long referralId, Step step, String userId) {
    jdbc.update("INSERT INTO rights_step (referral_id, step, skipped, skip_reason, outcome, note, recorded_by,"
            + " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", referralId, step.step(), step.skipped(),
        step.skipReason(), step.outcome(), step.note(), userId, Timestamp.from(clock.instant()));
  }

  /** The police report and the shelter referral made because the applicant is in immediate danger. */
  public void recordDangerReferral(long referralId, String policeReport, String shelterReferral) {
    jdbc.update("UPDATE case_referral SET immediate_danger = TRUE, police_report = ?, shelter_referral = ?,"
        + " danger_recorded_at = ? WHERE id = ?", policeReport, shelterReferral, Timestamp.from(clock.instant()),
        referralId);
  }

  /** Which track ran and, for the women's track, the protection order's outcome (SKIPPED when the step was). */
  public void recordTrack(long referralId, String track, String protectionOrder) {
    jdbc.update("UPDATE case_referral SET rights_track = ?, protection_order = ? WHERE id = ?", track,
        protectionOrder, referralId);
  }

  public List<Step> stepsOf(long referralId) {
    return jdbc.query("SELECT step, skipped, skip_reason, outcome, note FROM rights_step WHERE referral_id = ?"
            + " ORDER BY id", (rs, row) -> new Step(rs.getString(1), rs.getBoolean(2), rs.getString(3),
        rs.getString(4), rs.getString(5)), referralId);
  }

  public WomenTrack trackOf(long referralId) {
    return jdbc.queryForObject("SELECT rights_track, immediate_danger, police_report, shelter_referral,"
            + " protection_order FROM case_referral WHERE id = ?", (rs, row) -> new WomenTrack(rs.getString(1),
        (Boolean) rs.getObject(2), rs.getString(3), rs.getString(4), rs.getString(5)), referralId);
  }
}
