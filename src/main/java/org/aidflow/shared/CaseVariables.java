package org.aidflow.shared;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.Spin;
import org.camunda.spin.json.SpinJsonNode;
import org.camunda.spin.plugin.variable.SpinValues;

/**
 * Reads variable values the way Tasklist forms, the REST API and Java callers send them (a number may be
 * an Integer, Long or Double; a list may be a Java list, a JSON variable or a JSON string), and writes what has no
 * value only to clear an earlier one.
 */
public final class CaseVariables {

  private CaseVariables() {
  }

  /**
   * Sets the variable; a null only where the variable exists, to clear what an earlier round left (a plan re-made
   * after a funding problem, a reassessment): a step with nothing to record then writes no runtime and history row.
   */
  public static void setOrClear(VariableScope scope, String name, Object value) {
    if (value != null || scope.hasVariable(name)) {
      setIfChanged(scope, name, value);
    }
  }

  /**
   * Writes the value where it differs from what the scope holds (value or type): a value written again unchanged is
   * one more history row, and one more write, recording no change.
   */
  public static void setIfChanged(VariableScope scope, String name, Object value) {
    Object held = scope.getVariable(name);
    boolean same = held == null ? value == null && scope.hasVariable(name) : held.equals(value);
    if (!same) {
      scope.setVariable(name, value);
    }
  }

  public static String asString(Object value) {
    if (value == null) {
      return null;
    }
    String text = value.toString().trim();
    return text.isEmpty() ? null : text;
  }

  public static BigDecimal asDecimal(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof Number number) {
      return BigDecimal.valueOf(number.doubleValue());
    }
    try {
      return new BigDecimal(value.toString().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A whole number, or null if the value is missing, fractional or not a number. */
  public static Integer asWholeNumber(Object value) {
    BigDecimal decimal = asDecimal(value);
    if (decimal == null) {
      return null;
    }
    try {
      return decimal.stripTrailingZeros().intValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** True only for Boolean.TRUE or the text "true"; forms leave unticked boxes null. */
  public static boolean isTrue(Object value) {
    return value instanceof Boolean bool ? bool : "true".equalsIgnoreCase(asString(value));
  }

  /** A list of strings from a Java collection, a Spin JSON array or a JSON/comma-separated string. */
  public static List<String> asStringList(Object value) {
    List<String> result = new ArrayList<>();
    if (value == null) {
      return result;
    }
    if (value instanceof Collection<?> collection) {
      collection.forEach(item -> addIfPresent(result, item));
    } else if (value instanceof SpinJsonNode node) {
      addJsonArray(result, node);
    } else {
      String text = value.toString().trim();
      if (text.startsWith("[")) {
        addJsonArray(result, Spin.JSON(text));
      } else {
        for (String part : text.split(",")) {
          addIfPresent(result, part);
        }
      }
    }
    return result;
  }

  /** A JSON array variable: readable by FEEL, by Tasklist forms and in Cockpit, without Java serialization. */
  public static TypedValue jsonList(List<String> values) {
    SpinJsonNode array = Spin.JSON("[]");
    values.forEach(array::append);
    return SpinValues.jsonValue(array).create();
  }

  private static void addJsonArray(List<String> result, SpinJsonNode node) {
    if (node.isArray()) {
      node.elements().forEach(element -> addIfPresent(result, element.isString() ? element.stringValue() : element.toString()));
    } else if (node.isString()) {
      addIfPresent(result, node.stringValue());
    }
  }

  private static void addIfPresent(List<String> result, Object item) {
    String text = asString(item);
    if (text != null) {
      result.add(text);
    }
  }
}
