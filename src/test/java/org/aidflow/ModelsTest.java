package org.aidflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.aidflow.annualreview.AnnualReviewModel;
import org.aidflow.security.ModelExpressionRules;
import org.aidflow.servicelevel.EscalationModel;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.ProcessVariables;
import org.aidflow.shared.ReferralModel;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BusinessRuleTask;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * What a designer can break in processes/ without any process test noticing: forms that do not exist, field keys
 * that are no process variable, delegates and bean methods that the application does not have, decisions that do not
 * exist, ids, messages and errors that Java refers to (each model's contract class), and the rule that leads from a
 * service task's id to its code.
 */
class ModelsTest {

  private static final Path PROCESSES = Path.of("processes");
  private static final Path SOURCES = Path.of("src/main/java");
  /** Each model's contract class: the ids, messages and errors of that model that Java names. */
  static final Map<String, Class<?>> CONTRACTS = Map.of("aid-case.bpmn", AidCaseModel.class,
      "referral.bpmn", ReferralModel.class, "escalation.bpmn", EscalationModel.class,
      "annual-review.bpmn", AnnualReviewModel.class, "service-order.bpmn",
      org.aidflow.serviceorder.ServiceOrderModel.class, "campaign-batch.bpmn",
      org.aidflow.campaign.CampaignBatchModel.class);

  @Test
  void everyUserTaskAndStartFormRefersToAFormThatExistsAndEveryTaskHasCandidatesAndADueDate() throws IOException {
    Map<String, JsonNode> forms = forms();
    for (BpmnModelInstance model : models()) {
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        assertThat(forms).as("form of user task %s", task.getId()).containsKey(task.getCamundaFormRef());
        assertThat(task.getCamundaCandidateGroups()).as("candidate groups of %s", task.getId()).isNotBlank();
        assertThat(task.getName()).as("Chinese name of %s", task.getId()).matches(".*\\p{IsHan}.*");
        // Tasklist sorts and marks overdue by it (docs/desk.md)
        assertThat(task.getCamundaDueDate()).as("due date of %s", task.getId()).isNotBlank();
      }
    }
    StartEvent intake = model("aid-case.bpmn").getModelElementById("intakeReceived");
    assertThat(forms).containsKey(intake.getCamundaFormRef());
  }

  @Test
  void everyFormFieldIsAProcessVariableAndEveryLabelIsChinese() throws IOException {
    Set<String> variables = constants(ProcessVariables.class);
    for (Map.Entry<String, JsonNode> form : forms().entrySet()) {
      for (JsonNode component : fields(form.getValue().get("components"))) {
        // a group with a path is one variable (an object); its fields are that object's members
        String key = component.has("key") ? component.get("key").asText() : component.get("path").asText();
        assertThat(variables.contains(key))
            .as("field %s of form %s is a known variable", key, form.getKey()).isTrue();
        if (component.path("type").asText().equals("expression")) {
          // computed, never shown (the intake form's region from its 省/市/区 picker)
          continue;
        }
        assertThat(component.get("label").asText()).as("label of %s", key).matches(".*\\p{IsHan}.*");
      }
    }
  }

  @Test
  void everyTaskFormShowsTheOneCaseHeaderFirst() throws IOException {
    assertThat(constants(ProcessVariables.class)).contains(ProcessVariables.CASE_HEADER);
    StartEvent intake = model("aid-case.bpmn").getModelElementById("intakeReceived");
    for (Map.Entry<String, JsonNode> form : forms().entrySet()) {
      if (form.getKey().equals(intake.getCamundaFormRef())) {
        continue; // no case yet
      }
      JsonNode first = form.getValue().get("components").get(0);
      assertThat(first.get("type").asText() + " " + first.path("text").asText()).as("first component of %s", form.getKey())
          .isEqualTo("text {{" + ProcessVariables.CASE_HEADER + "}}");
      assertThat(form.getValue().toString()).as("form %s repeats no part of the header", form.getKey())
          .doesNotContain("**申请人**").doesNotContain("**情况说明**");
    }
  }

  @Test
  void noFormStatesAPolicyNumberThatASettingOrDecisionOwns() throws IOException {
    // amounts, attempts and periods are settings or DMN cells; a form that repeats them goes stale when they change
    Pattern policyNumber = Pattern.compile("\\d[\\d,]*\\s*(元|次|天|日|个工作日)");
    for (Map.Entry<String, JsonNode> form : forms().entrySet()) {
      for (JsonNode component : all(form.getValue().get("components"))) {
        for (String property : List.of("label", "description", "text")) {
          String words = component.path(property).asText();
          assertThat(policyNumber.matcher(words).find()).as("%s of %s in form %s: %s", property,
              component.path("id").asText(), form.getKey(), words).isFalse();
        }
      }
    }
  }

  /** Input fields, looking into groups; a group with a path counts as one field. */
  private static List<JsonNode> fields(JsonNode components) {
    List<JsonNode> fields = new ArrayList<>();
    for (JsonNode component : components) {
      if (component.has("key") || component.has("path")) {
        fields.add(component);
      } else if (component.has("components")) {
        fields.addAll(fields(component.get("components")));
      }
    }
    return fields;
  }

  private static List<JsonNode> all(JsonNode components) {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode component : components) {
      all.add(component);
      if (component.has("components")) {
        all.addAll(all(component.get("components")));
      }
    }
    return all;
  }

  @Test
  void everyDelegateExpressionNamesADelegateClass() throws IOException {
    Set<String> delegateClasses = new HashSet<>();
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      sources.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("Delegate.java"))
          .forEach(n -> delegateClasses.add(n.replace(".java", "")));
    }
    for (BpmnModelInstance model : models()) {
      for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
        String bean = task.getCamundaDelegateExpression().replaceAll("^\\$\\{(.*)}$", "$1");
        assertThat(delegateClasses).as("delegate of %s", task.getId())
            .contains(Character.toUpperCase(bean.charAt(0)) + bean.substring(1));
      }
    }
  }

  @Test
  void everyModelKeepsItsHistoryTimeToLive() throws IOException {
    for (BpmnModelInstance model : models()) {
      for (Process process : model.getModelElementsByType(Process.class)) {
        assertThat(process.getCamundaHistoryTimeToLiveString()).as("history TTL of %s", process.getId()).isNotBlank();
      }
    }
  }

  @Test
  void everyContractClassNamesOnlyWhatItsOwnModelHasAndEveryMessageAndError() throws IOException {
    try (Stream<Path> files = Files.list(PROCESSES)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bpmn")))
          .as("every model has a contract class").containsExactlyInAnyOrderElementsOf(CONTRACTS.keySet());
    }
    List<String> wrong = new ArrayList<>();
    CONTRACTS.forEach((file, contract) -> wrong.addAll(contractViolations(file, contract)));
    assertThat(wrong).as("contract classes that do not match their model").isEmpty();
  }

  /**
   * What in {@code contract} its model {@code file} does not have: {@code PROCESS_KEY} is the key of an executable
   * process, {@code *_MESSAGE} a message name, {@code *_ERROR} an error code, every other constant the id of a flow
   * node (activity, event, gateway, subprocess) written in capitals; and every message and error of the model has its
   * constant.
   */
  static List<String> contractViolations(String file, Class<?> contract) {
    BpmnModelInstance model = model(file);
    Set<String> processes = new HashSet<>();
    model.getModelElementsByType(Process.class).stream().filter(Process::isExecutable)
        .forEach(p -> processes.add(p.getId()));
    Set<String> messages = new HashSet<>();
    model.getModelElementsByType(Message.class).forEach(m -> messages.add(m.getName()));
    Set<String> errors = new HashSet<>();
    model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Error.class)
        .forEach(e -> errors.add(e.getErrorCode()));
    Set<String> nodes = new HashSet<>();
    model.getModelElementsByType(FlowNode.class).forEach(n -> nodes.add(n.getId()));
    List<String> wrong = new ArrayList<>();
    Set<String> named = new HashSet<>();
    for (Field field : constantFields(contract)) {
      String name = field.getName();
      String value = value(field);
      String constant = contract.getSimpleName() + "." + name + " = \"" + value + "\"";
      if (name.equals("PROCESS_KEY")) {
        named.add(name);
        if (!processes.contains(value)) {
          wrong.add(constant + ": " + file + " has no executable process with this id");
        }
      } else if (name.endsWith("_MESSAGE")) {
        named.add("message " + value);
        if (!messages.contains(value)) {
          wrong.add(constant + ": " + file + " has no bpmn:message of this name");
        }
      } else if (name.endsWith("_ERROR")) {
        named.add("error " + value);
        if (!errors.contains(value)) {
          wrong.add(constant + ": " + file + " has no bpmn:error with this errorCode");
        }
      } else if (!nodes.contains(value)) {
        wrong.add(constant + ": " + file + " has no activity, event or gateway with this id" + elsewhere(value));
      } else if (!inCapitals(value).equals(name)) {
        wrong.add(constant + ": an element's constant is its id in capitals, " + inCapitals(value));
      }
    }
    if (!named.contains("PROCESS_KEY")) {
      wrong.add(contract.getSimpleName() + " has no PROCESS_KEY");
    }
    messages.stream().filter(m -> !named.contains("message " + m)).forEach(m -> wrong.add(file + ": message " + m
        + " has no constant " + inCapitals(m) + "_MESSAGE in " + contract.getSimpleName()));
    errors.stream().filter(e -> !named.contains("error " + e)).forEach(e -> wrong.add(file + ": error code " + e
        + " has no constant ..._ERROR in " + contract.getSimpleName()));
    return wrong;
  }

  /** " (it is in referral.bpmn)" when another model has the id. */
  private static String elsewhere(String id) {
    for (String file : CONTRACTS.keySet()) {
      if (model(file).getModelElementById(id) != null) {
        return " (it is in " + file + ")";
      }
    }
    return "";
  }

  /** verifyCase → VERIFY_CASE. */
  static String inCapitals(String id) {
    return id.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
  }

  @Test
  void everyExpressionOfEveryModelResolvesToABeanOfTheApplication() throws Exception {
    ModelExpressionRules rules = new ModelExpressionRules(applicationBeans());
    List<String> refused = new ArrayList<>();
    try (Stream<Path> files = Files.list(PROCESSES)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList()) {
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(file.toFile());
        expressions(document.getDocumentElement(), file.getFileName().toString(), rules, refused);
      }
    }
    assertThat(refused).as("expressions that the application's beans cannot serve (delegates, listeners, bean methods)")
        .isEmpty();
  }

  /** Checks every attribute and text of the element and its children as the model guard does. */
  private static void expressions(Element element, String where, ModelExpressionRules rules, List<String> refused) {
    String id = element.hasAttribute("id") ? where.replaceAll(" .*", "") + " " + element.getAttribute("id") : where;
    NamedNodeMap attributes = element.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Attr attribute = (Attr) attributes.item(i);
      String value = attribute.getValue();
      String reason = "delegateExpression".equals(attribute.getLocalName()) ? rules.checkDelegate(value)
          : hasExpression(value) ? rules.check(value) : null;
      if (reason != null) {
        refused.add(id + " " + attribute.getName() + " = " + value + ": " + reason);
      }
    }
    StringBuilder text = new StringBuilder();
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
        text.append(child.getNodeValue());
      } else if (child instanceof Element childElement) {
        expressions(childElement, id, rules, refused);
      }
    }
    if (hasExpression(text.toString())) {
      String reason = rules.check(text.toString().strip());
      if (reason != null) {
        refused.add(id + " " + element.getLocalName() + " = " + text.toString().strip() + ": " + reason);
      }
    }
  }

  private static boolean hasExpression(String text) {
    return text.contains("${") || text.contains("#{");
  }

  /**
   * The beans of the application by name, as Spring names them: every {@code @Component} (and stereotype) class of
   * src/main/java under org.aidflow, and the {@code @Bean} methods of those classes.
   */
  static Map<String, Class<?>> applicationBeans() throws ClassNotFoundException {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
    SimpleBeanDefinitionRegistry registry = new SimpleBeanDefinitionRegistry();
    Map<String, Class<?>> beans = new TreeMap<>();
    for (BeanDefinition definition : scanner.findCandidateComponents("org.aidflow")) {
      Class<?> type = Class.forName(definition.getBeanClassName());
      if (!Files.exists(source(type))) {
        continue; // a test's component
      }
      beans.put(AnnotationBeanNameGenerator.INSTANCE.generateBeanName(definition, registry), type);
      for (java.lang.reflect.Method method : type.getDeclaredMethods()) {
        Bean bean = org.springframework.core.annotation.AnnotatedElementUtils.findMergedAnnotation(method, Bean.class);
        if (bean != null) {
          beans.put(bean.name().length > 0 ? bean.name()[0] : method.getName(), method.getReturnType());
        }
      }
    }
    return beans;
  }

  /** The source file of a class of the application. */
  static Path source(Class<?> type) {
    Class<?> outer = type;
    while (outer.getEnclosingClass() != null) {
      outer = outer.getEnclosingClass();
    }
    return SOURCES.resolve(outer.getName().replace('.', '/') + ".java");
  }

  @Test
  void everyDecisionThatAModelCallsExists() throws IOException {
    Set<String> decisions = new HashSet<>();
    try (Stream<Path> files = Files.list(PROCESSES.resolve("decisions"))) {
      files.filter(p -> p.toString().endsWith(".dmn")).forEach(p -> Dmn.readModelFromFile(p.toFile())
          .getModelElementsByType(Decision.class).forEach(d -> decisions.add(d.getId())));
    }
    for (String file : CONTRACTS.keySet()) {
      for (BusinessRuleTask task : model(file).getModelElementsByType(BusinessRuleTask.class)) {
        assertThat(decisions).as("decision of business rule task %s in %s (processes/decisions has %s)", task.getId(),
            file, decisions).contains(task.getCamundaDecisionRef());
      }
    }
  }

  @Test
  void everyBpmnErrorThatJavaThrowsIsAnErrorConstantOfAModelThatDefinesIt() throws IOException {
    // the codes themselves are checked against each model's bpmn:error elements by the contract test
    Set<String> errorConstants = new HashSet<>();
    CONTRACTS.values().forEach(contract -> constantFields(contract).stream()
        .filter(f -> f.getName().endsWith("_ERROR")).forEach(f -> errorConstants.add(f.getName())));
    Pattern thrown = Pattern.compile("new BpmnError\\(\\s*([^,)]+)");
    Set<String> thrownConstants = new HashSet<>();
    List<String> wrong = new ArrayList<>();
    try (Stream<Path> sources = Files.walk(SOURCES)) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher matcher = thrown.matcher(Files.readString(source));
        while (matcher.find()) {
          String code = matcher.group(1).strip();
          String constant = code.substring(code.lastIndexOf('.') + 1);
          if (errorConstants.contains(constant) && code.matches("[\\w.]+")) {
            thrownConstants.add(constant);
          } else {
            wrong.add(SOURCES.relativize(source) + " throws BpmnError(" + code + "): an error code is an *_ERROR"
                + " constant of the contract class of the model that catches it");
          }
        }
      }
    }
    assertThat(wrong).as("BPMN errors that no model defines").isEmpty();
    assertThat(thrownConstants).as("error codes of the models that Java throws").isEqualTo(errorConstants);
  }

  @Test
  void everyServiceTaskIdLeadsToItsDelegateAndADelegateOfOneTaskIsNamedAfterIt() throws Exception {
    // the rule of docs/process-designers.md: <TaskId>Delegate for one task; a delegate of several tasks is named
    // after what they share and lists every task id it serves in its class comment
    Map<String, Class<?>> beans = applicationBeans();
    Map<String, List<String>> tasksOfBean = new TreeMap<>();
    for (String file : CONTRACTS.keySet()) {
      for (ServiceTask task : model(file).getModelElementsByType(ServiceTask.class)) {
        String bean = task.getCamundaDelegateExpression().replaceAll("^\\$\\{(\\w+)}$", "$1");
        tasksOfBean.computeIfAbsent(bean, b -> new ArrayList<>()).add(task.getId());
      }
    }
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, List<String>> entry : tasksOfBean.entrySet()) {
      Class<?> type = beans.get(entry.getKey());
      if (type == null) {
        wrong.add("no bean " + entry.getKey() + " for tasks " + entry.getValue());
        continue;
      }
      String source = Files.readString(source(type));
      for (String task : entry.getValue()) {
        if (!Pattern.compile("\\b" + Pattern.quote(task) + "\\b").matcher(source).find()) {
          wrong.add(type.getSimpleName() + ".java serves task " + task + " but does not name it: list every task id a"
              + " delegate serves in its class comment");
        }
      }
      String named = entry.getValue().size() == 1 ? delegateOf(entry.getValue().get(0)) : null;
      if (named != null && !type.getSimpleName().equals(named)) {
        wrong.add(type.getSimpleName() + " serves only task " + entry.getValue().get(0) + ": name it " + named);
      }
      if (named == null
          && entry.getValue().stream().map(ModelsTest::delegateOf).anyMatch(type.getSimpleName()::equals)) {
        wrong.add(type.getSimpleName() + " serves tasks " + entry.getValue() + ": name it after what they share");
      }
    }
    assertThat(wrong).as("delegates that a task id does not lead to").isEmpty();
  }

  private static String delegateOf(String taskId) {
    return Character.toUpperCase(taskId.charAt(0)) + taskId.substring(1) + "Delegate";
  }

  static List<BpmnModelInstance> models() throws IOException {
    List<BpmnModelInstance> models = new ArrayList<>();
    try (Stream<Path> files = Files.list(PROCESSES)) {
      files.filter(p -> p.toString().endsWith(".bpmn")).forEach(p -> models.add(Bpmn.readModelFromFile(p.toFile())));
    }
    return models;
  }

  private static BpmnModelInstance model(String file) {
    return Bpmn.readModelFromFile(PROCESSES.resolve(file).toFile());
  }

  private static Map<String, JsonNode> forms() throws IOException {
    Map<String, JsonNode> forms = new HashMap<>();
    ObjectMapper mapper = new ObjectMapper();
    try (Stream<Path> files = Files.list(PROCESSES.resolve("forms"))) {
      for (Path file : files.toList()) {
        JsonNode form = mapper.readTree(file.toFile());
        forms.put(form.get("id").asText(), form);
      }
    }
    return forms;
  }

  private static Set<String> constants(Class<?> holder) {
    Set<String> values = new HashSet<>();
    constantFields(holder).forEach(f -> values.add(value(f)));
    return values;
  }

  private static List<Field> constantFields(Class<?> holder) {
    return Arrays.stream(holder.getDeclaredFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class).toList();
  }

  private static String value(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
