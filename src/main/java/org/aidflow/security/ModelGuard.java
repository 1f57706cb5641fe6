package org.aidflow.security;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Models are code: what a designer deploys runs inside the engine with the engine's rights. The guard reads every
 * element, attribute and text of a BPMN model (as the engine parsed it) and every DMN table, and refuses what
 * would run code that was not reviewed: script tasks and scripts anywhere, Java classes ({@code camunda:class},
 * listener {@code class}, form handlers, validators), connectors, shell and mail tasks, embedded HTML forms, DMN
 * expressions in JUEL or a script language, and every expression beyond {@link ModelExpressions}' grammar.
 * Each refusal names the element (its id) and the expression.
 */
final class ModelGuard {

  /** A refused part of a model. */
  record Violation(String resource, String elementId, String where, String text, String reason) {
    @Override
    public String toString() {
      StringBuilder message = new StringBuilder();
      if (resource != null) {
        message.append(resource).append(": ");
      }
      message.append("element '").append(elementId).append("'");
      if (where != null) {
        message.append(", ").append(where);
      }
      if (text != null) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "…" : text;
        message.append(" = '").append(shown.strip()).append("'");
      }
      return message.append(": ").append(reason).toString();
    }
  }

  static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
  /** The engine still reads Activiti's extension namespace as its own. */
  static final String ACTIVITI_NS = "http://activiti.org/bpmn";

  /** Elements that are code: scripts (script tasks, script listeners, script conditions and mappings), connectors. */
  private static final Map<String, String> REFUSED_ELEMENTS = Map.of(
      "scriptTask", "script tasks are not allowed / 不允许脚本任务",
      "script", "scripts are not allowed / 不允许脚本",
      "connector", "connectors are not allowed / 不允许连接器");
  /** Attributes whose value the engine evaluates as a delegate. */
  private static final Set<String> DELEGATE_ATTRIBUTES = Set.of("delegateExpression");
  /** Attributes that name or load code, or write through an expression. */
  private static final Map<String, String> REFUSED_ATTRIBUTES = Map.of(
      "language", "script conditions are not allowed / 不允许脚本条件",
      "scriptFormat", "scripts are not allowed / 不允许脚本",
      "resource", "external scripts and resources are not allowed / 不允许外部脚本",
      "variableMappingDelegateExpression", "variable mapping delegates are not allowed / 不允许变量映射委托",
      "srcExpr", "legacy property mappings are not allowed / 不允许旧式属性映射",
      "dstExpr", "legacy property mappings are not allowed / 不允许旧式属性映射",
      "linkExpr", "legacy property mappings are not allowed / 不允许旧式属性映射");

  private static final Set<String> SCRIPT_RESOURCE_SUFFIXES = Set.of(".js", ".groovy", ".py", ".rb", ".jy",
      ".javascript", ".mjs", ".html", ".htm", ".xhtml", ".jsp");
  private static final Set<String> CMMN_SUFFIXES = Set.of(".cmmn", ".cmmn10.xml", ".cmmn11.xml");
  private static final Set<String> DMN_SUFFIXES = Set.of(".dmn", ".dmn11.xml");
  private static final Set<String> FEEL = Set.of(DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE,
      DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE_ALTERNATIVE,
      DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE_DMN12,
      DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE_DMN13,
      DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE_DMN14,
      DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE_DMN15);

  private final ModelExpressions expressions;

  ModelGuard(ModelExpressions.Beans beans) {
    this.expressions = new ModelExpressions(beans);
  }

  // ------------------------------------------------------------------------------------------------ BPMN

  /** Everything refused in a BPMN model, whose root the engine parsed. */
  List<Violation> checkBpmn(Element definitions) {
    List<Violation> violations = new ArrayList<>();
    walk(definitions, definitions.attribute("id"), violations);
    return violations;
  }

  private void walk(Element element, String ownerId, List<Violation> violations) {
    // the BPMN element the designer sees in the Modeler (a camunda:formField's id is no element of the diagram)
    boolean extension = CAMUNDA_NS.equals(element.getUri()) || ACTIVITI_NS.equals(element.getUri());
    String id = element.attribute("id") != null && !extension ? element.attribute("id") : ownerId;
    String tag = element.getTagName();
    String refusedElement = REFUSED_ELEMENTS.get(tag);
    if (refusedElement != null) {
      violations.add(new Violation(null, id, tag, null, refusedElement));
    }
    for (String key : element.attributes()) {
      String value = element.attribute(key);
      String name = localName(key);
      String reason = attributeRefusal(element, key, name, value);
      if (reason != null) {
        violations.add(new Violation(null, id, shown(tag, key, name), value, reason));
      }
    }
    String text = element.getText();
    if (text != null && hasExpression(text)) {
      String reason = expressions.check(text);
      if (reason != null) {
        violations.add(new Violation(null, id, tag, text, reason));
      }
    }
    for (Element child : element.elements()) {
      walk(child, id, violations);
    }
  }

  private String attributeRefusal(Element element, String key, String name, String value) {
    boolean camunda = key.startsWith(CAMUNDA_NS + ":") || key.startsWith(ACTIVITI_NS + ":");
    if (name.equals("class") || name.endsWith("Class")) {
      // camunda:class, a listener's class, formHandlerClass, variableMappingClass
      return "Java classes are not allowed; use a delegate bean (${beanName}) / 不允许 Java 类，请使用委托 Bean";
    }
    String refused = REFUSED_ATTRIBUTES.get(name);
    if (refused != null) {
      return refused;
    }
    if (camunda && name.equals("type") && !value.equalsIgnoreCase("external")) {
      // camunda:type="shell" runs an operating-system command, "mail" sends mail from the server
      return "task type '" + value + "' is not allowed / 不允许任务类型 " + value;
    }
    if (element.getTagName().equals("formProperty") && name.equals("expression")) {
      // a submitted form value is written through this expression
      return "form property expressions are not allowed / 不允许表单属性表达式";
    }
    if (element.getTagName().equals("constraint") && name.equals("name") && value.equals("validator")) {
      return "custom form validators are not allowed / 不允许自定义表单校验器";
    }
    if (camunda && name.equals("formKey") && !value.startsWith("camunda-forms:")) {
      // embedded HTML forms run their scripts in the caseworker's browser session
      return "only Camunda Forms (camunda:formRef or camunda-forms:...) are allowed / 只允许 Camunda 表单";
    }
    if (DELEGATE_ATTRIBUTES.contains(name)) {
      return expressions.checkDelegate(value);
    }
    return hasExpression(value) ? expressions.check(value) : null;
  }

  static boolean hasExpression(String text) {
    return text.contains("${") || text.contains("#{");
  }

  private static String localName(String key) {
    int colon = key.lastIndexOf(':');
    return colon < 0 ? key : key.substring(colon + 1);
  }

  private static String shown(String tag, String key, String name) {
    if (key.startsWith(CAMUNDA_NS + ":") || key.startsWith(ACTIVITI_NS + ":")) {
      return tag + " camunda:" + name;
    }
    return tag + " " + name;
  }

  // ------------------------------------------------------------------------------------------------ other resources

  /**
   * Everything refused among a deployment's resources other than BPMN (which the parse listener checks): DMN
   * expressions in anything but FEEL, CMMN (its listeners and expressions are unguarded code), script and HTML
   * resources.
   */
  List<Violation> checkResource(String name, byte[] content, DefaultDmnEngineConfiguration dmn) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (CMMN_SUFFIXES.stream().anyMatch(lower::endsWith)) {
      return List.of(new Violation(name, name, null, null, "CMMN models are not allowed / 不允许 CMMN 模型"));
    }
    if (SCRIPT_RESOURCE_SUFFIXES.stream().anyMatch(lower::endsWith)) {
      return List.of(new Violation(name, name, null, null,
          "scripts and HTML forms are not allowed / 不允许脚本或 HTML 表单"));
    }
    if (DMN_SUFFIXES.stream().anyMatch(lower::endsWith)) {
      return checkDmn(name, content, dmn);
    }
    return List.of();
  }

  private List<Violation> checkDmn(String resource, byte[] content, DefaultDmnEngineConfiguration dmn) {
    Document document;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(content));
    } catch (Exception e) {
      return List.of(new Violation(resource, resource, null, null, "not a valid DMN file / DMN 文件无效: "
          + e.getMessage()));
    }
    List<Violation> violations = new ArrayList<>();
    walkDmn(document.getDocumentElement(), resource, resource, dmn, violations);
    return violations;
  }

  private void walkDmn(org.w3c.dom.Element element, String ownerId, String resource,
      DefaultDmnEngineConfiguration dmn, List<Violation> violations) {
    String id = element.hasAttribute("id") ? element.getAttribute("id") : ownerId;
    String tag = element.getLocalName();
    String language = null;
    NamedNodeMap attributes = element.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Attr attribute = (Attr) attributes.item(i);
      if ("expressionLanguage".equals(attribute.getLocalName())) {
        language = attribute.getValue();
      }
    }
    if (language == null && tag != null) {
      language = defaultLanguage(tag, dmn);
    }
    if (language != null && !isFeel(language)) {
      String text = element.getTextContent();
      violations.add(new Violation(resource, id, tag + " expressionLanguage", text,
          "DMN expressions must be FEEL, not '" + language + "' / DMN 表达式只允许 FEEL"));
      return;
    }
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof org.w3c.dom.Element nested) {
        walkDmn(nested, id, resource, dmn, violations);
      }
    }
  }

  /** The engine's default language where a DMN element names none (FEEL unless legacy behaviour is switched on). */
  private static String defaultLanguage(String tag, DefaultDmnEngineConfiguration dmn) {
    if (dmn == null) {
      return null;
    }
    return switch (tag) {
      case "inputExpression" -> dmn.getDefaultInputExpressionExpressionLanguage();
      case "inputEntry" -> dmn.getDefaultInputEntryExpressionLanguage();
      case "outputEntry" -> dmn.getDefaultOutputEntryExpressionLanguage();
      case "literalExpression" -> dmn.getDefaultLiteralExpressionLanguage();
      default -> null;
    };
  }

  private static boolean isFeel(String language) {
    return FEEL.contains(language) || FEEL.contains(language.toLowerCase(Locale.ROOT));
  }
}
