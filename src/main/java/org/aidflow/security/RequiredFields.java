package org.aidflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.aidflow.shared.Violation;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.camunda.bpm.engine.variable.Variables;

/**
 * A completion through the REST API must carry every required field of the task's form, as form-js would submit
 * it: present, not null, not blank, not an empty list. A field the form hides ({@code conditional.hide}, its own or
 * a surrounding group's) is not submitted by form-js and so is not required then; whether it is hidden is worked out
 * with the FEEL engine over the task's variables overlaid with the submitted ones, as the form would see them (e.g.
 * a "no" reason required only when the answer is no). A condition that cannot be evaluated counts as not hidden.
 */
final class RequiredFields {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static volatile FeelEngine feel;

  private RequiredFields() {
  }

  /**
   * The required fields {@code submitted} (the request's {@code variables}, possibly missing) leaves out.
   * {@code taskVariables} are read only when a required field has a condition.
   */
  static List<Violation> missing(String taskKey, Map<String, FormField> fields, JsonNode submitted,
      Supplier<Map<String, Object>> taskVariables) {
    List<Violation> violations = new ArrayList<>();
    Map<String, Object> context = null;
    for (Map.Entry<String, FormField> entry : fields.entrySet()) {
      FormField field = entry.getValue();
      if (!field.required() || present(field, submitted.path(entry.getKey()))) {
        continue;
      }
      if (!field.hiddenWhen().isEmpty()) {
        if (context == null) {
          context = context(fields, submitted, taskVariables.get());
        }
        if (hidden(field, context)) {
          continue;
        }
      }
      violations.add(new Violation(entry.getKey(), "字段 " + entry.getKey() + " 为必填项（任务 " + taskKey + " 的表单）",
          entry.getKey() + " is required by the form of task " + taskKey));
    }
    return violations;
  }

  private static boolean present(FormField field, JsonNode dto) {
    if (dto == null || dto.isMissingNode() || dto.isNull() || !dto.isObject()) {
      return false;
    }
    JsonNode value = dto.path("value");
    if (value.isMissingNode() || value.isNull()) {
      return false;
    }
    if (value.isTextual()) {
      String text = value.asText();
      if (text.isBlank()) {
        return false;
      }
      String type = FormField.typeName(dto.path("type"));
      if (type.equals("json") || type.equals("object")) {
        JsonNode parsed = parse(text);
        return parsed != null && !parsed.isNull() && !(parsed.isContainerNode() && parsed.isEmpty());
      }
      return true;
    }
    return !(value.isContainerNode() && value.isEmpty());
  }

  private static Map<String, Object> context(Map<String, FormField> fields, JsonNode submitted,
      Map<String, Object> taskVariables) {
    Map<String, Object> context = new HashMap<>();
    // every field is known to the conditions, null when neither the task nor the request has it
    fields.keySet().forEach(name -> context.put(name, null));
    context.putAll(taskVariables);
    if (submitted.isObject()) {
      submitted.fields().forEachRemaining(entry -> context.put(entry.getKey(), plain(entry.getValue())));
    }
    return context;
  }

  /** A submitted variable as a plain value for FEEL (texts, numbers, booleans; anything else as null). */
  private static Object plain(JsonNode dto) {
    JsonNode value = dto == null ? null : dto.path("value");
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    String type = FormField.typeName(dto.path("type"));
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isNumber()) {
      return value.decimalValue();
    }
    if (value.isTextual()) {
      switch (type) {
        case "boolean" -> {
          return Boolean.parseBoolean(value.asText());
        }
        case "integer", "long", "short", "double" -> {
          try {
            return new java.math.BigDecimal(value.asText().trim());
          } catch (NumberFormatException e) {
            return null;
          }
        }
        case "json", "object" -> {
          return null;
        }
        default -> {
          return value.asText();
        }
      }
    }
    return null;
  }

  private static boolean hidden(FormField field, Map<String, Object> context) {
    for (String condition : field.hiddenWhen()) {
      try {
        Object result = engine().evaluateSimpleExpression(condition, Variables.fromMap(context).asVariableContext());
        if (Boolean.TRUE.equals(result)) {
          return true;
        }
      } catch (RuntimeException e) {
        // a condition FEEL cannot evaluate hides nothing: the field stays required
      }
    }
    return false;
  }

  private static FeelEngine engine() {
    if (feel == null) {
      synchronized (RequiredFields.class) {
        if (feel == null) {
          feel = new ScalaFeelEngineFactory().createInstance();
        }
      }
    }
    return feel;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return null;
    }
  }
}
