package org.aidflow.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/projects.md: which cases the four service programmes (新就业形态劳动者法律服务, 职工健康体检, 技能提升培训,
 * 企业法治体检) cover, from the case's facts (categories, employment form, hardship level). Every rule is exercised.
 */
class ProjectEligibilityDecisionTest {

  private static final DecisionTables LEGAL = new DecisionTables("project-legal-services.dmn",
      "projectLegalServicesEligibility");
  private static final DecisionTables HEALTH = new DecisionTables("project-health-checks.dmn",
      "projectHealthChecksEligibility");
  private static final DecisionTables TRAINING = new DecisionTables("project-trainings.dmn",
      "projectTrainingsEligibility");
  private static final DecisionTables CHECKUP = new DecisionTables("project-enterprise-checkups.dmn",
      "projectEnterpriseCheckupsEligibility");

  private static Map<String, Object> facts(String categories, boolean newEmploymentForm, String hardshipLevel) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("categories", categories == null ? "" : categories);
    variables.put("newEmploymentForm", newEmploymentForm);
    variables.put("hardshipLevel", hardshipLevel);
    variables.put("employmentForm", newEmploymentForm ? "delivery-rider" : "none");
    variables.put("region", "330106");
    return variables;
  }

  private static boolean eligible(DecisionTables table, Map<String, Object> variables) {
    return (Boolean) table.evaluate(variables).getSingleResult().getEntry("eligible");
  }

  @ParameterizedTest(name = "legal services: {0}, new form {1} -> {2}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      wage-arrears                 | true  | true
      living,work-injury           | true  | true
      labour-dispute               | true  | true
      living,medical               | true  | false
      -                            | true  | false
      wage-arrears                 | false | false
      living                       | false | false
      """)
  void legalServicesCoverNewEmploymentFormWorkersLabourRights(String categories, boolean newForm, boolean expected) {
    assertThat(eligible(LEGAL, facts(categories, newForm, null))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "health checks: {0}, {1} -> {2}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      living                       | DEEP     | true
      living                       | RELATIVE | true
      accident                     | ACCIDENT | true
      medical                      | NONE     | true
      work-injury                  | -        | true
      living                       | NONE     | false
      wage-arrears                 | -        | false
      """)
  void healthChecksCoverWorkersInHardshipOrIll(String categories, String hardship, boolean expected) {
    assertThat(eligible(HEALTH, facts(categories, false, hardship))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "trainings: {0}, new form {1}, {2} -> {3}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      employment                   | false | -        | true
      living                       | true  | -        | true
      living                       | false | DEEP     | true
      living                       | false | RELATIVE | true
      living                       | false | ACCIDENT | false
      medical                      | false | NONE     | false
      """)
  void trainingsCoverJobSeekersNewFormWorkersAndHardship(String categories, boolean newForm, String hardship,
      boolean expected) {
    assertThat(eligible(TRAINING, facts(categories, newForm, hardship))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "enterprise check-ups: {0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      wage-arrears                 | true
      labour-dispute,living        | true
      work-injury                  | false
      living                       | false
      -                            | false
      """)
  void enterpriseCheckupsFollowWagesOwedOrLabourDisputes(String categories, boolean expected) {
    assertThat(eligible(CHECKUP, facts(categories, true, null))).isEqualTo(expected);
  }

  @AfterAll
  static void everyRuleIsExercised() {
    LEGAL.assertEveryRuleMatched();
    HEALTH.assertEveryRuleMatched();
    TRAINING.assertEveryRuleMatched();
    CHECKUP.assertEveryRuleMatched();
  }
}
