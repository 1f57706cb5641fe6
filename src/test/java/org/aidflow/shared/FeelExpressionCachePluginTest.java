package org.aidflow.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.aidflow.shared.FeelExpressionCachePlugin.ParsedOnceFeelEngine;
import org.camunda.bpm.dmn.feel.impl.FeelException;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.junit.jupiter.api.Test;

/** The FEEL engine that parses each expression once answers exactly as Camunda's, which parses every time. */
class FeelExpressionCachePluginTest {

  private final ScalaFeelEngine camunda = new ScalaFeelEngine(List.of());
  private final ParsedOnceFeelEngine parsedOnce = new ParsedOnceFeelEngine(List.of());

  private static VariableContext variables(Map<String, Object> values) {
    return Variables.fromMap(values).asVariableContext();
  }

  @Test
  void expressionsGiveCamundasValues() {
    VariableContext context = variables(Map.of("perCapita", 800.0, "lowLine", 1000.0, "categories",
        List.of("UNION_MEMBER", "WOMAN"), "illness", true, "children", 2));
    for (String expression : List.of("perCapita / lowLine", "perCapita < lowLine and illness",
        "list contains(categories, \"WOMAN\")", "if children > 1 then \"many\" else \"few\"", "count(categories)",
        "missing", "string length(\"工会\")")) {
      for (int i = 0; i < 3; i++) {
        Object expected = camunda.evaluateSimpleExpression(expression, context);
        Object actual = parsedOnce.evaluateSimpleExpression(expression, context);
        assertThat(actual).as(expression).isEqualTo(expected);
      }
    }
    assertThat(parsedOnce.size()).isEqualTo(7);
  }

  @Test
  void unaryTestsGiveCamundasAnswers() {
    for (Object input : List.of(5, 0.5, "UNION", "OTHER", true)) {
      VariableContext context = variables(Map.of("cellInput", input, "limit", 3));
      for (String tests : List.of("< 3", "[1..5]", "\"UNION\",\"WOMEN\"", "-", "not(\"OTHER\")", "true",
          "> limit", "")) {
        boolean expected;
        try {
          expected = camunda.evaluateSimpleUnaryTests(tests, "cellInput", context);
        } catch (FeelException e) {
          assertThatThrownBy(() -> parsedOnce.evaluateSimpleUnaryTests(tests, "cellInput", context))
              .as("%s with %s", tests, input).isInstanceOf(FeelException.class).hasMessage(e.getMessage());
          continue;
        }
        assertThat(parsedOnce.evaluateSimpleUnaryTests(tests, "cellInput", context)).as("%s with %s", tests, input)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void aTextThatDoesNotParseFailsAsCamundasAndIsNotKept() {
    VariableContext context = variables(Map.of());
    String broken = "1 +* ";
    FeelException expected = null;
    try {
      camunda.evaluateSimpleExpression(broken, context);
    } catch (FeelException e) {
      expected = e;
    }
    assertThat(expected).isNotNull();
    assertThatThrownBy(() -> parsedOnce.evaluateSimpleExpression(broken, context)).isInstanceOf(FeelException.class)
        .hasMessage(expected.getMessage());
    assertThat(parsedOnce.size()).isZero();
  }

  @Test
  void builtInFunctionsAndFailuresGiveCamundasValuesAndMessages() {
    VariableContext context = variables(Map.of("amounts", List.of(500, 1500), "when", "2026-12-03"));
    for (String expression : List.of("sum(amounts)", "max(amounts) - min(amounts)", "upper case(\"aid\")",
        "date(when) < date(\"2100-01-01\")", "today() > date(\"2020-01-01\")", "now() != null",
        "date(\"nonsense\")", "no such function(1)", "1 / 0", "\"a\" + 1", "{a: 1}.b",
        "assert(amounts, count(amounts) > 5)", "assert(amounts, count(amounts) = 2)")) {
      for (int i = 0; i < 3; i++) {
        Object expected;
        try {
          expected = camunda.evaluateSimpleExpression(expression, context);
        } catch (FeelException e) {
          assertThatThrownBy(() -> parsedOnce.evaluateSimpleExpression(expression, context)).as(expression)
              .isInstanceOf(FeelException.class).hasMessage(e.getMessage());
          continue;
        }
        assertThat((Object) parsedOnce.evaluateSimpleExpression(expression, context)).as(expression)
            .isEqualTo(expected);
      }
    }
  }
}
