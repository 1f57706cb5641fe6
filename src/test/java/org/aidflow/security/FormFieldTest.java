package org.aidflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which variables a form lets its task write, and of which type, read from form-js schemas. */
class FormFieldTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void fieldsAreFoundInGroupsAndRowsAtAnyDepthAndAGroupWithAPathIsAnObjectOfItsFields() throws Exception {
    Map<String, FormField> fields = FormField.fromSchema(JSON.readTree("""
        {"components": [
          {"type": "text", "text": "说明"},
          {"type": "group", "components": [
            {"type": "group", "components": [{"type": "checkbox", "key": "verified"}]},
            {"type": "number", "key": "householdSize"}]},
          {"type": "group", "path": "cashItem1", "components": [
            {"type": "select", "key": "fund", "valuesKey": "fundOptions"}, {"type": "number", "key": "amount"}]},
          {"type": "radio", "key": "outcome", "values": [{"label": "好", "value": "GOOD"}]},
          {"type": "textfield", "key": "shownOnly", "disabled": true},
          {"type": "textfield", "key": "applicant.name"}
        ]}"""));

    assertThat(fields.keySet()).containsExactlyInAnyOrder("verified", "householdSize", "cashItem1", "outcome",
        "applicant");
    assertThat(fields.get("cashItem1").children().keySet()).containsExactly("fund", "amount");
    assertThat(fields.get("applicant").children().keySet()).containsExactly("name");
    assertThat(fields.get("verified").refusal(dto("{\"value\": true}"))).isNull();
    assertThat(fields.get("verified").refusal(dto("{\"value\": \"true\", \"type\": \"String\"}"))).contains("verified");
    assertThat(fields.get("householdSize").refusal(dto("{\"value\": 3, \"type\": \"Long\"}"))).isNull();
    assertThat(fields.get("householdSize").refusal(dto("{\"value\": \"3\"}"))).contains("须为数字");
    assertThat(fields.get("outcome").refusal(dto("{\"value\": \"GOOD\"}"))).isNull();
    assertThat(fields.get("outcome").refusal(dto("{\"value\": \"BAD\"}"))).contains("GOOD");
    assertThat(fields.get("cashItem1").refusal(dto(
        "{\"type\": \"Json\", \"value\": \"{\\\"fund\\\": \\\"union-aid\\\", \\\"amount\\\": 100}\"}"))).isNull();
    assertThat(fields.get("cashItem1").refusal(dto(
        "{\"type\": \"Json\", \"value\": \"{\\\"fund\\\": \\\"union-aid\\\", \\\"org\\\": \\\"youth\\\"}\"}")))
        .contains("cashItem1.org");
    assertThat(fields.get("cashItem1").refusal(dto("{\"type\": \"Object\", \"value\": \"{}\", \"valueInfo\": "
        + "{\"serializationDataFormat\": \"application/x-java-serialized-object\", \"objectTypeName\": \"x.Y\"}}")))
        .isNotNull();
    // a null clears a field, whatever its type
    assertThat(fields.get("householdSize").refusal(dto("{\"value\": null}"))).isNull();
  }

  @Test
  void everyShippedFormHasFieldsAndTheIntakeFormTypesIdNumberAndPhoneAsText() throws Exception {
    try (var forms = Files.list(Path.of("processes", "forms"))) {
      forms.forEach(form -> {
        try {
          assertThat(FormField.fromSchema(JSON.readTree(form.toFile()))).as(form.toString()).isNotEmpty();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
    Map<String, FormField> intake = FormField.fromSchema(JSON.readTree(Path.of("processes/forms/intake-form.form")
        .toFile()));
    assertThat(intake.get("idNumber").refusal(dto("{\"value\": 330102198001010011, \"type\": \"Long\"}")))
        .contains("idNumber");
    assertThat(intake.get("phone").refusal(dto("{\"value\": 13812345678}"))).contains("phone");
    assertThat(intake.get("categories").refusal(dto("{\"type\": \"Json\", \"value\": \"[\\\"living\\\"]\"}"))).isNull();
    assertThat(intake.get("categories").refusal(dto("{\"type\": \"Json\", \"value\": \"[\\\"lottery\\\"]\"}")))
        .isNotNull();
    assertThat(intake).doesNotContainKeys("intakeOfficer", "intakeOrg", "caseNumber");
  }

  private static JsonNode dto(String json) throws Exception {
    return JSON.readTree(json);
  }
}
