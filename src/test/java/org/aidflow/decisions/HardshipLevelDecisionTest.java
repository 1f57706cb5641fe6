package org.aidflow.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/policy.md "Hardship level", row by row and at each boundary (lowLine 1,200 unless stated). */
class HardshipLevelDecisionTest {

  private static final DecisionTables TABLE = new DecisionTables("hardship-level.dmn", "hardship-level");

  @ParameterizedTest(name = "income {0}, rigid {1}, household {2}, categories {3}, lowLine {4} -> {5}")
  @CsvSource(delimiter = '|', textBlock = """
      # per capita just under the low line
      3599.97 | 0     | 3 | living          | 1200 | DEEP
      # exactly at the low line is not DEEP, but under twice the low line
      3600    | 0     | 3 | living          | 1200 | RELATIVE
      # rigid expenses count against income
      4000    | 500   | 3 | medical         | 1200 | DEEP
      # just under and exactly at twice the low line
      7199.97 | 0     | 3 | living          | 1200 | RELATIVE
      7200    | 0     | 3 | living          | 1200 | NONE
      # accident or disaster, whatever the income
      50000   | 0     | 1 | accident        | 1200 | ACCIDENT
      50000   | 0     | 1 | disaster        | 1200 | ACCIDENT
      # rigid expenses above 80 % of income; exactly 80 % is not above
      100000  | 80000.01 | 1 | medical      | 1200 | ACCIDENT
      100000  | 80000 | 1 | medical         | 1200 | NONE
      # the first matching row wins: deep hardship after an accident is DEEP
      1000    | 0     | 2 | accident        | 1200 | DEEP
      # the low line is a setting per region, not a literal in the table
      4200    | 0     | 3 | living          | 1500 | DEEP
      4200    | 0     | 3 | living          | 1200 | RELATIVE
      # no income at all
      0       | 0     | 1 | living          | 1200 | DEEP
      """)
  void classifiesTheHousehold(double income, double rigid, int household, String category, double lowLine,
      String expected) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("monthlyIncome", income);
    variables.put("rigidExpenses", rigid);
    variables.put("householdSize", household);
    variables.put("categories", List.of(category));
    variables.put("lowLine", lowLine);

    assertThat((String) TABLE.evaluate(variables).getSingleEntry()).isEqualTo(expected);
  }

  @AfterAll
  static void everyRuleIsExercised() {
    TABLE.assertEveryRuleMatched();
  }
}
