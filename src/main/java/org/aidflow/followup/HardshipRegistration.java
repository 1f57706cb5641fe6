package org.aidflow.followup;

import static org.aidflow.shared.AidCaseModel.VERIFY_CASE;

import java.sql.Timestamp;
import java.time.Instant;
import org.aidflow.assistance.DeliveredAid;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * 动态管理: a DEEP or RELATIVE case whose aid was delivered registers the person as a hardship household, verified
 * when the case's verification ({@code verifyCase}) last ended.
 */
@Component
public class HardshipRegistration implements DeliveredAid {

  private final HardshipHouseholds households;
  private final JdbcTemplate jdbc;

  public HardshipRegistration(HardshipHouseholds households, JdbcTemplate jdbc) {
    this.households = households;
    this.jdbc = jdbc;
  }

  /** Registers the household of a delivered referral's case; any other level registers nothing. */
  @Override
  public void registerDelivered(String caseNumber, String hardshipLevel, String name) {
    if (!HardshipHouseholds.isHardshipLevel(hardshipLevel)) {
      return;
    }
    households.register(caseNumber, hardshipLevel, lastVerification(caseNumber), maskName(name));
  }

  /**
   * When the case's latest verification ended, or null if it has none (the household counts as verified now). Read
   * from the engine's task history by the system, not the user (the delivering organisation may not read the case's
   * history), in one plain statement: the engine's historic task query built its dynamic SQL for this one answer, 1.6 %
   * of the loop's JVM time (docs/benchmark-and-tuning.md, "engine queries on the hot path").
   */
  Instant lastVerification(String caseNumber) {
    Timestamp ended = jdbc.queryForObject("SELECT MAX(t.END_TIME_) FROM aid_case a JOIN ACT_HI_TASKINST t"
        + " ON t.PROC_INST_ID_ = a.process_instance_id WHERE a.case_number = ? AND t.TASK_DEF_KEY_ = ?"
        + " AND t.END_TIME_ IS NOT NULL", Timestamp.class, caseNumber, VERIFY_CASE);
    return ended == null ? null : ended.toInstant();
  }

  /** The family name only, e.g. 张三 → 张*: enough to recognise the household on the review task. */
  public static String maskName(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    int[] letters = name.strip().codePoints().toArray();
    StringBuilder masked = new StringBuilder().appendCodePoint(letters[0]);
    masked.append("*".repeat(Math.max(1, letters.length - 1)));
    return masked.toString();
  }
}
