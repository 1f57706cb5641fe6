package org.aidflow.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The eligibility of the two cash campaigns (docs/campaigns.md): 金秋助学 pays households in hardship with children in
 * school a fixed amount by school level; 冬送温暖 pays registered hardship households by their level.
 */
class CampaignEligibilityDecisionTest {

  private static final DecisionTables GOLDEN_AUTUMN = new DecisionTables("project-golden-autumn.dmn",
      "projectGoldenAutumnEligibility");
  private static final DecisionTables WINTER_WARMTH = new DecisionTables("project-winter-warmth.dmn",
      "projectWinterWarmthEligibility");

  @ParameterizedTest(name = "金秋助学 {0}, {1} children, {2} -> {3} {4}")
  @CsvSource({
      "NONE, 2, 大学, false, 0",
      "DEEP, 0, 小学, false, 0",
      "RELATIVE, 1, 大学, true, 2000",
      "ACCIDENT, 1, 高中, true, 1000",
      "DEEP, 2, 初中, true, 800",
      "DEEP, 1, 小学, true, 500",
      "RELATIVE, 1, '', true, 500"})
  void goldenAutumnPaysHardshipHouseholdsWithChildrenInSchoolByLevel(String level, int children, String school,
      boolean eligible, double amount) {
    DmnDecisionResultEntries result = GOLDEN_AUTUMN.evaluate(Map.of("hardshipLevel", level, "childrenInSchool",
        children, "schoolLevel", school)).getSingleResult();
    assertThat((Boolean) result.getEntry("eligible")).isEqualTo(eligible);
    assertThat(((Number) result.getEntry("amount")).doubleValue()).isEqualTo(amount);
    assertThat((String) result.getEntry("reason")).isNotBlank();
  }

  @ParameterizedTest(name = "冬送温暖 registered {0}, {1} -> {2} {3}")
  @CsvSource({
      "false, DEEP, false, 0",
      "true, DEEP, true, 1000",
      "true, RELATIVE, true, 600",
      "true, NONE, false, 0"})
  void winterWarmthPaysRegisteredHardshipHouseholdsByLevel(boolean registered, String level, boolean eligible,
      double amount) {
    DmnDecisionResultEntries result = WINTER_WARMTH.evaluate(Map.of("registered", registered, "hardshipLevel", level))
        .getSingleResult();
    assertThat((Boolean) result.getEntry("eligible")).isEqualTo(eligible);
    assertThat(((Number) result.getEntry("amount")).doubleValue()).isEqualTo(amount);
    assertThat((String) result.getEntry("reason")).isNotBlank();
  }

  @AfterAll
  static void everyRuleIsExercised() {
    GOLDEN_AUTUMN.assertEveryRuleMatched();
    WINTER_WARMTH.assertEveryRuleMatched();
  }
}
