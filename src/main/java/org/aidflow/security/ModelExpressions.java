package org.aidflow.security;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.aidflow.shared.ModelFunctions;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.impl.juel.AstBinary;
import org.camunda.bpm.impl.juel.AstBoolean;
import org.camunda.bpm.impl.juel.AstBracket;
import org.camunda.bpm.impl.juel.AstChoice;
import org.camunda.bpm.impl.juel.AstComposite;
import org.camunda.bpm.impl.juel.AstDot;
import org.camunda.bpm.impl.juel.AstEval;
import org.camunda.bpm.impl.juel.AstFunction;
import org.camunda.bpm.impl.juel.AstIdentifier;
import org.camunda.bpm.impl.juel.AstMethod;
import org.camunda.bpm.impl.juel.AstNested;
import org.camunda.bpm.impl.juel.AstNode;
import org.camunda.bpm.impl.juel.AstNull;
import org.camunda.bpm.impl.juel.AstNumber;
import org.camunda.bpm.impl.juel.AstParameters;
import org.camunda.bpm.impl.juel.AstProperty;
import org.camunda.bpm.impl.juel.AstString;
import org.camunda.bpm.impl.juel.AstText;
import org.camunda.bpm.impl.juel.AstUnary;
import org.camunda.bpm.impl.juel.Builder;
import org.camunda.bpm.impl.juel.TreeBuilderException;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * What an expression in a model may do, decided on the expression's syntax tree as Camunda's own JUEL parser
 * builds it (the same grammar the engine evaluates), never by pattern matching. Allowed:
 * <ul>
 *   <li>reading a variable ({@code ${caseNumber}}, {@code ${referralServices[referralOrg]}}, a JSON variable's
 *       {@code prop('x').value()}), text around expressions ({@code ${org}-caseworkers});</li>
 *   <li>literals, comparisons, arithmetic, {@code && || ! and or not empty}, {@code a ? b : c}, parentheses;</li>
 *   <li>a few read-only methods on a variable's value ({@link #DATA_METHODS});</li>
 *   <li>of {@code execution}/{@code task}: the identifiers and business key ({@link #ENGINE_PROPERTIES}) and
 *       {@code getVariable('x')};</li>
 *   <li>a method or getter of a bean whose class carries {@link ModelFunctions} (never a setter, never a method of
 *       {@link Object}), with variables, literals, {@code execution} or {@code task} as arguments;</li>
 *   <li>Camunda's functions {@code now()}, {@code dateTime()}, {@code currentUser()}, {@code currentUserGroups()};</li>
 *   <li>in a delegate expression only: {@code ${bean}} where the bean implements JavaDelegate, ExecutionListener or
 *       TaskListener.</li>
 * </ul>
 * Everything else (another bean, {@code execution.getProcessEngineServices()}, {@code x.getClass()}, Spin's
 * {@code S()}, ...) is refused with the reason.
 */
final class ModelExpressions {

  /** Where the engine looks up a name that is not a variable: Spring's beans, or the process-test engine's map. */
  interface Beans {
    /** The bean's class, or null when no bean has that name. */
    Class<?> typeOf(String name);
  }

  /** What a delegate expression ({@code camunda:delegateExpression}) may name. */
  static final Set<Class<?>> DELEGATE_TYPES = Set.of(JavaDelegate.class, ExecutionListener.class, TaskListener.class);

  /** Read-only methods a model may call on a variable's value: collections, text, Spin JSON. Name → argument count. */
  static final Map<String, Integer> DATA_METHODS = Map.ofEntries(Map.entry("size", 0), Map.entry("isEmpty", 0),
      Map.entry("contains", 1), Map.entry("containsKey", 1), Map.entry("length", 0), Map.entry("startsWith", 1),
      Map.entry("endsWith", 1), Map.entry("equals", 1), Map.entry("toString", 0), Map.entry("toUpperCase", 0),
      Map.entry("toLowerCase", 0), Map.entry("trim", 0),
      // Spin JSON: prop(name) reads (prop(name, value) would write and has two arguments)
      Map.entry("prop", 1), Map.entry("hasProp", 1), Map.entry("elements", 0), Map.entry("value", 0),
      Map.entry("stringValue", 0), Map.entry("numberValue", 0), Map.entry("boolValue", 0), Map.entry("isNull", 0));

  /** What a model may read of {@code execution} and {@code task}: identifiers and plain values, no services. */
  static final Set<String> ENGINE_PROPERTIES = Set.of("id", "processInstanceId", "processBusinessKey", "businessKey",
      "processDefinitionId", "activityInstanceId", "currentActivityId", "currentActivityName", "eventName",
      "tenantId", "name", "description", "priority", "assignee", "owner", "taskDefinitionKey", "executionId",
      "dueDate", "followUpDate", "createTime", "variables", "variablesLocal", "variableNames");

  /** Reading a variable through {@code execution}/{@code task}. */
  static final Set<String> ENGINE_METHODS = Set.of("getVariable", "getVariableLocal", "hasVariable",
      "hasVariableLocal");

  /** Camunda's own expression functions (date and current user); Spin's S(), XML(), JSON() are not among them. */
  static final Set<String> FUNCTIONS = Set.of("now", "dateTime", "currentUser", "currentUserGroups");

  /** Properties that lead from any value to reflection. */
  private static final Set<String> NEVER = Set.of("class", "declaringClass", "classLoader", "module");

  private static final Set<String> ENGINE_OBJECTS = Set.of("execution", "task");
  /** Names the engine resolves to its own objects that models have no business with. */
  private static final Set<String> REFUSED_OBJECTS = Set.of("caseExecution", "externalTask");

  private final Beans beans;

  ModelExpressions(Beans beans) {
    this.beans = beans;
  }

  /** The refusal, or null when the text (an attribute or element text of a model) is allowed. */
  String check(String text) {
    AstNode root = parse(text);
    if (root == null) {
      return "not a valid expression / 表达式无法解析";
    }
    try {
      value(root);
      return null;
    } catch (Refused refused) {
      return refused.getMessage();
    }
  }

  /** The refusal, or null when the text names one delegate or listener bean ({@code ${checkPlanListener}}). */
  String checkDelegate(String text) {
    AstNode root = parse(text);
    if (!(root instanceof AstEval eval) || !(eval.getChild(0) instanceof AstIdentifier identifier)) {
      return "a delegate expression names one bean, like ${checkPlanListener} / 委托表达式只能是一个 Bean 名称";
    }
    Class<?> type = beans.typeOf(identifier.getName());
    if (type == null) {
      return "no bean '" + identifier.getName() + "' / 没有名为 " + identifier.getName() + " 的 Bean";
    }
    if (DELEGATE_TYPES.stream().noneMatch(allowed -> allowed.isAssignableFrom(type))) {
      return "bean '" + identifier.getName() + "' is no JavaDelegate, ExecutionListener or TaskListener"
          + " / 该 Bean 不是委托或监听器";
    }
    return null;
  }

  private static AstNode parse(String text) {
    try {
      return (AstNode) new Builder(Builder.Feature.METHOD_INVOCATIONS, Builder.Feature.VARARGS).build(text)
          .getRoot();
    } catch (TreeBuilderException | ClassCastException e) {
      return null;
    }
  }

  /** What a node evaluates to, as far as the guard needs to know. */
  private sealed interface Kind {
  }

  /** A literal, a variable's value, or anything computed from them. */
  private record Data() implements Kind {
  }

  /** A value read with a key the model only knows at run time: a leaf, nothing is read from it. */
  private record Dynamic() implements Kind {
  }

  /** {@code execution} or {@code task} itself. */
  private record Engine(String name) implements Kind {
  }

  /** A bean itself. */
  private record Bean(String name, Class<?> type) implements Kind {
  }

  private static final Kind DATA = new Data();

  private static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** A node whose value the expression uses: a value, never a bean or the engine's objects themselves. */
  private Kind value(AstNode node) {
    Kind kind = kind(node);
    if (kind instanceof Bean bean) {
      throw new Refused("bean '" + bean.name() + "' may only be called through a @ModelFunctions method"
          + " / Bean 只能通过 @ModelFunctions 方法调用");
    }
    if (kind instanceof Engine engine) {
      throw new Refused("'" + engine.name() + "' may only be passed to a @ModelFunctions method"
          + " / " + engine.name() + " 只能作为 @ModelFunctions 方法的参数");
    }
    return kind;
  }

  private Kind kind(AstNode node) {
    if (node instanceof AstText || node instanceof AstString || node instanceof AstNumber
        || node instanceof AstBoolean || node instanceof AstNull) {
      return DATA;
    }
    if (node instanceof AstEval || node instanceof AstNested || node instanceof AstComposite
        || node instanceof AstUnary || node instanceof AstBinary || node instanceof AstChoice) {
      Kind last = DATA;
      for (int i = 0; i < node.getCardinality(); i++) {
        last = value((AstNode) node.getChild(i));
      }
      // ( x ) and ${x} are x; anything computed from values is a value
      return node instanceof AstNested || node instanceof AstEval ? last : DATA;
    }
    if (node instanceof AstIdentifier identifier) {
      return identifier(identifier.getName());
    }
    if (node instanceof AstFunction function) {
      if (!FUNCTIONS.contains(function.getName())) {
        throw new Refused("function '" + function.getName() + "' is not allowed / 不允许调用函数 "
            + function.getName());
      }
      for (int i = 0; i < function.getCardinality(); i++) {
        value(function.getChild(i));
      }
      return DATA;
    }
    if (node instanceof AstMethod method) {
      return method(method);
    }
    if (node instanceof AstDot || node instanceof AstBracket) {
      return property((AstProperty) node);
    }
    throw new Refused("'" + node + "' is not allowed in a model / 模型中不允许此表达式");
  }

  private Kind identifier(String name) {
    if (ENGINE_OBJECTS.contains(name)) {
      return new Engine(name);
    }
    if (REFUSED_OBJECTS.contains(name)) {
      throw new Refused("'" + name + "' is not allowed / 不允许使用 " + name);
    }
    Class<?> type = beans.typeOf(name);
    // a name that is no bean is a variable (the engine looks up variables first, then beans)
    return type == null ? DATA : new Bean(name, type);
  }

  private Kind property(AstProperty property) {
    Kind base = kind(property.getChild(0));
    String name = propertyName(property);
    if (name == null) {
      // a key known only at run time: only into a variable's value (a map or list), and nothing read beyond it
      value(((AstBracket) property).getChild(1));
      if (!(base instanceof Data)) {
        throw new Refused("a computed property name is only allowed on a variable / 只能对变量使用计算出的属性名");
      }
      return new Dynamic();
    }
    if (NEVER.contains(name)) {
      throw new Refused("property '" + name + "' is not allowed / 不允许读取属性 " + name);
    }
    if (base instanceof Engine engine) {
      if (!ENGINE_PROPERTIES.contains(name)) {
        throw new Refused("'" + engine.name() + "." + name + "' is not allowed; a model may read "
            + engine.name() + "'s ids, business key and variables / 不允许读取 " + engine.name() + "." + name);
      }
      return DATA;
    }
    if (base instanceof Bean bean) {
      requireModelFunctions(bean);
      if (getter(bean.type(), name) == null) {
        throw new Refused("bean '" + bean.name() + "' has no property '" + name + "' / Bean " + bean.name()
            + " 没有属性 " + name);
      }
      return DATA;
    }
    if (base instanceof Dynamic) {
      throw new Refused("nothing may be read from a value with a computed name / 不能继续读取计算出的属性");
    }
    return DATA;
  }

  private Kind method(AstMethod method) {
    AstProperty target = (AstProperty) method.getChild(0);
    AstParameters parameters = (AstParameters) method.getChild(1);
    String name = propertyName(target);
    if (name == null) {
      throw new Refused("a method must be named / 方法名必须是固定的");
    }
    int arguments = parameters.getCardinality();
    Kind base = kind(target.getChild(0));
    if (base instanceof Bean bean) {
      requireModelFunctions(bean);
      if (name.startsWith("set") || !hasMethod(bean.type(), name, arguments)) {
        throw new Refused("bean '" + bean.name() + "' offers models no method '" + name + "' with " + arguments
            + " argument(s) / Bean " + bean.name() + " 没有可供模型调用的方法 " + name);
      }
      for (int i = 0; i < arguments; i++) {
        // execution and task may be handed to reviewed Java; another bean may not
        if (kind(parameters.getChild(i)) instanceof Bean other) {
          throw new Refused("bean '" + other.name() + "' may not be passed as an argument / 不能把 Bean "
              + other.name() + " 作为参数");
        }
      }
      return DATA;
    }
    if (base instanceof Engine engine) {
      boolean readsVariable = ENGINE_METHODS.contains(name) && arguments == 1;
      boolean getter = arguments == 0 && ENGINE_PROPERTIES.contains(propertyOfGetter(name));
      if (!readsVariable && !getter) {
        throw new Refused("'" + engine.name() + "." + name + "(...)' is not allowed; a model may call "
            + engine.name() + ".getVariable('name') / 不允许调用 " + engine.name() + "." + name);
      }
    } else if (base instanceof Dynamic) {
      throw new Refused("nothing may be called on a value with a computed name / 不能对计算出的属性调用方法");
    } else if (!Integer.valueOf(arguments).equals(DATA_METHODS.get(name))) {
      throw new Refused("method '" + name + "' with " + arguments + " argument(s) is not allowed on a variable"
          + " / 不允许对变量调用方法 " + name);
    }
    for (int i = 0; i < arguments; i++) {
      value(parameters.getChild(i));
    }
    return DATA;
  }

  private void requireModelFunctions(Bean bean) {
    if (AnnotationUtils.findAnnotation(bean.type(), ModelFunctions.class) == null) {
      throw new Refused("bean '" + bean.name() + "' is not marked @ModelFunctions / Bean " + bean.name()
          + " 未标注 @ModelFunctions，模型不能调用");
    }
  }

  /** The name of a.b or a['b']; null when the name is computed. */
  private static String propertyName(AstProperty property) {
    if (property instanceof AstDot dot) {
      // AstDot keeps its name to itself; its text is ". name"
      return dot.toString().substring(2).trim();
    }
    AstNode key = property.getChild(1);
    if (key instanceof AstString string) {
      return String.valueOf(string.eval(null, null));
    }
    return null;
  }

  private static String propertyOfGetter(String method) {
    for (String prefix : new String[] {"get", "is"}) {
      if (method.startsWith(prefix) && method.length() > prefix.length()) {
        String rest = method.substring(prefix.length());
        return Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
      }
    }
    return "";
  }

  private static boolean hasMethod(Class<?> type, String name, int arguments) {
    return Arrays.stream(type.getMethods()).anyMatch(method -> method.getName().equals(name)
        && method.getDeclaringClass() != Object.class && !Modifier.isStatic(method.getModifiers())
        && (method.getParameterCount() == arguments || method.isVarArgs()));
  }

  private static Method getter(Class<?> type, String property) {
    String suffix = Character.toUpperCase(property.charAt(0)) + property.substring(1);
    for (Method method : type.getMethods()) {
      if (method.getParameterCount() == 0 && method.getDeclaringClass() != Object.class
          && (method.getName().equals("get" + suffix) || method.getName().equals("is" + suffix))) {
        return method;
      }
    }
    return null;
  }
}
