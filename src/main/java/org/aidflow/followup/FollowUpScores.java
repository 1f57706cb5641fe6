package org.aidflow.followup;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Every follow-up's satisfaction score (1-5), one row per follow-up task (follow_up_score, V14): a second follow-up
 * adds a score, it does not replace the first. The cockpit's average satisfaction is taken over all of them.
 */
@Repository
public class FollowUpScores {

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public FollowUpScores(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Records the score of one follow-up task; recording the same task again (a retried completion) changes nothing. */
  public void record(String caseNumber, String taskId, Integer round, int score) {
    if (score < 1 || score > 5) {
      throw new IllegalArgumentException("satisfaction is a whole number from 1 to 5");
    }
    jdbc.update("INSERT INTO follow_up_score (case_number, task_id, follow_up_round, score, recorded_at)"
            + " SELECT ?, ?, ?, ?, ? FROM aid_case WHERE case_number = ? AND NOT EXISTS"
            + " (SELECT 1 FROM follow_up_score WHERE task_id = ?)",
        caseNumber, taskId, round, score, Timestamp.from(clock.instant()), caseNumber, taskId);
  }

  /** The case's scores, in the order they were recorded. */
  public List<Integer> scoresOf(String caseNumber) {
    return jdbc.queryForList("SELECT score FROM follow_up_score WHERE case_number = ? ORDER BY id", Integer.class,
        caseNumber);
  }
}
