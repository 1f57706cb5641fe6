package org.aidflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.aidflow.shared.Violation;
import org.junit.jupiter.api.Test;

/**
 * A completion through the API carries every required field of the form that the form does not hide (issue 17,
 * item 5), read from the shipped forms: the verification's yes/no and its reason, the follow-up's satisfaction.
 */
class RequiredFieldsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theVerificationIsAYesOrNoWithoutDefaultAndNoNeedsAReason() throws Exception {
    Map<String, FormField> verify = form("verify-case");
    String corrections = "\"householdSize\": {\"value\": 3}, \"monthlyIncome\": {\"value\": 3000},"
        + " \"rigidExpenses\": {\"value\": 0}";

    assertThat(verify.get("verified").kind()).isEqualTo(FormField.Kind.BOOLEAN);
    assertThat(missing(verify, "{\"verificationNote\": {\"value\": \"已核实\"}, " + corrections + "}"))
        .containsExactly("verified");
    assertThat(missing(verify, "{\"verified\": {\"value\": false}, " + corrections + "}"))
        .containsExactly("unverifiedReason");
    assertThat(missing(verify, "{\"verified\": {\"value\": false}, \"unverifiedReason\": {\"value\": \"  \"}, "
        + corrections + "}")).containsExactly("unverifiedReason");
    assertThat(missing(verify, "{\"verified\": {\"value\": false}, \"unverifiedReason\": {\"value\": \"不属实\"}, "
        + corrections + "}")).isEmpty();
    assertThat(missing(verify, "{\"verified\": {\"value\": true}, " + corrections + "}"))
        .containsExactly("verificationNote");
    assertThat(missing(verify, "{\"verified\": {\"value\": true}, \"verificationNote\": {\"value\": \"属实\"}, "
        + corrections + "}")).isEmpty();
    // without a body at all, everything the form shows by default is missing
    assertThat(RequiredFields.missing("verifyCase", verify, JSON.createObjectNode(), Map::of).stream()
        .map(Violation::field)).containsExactlyInAnyOrder("verified", "verificationNote", "householdSize",
        "monthlyIncome", "rigidExpenses");
  }

  @Test
  void satisfactionIsRequiredWhenTheApplicantWasReachedAndTheTasksVariablesCount() throws Exception {
    Map<String, FormField> followUp = form("follow-up");

    assertThat(missing(followUp, "{\"contactMade\": {\"value\": true}, \"followUpOutcome\": {\"value\": \"RESOLVED\"},"
        + " \"followUpNote\": {\"value\": \"已脱困\"}}")).containsExactly("satisfaction");
    assertThat(missing(followUp, "{\"contactMade\": {\"value\": false}, \"contactNote\": {\"value\": \"未接听\"}}"))
        .isEmpty();
    // a condition reads the task's variables where the request does not say
    assertThat(RequiredFields.missing("followUp", followUp, JSON.readTree(
        "{\"contactNote\": {\"value\": \"未接听\"}}"), () -> Map.of("contactMade", false))).isEmpty();
  }

  @Test
  void aConditionFeelCannotEvaluateHidesNothing() throws Exception {
    Map<String, FormField> fields = FormField.fromSchema(JSON.readTree("""
        {"components": [{"type": "textfield", "key": "reason", "validate": {"required": true},
          "conditional": {"hide": "=this is ( not FEEL"}}]}"""));

    assertThat(missing(fields, "{}")).containsExactly("reason");
  }

  private static List<String> missing(Map<String, FormField> fields, String variables) throws Exception {
    return RequiredFields.missing("task", fields, JSON.readTree(variables), Map::of).stream()
        .map(Violation::field).toList();
  }

  private static Map<String, FormField> form(String name) throws Exception {
    JsonNode schema = JSON.readTree(Path.of("processes", "forms", name + ".form").toFile());
    return FormField.fromSchema(schema);
  }
}
