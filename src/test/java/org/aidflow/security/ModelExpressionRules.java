package org.aidflow.security;

import java.util.Map;

/**
 * The model guard's expression rules ({@link ModelExpressions}) for tests outside this package: ModelsTest checks
 * every expression of the models against the application's Spring beans, as the guard checks a deployment against
 * the engine's.
 */
public final class ModelExpressionRules {

  private final ModelExpressions expressions;

  /** Rules over these beans (name → class). */
  public ModelExpressionRules(Map<String, Class<?>> beans) {
    this.expressions = new ModelExpressions(beans::get);
  }

  /** Why the expression (an attribute value or element text with {@code ${...}}) is refused, or null. */
  public String check(String expression) {
    return expressions.check(expression);
  }

  /** Why the delegate expression ({@code camunda:delegateExpression}) is refused, or null. */
  public String checkDelegate(String expression) {
    return expressions.checkDelegate(expression);
  }
}
