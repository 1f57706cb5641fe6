package org.aidflow.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/policy.md: ≤ 2,000 CNY no approval; ≤ 10,000 the org's supervisors; above, joint review too. */
class ApprovalLevelDecisionTest {

  private static final DecisionTables TABLE = new DecisionTables("approval-level.dmn", "approval-level");

  @ParameterizedTest(name = "{0} CNY -> {1}")
  @CsvSource({"0, NONE", "2000, NONE", "2000.01, ORG", "10000, ORG", "10000.01, JOINT", "250000, JOINT"})
  void approvalLevelFollowsTheCashTotal(double cash, String expected) {
    assertThat((String) TABLE.evaluate(Map.of("cashAmount", cash)).getSingleEntry()).isEqualTo(expected);
  }

  @AfterAll
  static void everyRuleIsExercised() {
    TABLE.assertEveryRuleMatched();
  }
}
