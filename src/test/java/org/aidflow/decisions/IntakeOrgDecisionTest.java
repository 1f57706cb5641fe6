package org.aidflow.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/policy.md: women for hotline-12338, youth for hotline-12355, union for every other channel. */
class IntakeOrgDecisionTest {

  private static final DecisionTables TABLE = new DecisionTables("intake-org.dmn", "intake-org");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"hotline-12338, women", "hotline-12355, youth", "hotline-12351, union", "online, union",
      "window, union", "outreach, union", "grid-referral, union"})
  void channelDecidesTheIntakeOrganisation(String channel, String expected) {
    assertThat((String) TABLE.evaluate(Map.of("channel", channel)).getSingleEntry()).isEqualTo(expected);
  }

  @AfterAll
  static void everyRuleIsExercised() {
    TABLE.assertEveryRuleMatched();
  }
}
