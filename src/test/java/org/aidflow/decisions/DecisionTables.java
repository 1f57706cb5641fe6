package org.aidflow.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aidflow.shared.FeelExpressionCachePlugin;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationListener;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableImpl;

/**
 * Evaluates one decision table of processes/decisions as the engine does (FEEL) and remembers which rules
 * matched, so that a test class can prove every rule was exercised.
 */
final class DecisionTables {

  private final DmnDecision decision;
  private final Set<String> matchedRules = new HashSet<>();
  private final DmnEngine engine;

  DecisionTables(String file, String decisionKey) {
    DmnDecisionTableEvaluationListener listener = event -> event.getMatchingRules()
        .forEach(rule -> matchedRules.add(rule.getId()));
    DefaultDmnEngineConfiguration configuration =
        (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
    configuration.customPostDecisionTableEvaluationListeners(List.of(listener));
    // FEEL as the application's engine evaluates it: each expression parsed once (FeelExpressionCachePlugin)
    configuration.feelEngineFactory(() -> new FeelExpressionCachePlugin.ParsedOnceFeelEngine(List.of()));
    engine = configuration.buildEngine();
    try (InputStream model = getClass().getClassLoader().getResourceAsStream("processes/decisions/" + file)) {
      decision = engine.parseDecision(decisionKey, model);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  DmnDecisionResult evaluate(Map<String, Object> variables) {
    return engine.evaluateDecision(decision, variables);
  }

  /** Every rule of the table matched at least once in this test class. */
  void assertEveryRuleMatched() {
    List<String> ruleIds = ((DmnDecisionTableImpl) decision.getDecisionLogic()).getRules().stream()
        .map(rule -> rule.getId()).toList();
    assertThat(matchedRules).as("rules of %s matched by the tests", decision.getKey())
        .containsExactlyInAnyOrderElementsOf(ruleIds);
  }
}
