package org.aidflow.followup;

import static org.aidflow.shared.AidCaseModel.VERIFY_CASE;

import java.time.Instant;
import java.util.List;
import org.aidflow.assistance.DeliveredAid;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.SystemContext;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.springframework.stereotype.Component;

/**
 * 动态管理: a DEEP or RELATIVE case whose aid was delivered registers the person as a hardship household, verified
 * when the case's verification ({@code verifyCase}) last ended.
 */
@Component
public class HardshipRegistration implements DeliveredAid {

  private final CaseRegistry cases;
  private final HardshipHouseholds households;

  public HardshipRegistration(CaseRegistry cases, HardshipHouseholds households) {
    this.cases = cases;
    this.households = households;
  }

  /** Registers the household of a delivered referral's case; any other level registers nothing. */
  @Override
  public void registerDelivered(ProcessEngineServices engine, String caseNumber, String hardshipLevel, String name) {
    if (!HardshipHouseholds.isHardshipLevel(hardshipLevel)) {
      return;
    }
    households.register(caseNumber, hardshipLevel, lastVerification(engine, caseNumber), maskName(name));
  }

  /** When the case's latest verification ended, or null if it has none (the household counts as verified now). */
  Instant lastVerification(ProcessEngineServices engine, String caseNumber) {
    String caseInstanceId = cases.processInstanceIdOf(caseNumber).orElse(null);
    if (caseInstanceId == null) {
      return null;
    }
    // the delivering organisation may not read the case's history; this lookup is the system's, not the user's
    List<HistoricTaskInstance> verifications = SystemContext.call(engine.getIdentityService(),
        () -> engine.getHistoryService().createHistoricTaskInstanceQuery().processInstanceId(caseInstanceId)
            .taskDefinitionKey(VERIFY_CASE).finished().orderByHistoricTaskInstanceEndTime().desc().listPage(0, 1));
    return verifications.isEmpty() ? null : verifications.get(0).getEndTime().toInstant();
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
