package org.aidflow.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/policy.md "Referral routing": each row, and the boundary that keeps it from matching. The applicant is a
 * 40-year-old man without employer, not a union member, without children in school, unless a column says
 * otherwise.
 */
class ReferralRoutingDecisionTest {

  private static final DecisionTables TABLE = new DecisionTables("referral-routing.dmn", "referral-routing");

  @ParameterizedTest(name = "{0}: {1} level {2} -> {8}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      wage arrears at any level                | wage-arrears            | NONE     | -       | false | 0 | male   | 40 | union/labour-legal-aid
      work injury                              | work-injury             | RELATIVE | -       | false | 0 | male   | 40 | union/labour-legal-aid
      labour dispute                           | labour-dispute          | NONE     | -       | false | 0 | male   | 40 | union/labour-legal-aid
      hardship with an employer                | living                  | RELATIVE | 某厂     | false | 0 | male   | 40 | union/hardship-grant
      hardship of a union member               | living                  | ACCIDENT | -       | true  | 0 | male   | 40 | union/hardship-grant
      hardship without employer or membership  | living                  | RELATIVE | -       | false | 0 | male   | 40 | -
      employer but no hardship                 | living                  | NONE     | 某厂     | true  | 0 | male   | 40 | -
      education aid with a child in school     | education               | RELATIVE | -       | false | 1 | male   | 40 | union/education-aid
      education aid without a child in school  | education               | RELATIVE | -       | false | 0 | male   | 40 | -
      education aid needs hardship             | education               | NONE     | -       | false | 2 | male   | 40 | -
      domestic violence                        | domestic-violence       | NONE     | -       | false | 0 | male   | 40 | women/rights-protection
      discrimination of a woman                | discrimination          | NONE     | -       | false | 0 | female | 40 | women/rights-protection
      discrimination of a man at any level     | discrimination          | NONE     | -       | false | 0 | male   | 40 | union/labour-legal-aid
      discrimination of a woman in hardship    | discrimination          | RELATIVE | -       | false | 0 | female | 40 | women/rights-protection
      minor protection                         | minor-protection        | NONE     | -       | false | 0 | male   | 40 | youth/youth-services
      employment at 35                         | employment              | NONE     | -       | false | 0 | male   | 35 | youth/youth-services
      psychological at 20                      | psychological           | NONE     | -       | false | 0 | female | 20 | youth/youth-services
      education at 36 without hardship         | education               | NONE     | -       | false | 0 | male   | 36 | -
      education at 35 without hardship         | education               | NONE     | -       | false | 0 | female | 35 | youth/youth-services
      serious illness in hardship              | medical                 | RELATIVE | -       | false | 0 | male   | 40 | charity/major-illness-aid, serious
      serious illness without hardship         | medical                 | NONE     | -       | false | 0 | male   | 40 | -, serious
      medical need without serious illness     | medical                 | RELATIVE | -       | false | 0 | male   | 40 | -
      accident                                 | accident                | ACCIDENT | -       | false | 0 | male   | 40 | charity/emergency-relief
      disaster                                 | disaster                | NONE     | -       | false | 0 | male   | 40 | charity/emergency-relief
      deep hardship                            | living                  | DEEP     | -       | false | 0 | male   | 40 | civil/safety-net-review
      several rows at once                     | wage-arrears;accident   | DEEP     | 某厂     | false | 0 | female | 30 | union/labour-legal-aid;union/hardship-grant;charity/emergency-relief;civil/safety-net-review
      """)
  void routesToTheOrganisationsOfEveryMatchingRow(String situation, String categories, String level, String employer,
      boolean unionMember, int children, String gender, int age, String expected) {
    boolean seriousIllness = expected != null && expected.endsWith(", serious");
    String expectedRows = expected == null ? null : expected.replace(", serious", "").trim();
    Map<String, Object> variables = new HashMap<>();
    variables.put("hardshipLevel", level);
    variables.put("categories", Arrays.asList(categories.split(";")));
    variables.put("employer", employer);
    variables.put("unionMember", unionMember);
    variables.put("childrenInSchool", children);
    variables.put("gender", gender);
    variables.put("age", age);
    variables.put("seriousIllness", seriousIllness || situation.startsWith("serious illness"));

    List<String> routed = TABLE.evaluate(variables).getResultList().stream()
        .map(row -> row.get("org") + "/" + row.get("service")).toList();

    List<String> wanted = expectedRows == null || expectedRows.equals("-") ? List.of()
        : Arrays.asList(expectedRows.split(";"));
    assertThat(routed).as(situation).containsExactlyInAnyOrderElementsOf(wanted);
  }

  @AfterAll
  static void everyRuleIsExercised() {
    TABLE.assertEveryRuleMatched();
  }
}
