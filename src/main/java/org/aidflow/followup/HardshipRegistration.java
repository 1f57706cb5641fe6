package org.aidflow.followup;

import static org.aidflow.shared.AidCaseModel.VERIFY_CASE;

import java.sql.Timestamp;
import java.time.Instant;
import org.aidflow.assistance.DeliveredAid;
import org.aidflow.shared.CaseRegistry;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * 动态管理: a DEEP or RELATIVE case whose aid was delivered registers the person as a hardship household, verified
 * when the case's verification ({@code verifyCase}) last ended.
 */
@Component
public class HardshipRegistration implements DeliveredAid {

  private final CaseRegistry cases;
  private final HardshipHouseholds households;
  private final JdbcTemplate jdbc;

  public HardshipRegistration(CaseRegistry cases, HardshipHouseholds households, JdbcTemplate jdbc) {
    this.cases = cases;
    this.households = households;
    this.jdbc = jdbc;
  }

  /** Registers the household of a delivered referral's case; any other level registers nothing. */
  @Override
  public void registerDelivered(ProcessEngineServices engine, String caseNumber, String hardshipLevel, String name) {
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
    String caseInstanceId = cases.processInstanceIdOf(caseNumber).orElse(null);
    if (caseInstanceId == null) {
      return null;
    }
    Timestamp ended = jdbc.queryForObject("SELECT MAX(END_TIME_) FROM ACT_HI_TASKINST WHERE PROC_INST_ID_ = ?"
        + " AND TASK_DEF_KEY_ = ? AND END_TIME_ IS NOT NULL", Timestamp.class, caseInstanceId, VERIFY_CASE);
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
