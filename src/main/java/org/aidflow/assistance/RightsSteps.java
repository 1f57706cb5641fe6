package org.aidflow.assistance;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.EmptyResultDataAccessException;
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

  /** The track so far: which track ran with what it recorded, each step in order, and the rights outcome. */
  public record Progress(WomenTrack track, List<Step> steps, Boolean resolved, BigDecimal recovered) {
  }

  /**
   * The referral's track, steps and outcome in one read (the planning and approval forms show them as they open:
   * it was three reads); an unknown referral is refused.
   */
  public Progress progressOf(long referralId) {
    return jdbc.query("SELECT r.rights_track, r.immediate_danger, r.police_report, r.shelter_referral,"
        + " r.protection_order, r.rights_resolved, r.recovered_amount, s.step, s.skipped, s.skip_reason, s.outcome,"
        + " s.note FROM case_referral r LEFT JOIN rights_step s ON s.referral_id = r.id WHERE r.id = ? ORDER BY s.id",
        (ResultSet rs) -> {
          if (!rs.next()) {
            throw new EmptyResultDataAccessException("no referral " + referralId, 1);
          }
          WomenTrack track = new WomenTrack(rs.getString(1), (Boolean) rs.getObject(2), rs.getString(3),
              rs.getString(4), rs.getString(5));
          Boolean resolved = (Boolean) rs.getObject(6);
          BigDecimal recovered = rs.getBigDecimal(7);
          List<Step> steps = new ArrayList<>();
          do {
            if (rs.getString(8) != null) {
              steps.add(new Step(rs.getString(8), rs.getBoolean(9), rs.getString(10), rs.getString(11),
                  rs.getString(12)));
            }
          } while (rs.next());
          return new Progress(track, List.copyOf(steps), resolved, recovered);
        }, referralId);
  }
}
