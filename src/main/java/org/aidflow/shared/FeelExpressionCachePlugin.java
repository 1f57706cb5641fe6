package org.aidflow.shared;

import java.util.List;
import java.util.function.Function;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.FeelEngineFactory;
import org.camunda.bpm.dmn.feel.impl.juel.FeelEngineFactoryImpl;
import org.camunda.bpm.dmn.feel.impl.scala.ContextVariableWrapper;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.function.FeelCustomFunctionProvider;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.feel.api.EvaluationFailureType;
import org.camunda.feel.context.CustomContext;
import org.camunda.feel.context.FunctionProvider;
import org.camunda.feel.context.VariableProvider;
import org.camunda.feel.impl.interpreter.BuiltinFunctions;
import org.camunda.feel.impl.interpreter.EvalContext;
import org.camunda.feel.impl.interpreter.FeelInterpreter;
import org.camunda.feel.syntaxtree.ParsedExpression;
import org.camunda.feel.syntaxtree.Val;
import org.camunda.feel.syntaxtree.ValError;
import org.camunda.feel.syntaxtree.ValFatalError;
import org.springframework.stereotype.Component;

/**
 * The decision tables' FEEL, each expression parsed once instead of at every evaluation, and FEEL's built-in
 * functions built once instead of for every expression. Camunda's Scala FEEL engine parses an input expression or a
 * rule's cell from its text every time a table is evaluated, and for every evaluation builds its table of some 150
 * built-in functions again ({@code FeelEngine.rootContext}); the benchmark found the two the larger share of the
 * engine's DMN cost (referral routing alone has 16 rules over 7 inputs). The expressions, the rules and their results
 * are unchanged: the same interpreter evaluates the same parsed expression with the same functions, value mapper and
 * failure messages, so a designer still edits the tables in Modeler and the decision history records the same inputs
 * and outputs.
 */
@Component
public class FeelExpressionCachePlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration();
    if (dmn == null) {
      dmn = (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
      configuration.setDmnEngineConfiguration(dmn);
    }
    if (dmn.getFeelEngineFactory() == null) {
      DefaultDmnEngineConfiguration settings = dmn;
      // read when the DMN engine is built, after the process engine passed on its settings
      dmn.setFeelEngineFactory(() -> settings.isEnableFeelLegacyBehavior()
          ? new FeelEngineFactoryImpl().createInstance()
          : new ParsedOnceFeelEngine(settings.getFeelCustomFunctionProviders()));
    }
  }

  /** {@link ScalaFeelEngine} keeping each expression's syntax tree by its text. */
  public static class ParsedOnceFeelEngine extends ScalaFeelEngine {

    /** Far more than the deployed tables hold; a bound only against a store of ever-new expressions. */
    static final int MAX_EXPRESSIONS = 10_000;

    private final BoundedCache<String, ParsedExpression> expressions = new BoundedCache<>(MAX_EXPRESSIONS);
    private final BoundedCache<String, ParsedExpression> unaryTests = new BoundedCache<>(MAX_EXPRESSIONS);
    private final FeelInterpreter interpreter;
    /** The built-in functions and the custom ones, as FeelEngine.rootContext makes them, made once. */
    private final FunctionProvider functions;

    public ParsedOnceFeelEngine(List<FeelCustomFunctionProvider> functionProviders) {
      super(functionProviders);
      interpreter = new FeelInterpreter(feelEngine.valueMapper());
      functions = new FunctionProvider.CompositeFunctionProvider(toScalaList(
          new BuiltinFunctions(feelEngine.clock(), feelEngine.valueMapper()), feelEngine.functionProvider()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T evaluateSimpleExpression(String expression, VariableContext variableContext) {
      ParsedExpression parsed = parsed(expressions, expression, feelEngine::parseExpression);
      VariableProvider variables = new ContextVariableWrapper(variableContext);
      return (T) evaluate(parsed, variables);
    }

    @Override
    public boolean evaluateSimpleUnaryTests(String expression, String inputVariable,
        VariableContext variableContext) {
      ParsedExpression parsed = parsed(unaryTests, expression, feelEngine::parseUnaryTests);
      // the cell's tests compare against the input named here, as Camunda's engine passes it
      VariableProvider input = new VariableProvider.StaticVariableProvider(
          new camundajar.impl.scala.collection.immutable.Map.Map1<>(INPUT_VARIABLE_NAME, inputVariable));
      VariableProvider variables = new VariableProvider.CompositeVariableProvider(
          toScalaList(input, new ContextVariableWrapper(variableContext)));
      Object value = evaluate(parsed, variables);
      return value != null && (Boolean) value;
    }

    /** How many distinct expressions and unary tests are kept (for tests). */
    int size() {
      return expressions.size() + unaryTests.size();
    }

    private static ParsedExpression parsed(BoundedCache<String, ParsedExpression> cache, String text,
        Function<String, camundajar.impl.scala.util.Either<org.camunda.feel.FeelEngine.Failure, ParsedExpression>>
            parser) {
      // a text that does not parse is not kept: it fails as Camunda's engine fails it, every time
      return cache.get(text, key -> (ParsedExpression) value(parser.apply(key)));
    }

    /**
     * What {@code FeelEngine.evaluate} does with a parsed expression, without building the functions again and
     * without validating again what {@link #parsed} validated: a fresh context (its own failure collector) merged with
     * the variables, the interpreter's result unpacked, and a failure reported with FeelEngine's message.
     */
    private Object evaluate(ParsedExpression parsed, VariableProvider variables) {
      Val result;
      EvalContext context;
      try {
        context = EvalContext.create(feelEngine.valueMapper(), functions).merge(context(variables));
        result = interpreter.eval(parsed.expression(), context);
      } catch (RuntimeException e) {
        throw LOGGER.evaluationException("failed to evaluate expression '" + parsed.text() + "' : " + e);
      }
      var failures = context.failureCollector().failures();
      var assertion = failures.find(f -> f.failureType() == EvaluationFailureType.ASSERT_FAILURE$.MODULE$);
      if (assertion.isDefined()) {
        throw LOGGER.evaluationException("Assertion failure on evaluate the expression '" + parsed.text() + "': "
            + assertion.get().failureMessage());
      }
      if (result instanceof ValError error) {
        throw LOGGER.evaluationException("failed to evaluate expression '" + parsed.text() + "': " + error.error());
      }
      if (result instanceof ValFatalError error) {
        throw LOGGER.evaluationException("failed to evaluate expression '" + parsed.text() + "': " + error.error());
      }
      return feelEngine.valueMapper().unpackVal(result);
    }

    private static CustomContext context(VariableProvider variables) {
      return new CustomContext() {
        @Override
        public VariableProvider variableProvider() {
          return variables;
        }
      };
    }

    private static Object value(camundajar.impl.scala.util.Either<org.camunda.feel.FeelEngine.Failure, ?> either) {
      if (either instanceof camundajar.impl.scala.util.Right<?, ?> right) {
        return right.value();
      }
      org.camunda.feel.FeelEngine.Failure failure =
          (org.camunda.feel.FeelEngine.Failure) ((camundajar.impl.scala.util.Left<?, ?>) either).value();
      throw LOGGER.evaluationException(failure.message());
    }
  }
}
