package org.aidflow.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/policy.md "Rights protection": the Women's Federation's rights protection runs its own track, labour-rights
 * legal aid the mediation → arbitration → litigation track, every other referral none.
 */
class RightsTrackDecisionTest {

  private static final DecisionTables TABLE = new DecisionTables("rights-track.dmn", "rights-track");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      rights-protection                              | women
      labour-legal-aid                               | labour
      hardship-grant,labour-legal-aid                | labour
      labour-legal-aid,rights-protection             | women
      hardship-grant,education-aid                   | none
      youth-services                                 | none
      -                                              | none
      """)
  void choosesTheTrackByTheReferredServices(String services, String track) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("services", services);
    assertThat((String) TABLE.evaluate(variables).getSingleResult().getEntry("rightsTrack")).as(String.valueOf(services))
        .isEqualTo(track);
  }

  @AfterAll
  static void everyRuleIsExercised() {
    TABLE.assertEveryRuleMatched();
  }
}
