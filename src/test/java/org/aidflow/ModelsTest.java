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
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.aidflow.shared.CaseModel;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.Test;

/**
 * What a designer can break in processes/ without any process test noticing: forms that do not exist, field keys
 * that are no process variable, delegates that no Java class implements, ids that Java refers to.
 */
class ModelsTest {

  private static final Path PROCESSES = Path.of("processes");
  /** Free-text notes that only forms write; every other key must be a variable of CaseModel.Var. */
  private static final Set<String> FORM_ONLY_NOTES = Set.of("planNote", "deliveryNote", "followUpNote");

  @Test
  void everyUserTaskAndStartFormRefersToAFormThatExistsAndEveryTaskHasCandidates() throws IOException {
    Map<String, JsonNode> forms = forms();
    for (BpmnModelInstance model : models()) {
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        assertThat(forms).as("form of user task %s", task.getId()).containsKey(task.getCamundaFormRef());
        assertThat(task.getCamundaCandidateGroups()).as("candidate groups of %s", task.getId()).isNotBlank();
        assertThat(task.getName()).as("Chinese name of %s", task.getId()).matches(".*\\p{IsHan}.*");
      }
    }
    StartEvent intake = model("aid-case.bpmn").getModelElementById("intakeReceived");
    assertThat(forms).containsKey(intake.getCamundaFormRef());
  }

  @Test
  void everyFormFieldIsAProcessVariableAndEveryLabelIsChinese() throws IOException {
    Set<String> variables = constants(CaseModel.Var.class);
    for (Map.Entry<String, JsonNode> form : forms().entrySet()) {
      for (JsonNode component : fields(form.getValue().get("components"))) {
        // a group with a path is one variable (an object); its fields are that object's members
        String key = component.has("key") ? component.get("key").asText() : component.get("path").asText();
        assertThat(variables.contains(key) || FORM_ONLY_NOTES.contains(key))
            .as("field %s of form %s is a known variable", key, form.getKey()).isTrue();
        assertThat(component.get("label").asText()).as("label of %s", key).matches(".*\\p{IsHan}.*");
      }
    }
  }

  @Test
  void everyTaskFormShowsTheOneCaseHeaderFirst() throws IOException {
    assertThat(constants(CaseModel.Var.class)).contains(CaseModel.Var.CASE_HEADER);
    StartEvent intake = model("aid-case.bpmn").getModelElementById("intakeReceived");
    for (Map.Entry<String, JsonNode> form : forms().entrySet()) {
      if (form.getKey().equals(intake.getCamundaFormRef())) {
        continue; // no case yet
      }
      JsonNode first = form.getValue().get("components").get(0);
      assertThat(first.get("type").asText() + " " + first.path("text").asText()).as("first component of %s", form.getKey())
          .isEqualTo("text {{" + CaseModel.Var.CASE_HEADER + "}}");
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
  void everyElementIdThatJavaNamesExistsInAModelAndEveryModelKeepsItsHistoryTimeToLive() throws IOException {
    Set<String> ids = new HashSet<>();
    for (BpmnModelInstance model : models()) {
      model.getModelElementsByType(BaseElement.class).forEach(e -> ids.add(e.getId()));
      for (Process process : model.getModelElementsByType(Process.class)) {
        assertThat(process.getCamundaHistoryTimeToLiveString()).as("history TTL of %s", process.getId()).isNotBlank();
      }
    }
    assertThat(ids).containsAll(constants(CaseModel.Element.class));
    assertThat(ids).containsAll(constants(CaseModel.Process.class));
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
    Arrays.stream(holder.getDeclaredFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
        .forEach(f -> values.add(value(f)));
    return values;
  }

  private static String value(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
