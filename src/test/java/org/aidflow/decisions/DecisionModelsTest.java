package org.aidflow.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.InformationRequirement;
import org.camunda.bpm.model.dmn.instance.Input;
import org.camunda.bpm.model.dmn.instance.InputData;
import org.camunda.bpm.model.dmn.instance.Output;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.camunda.bpm.model.xml.instance.DomElement;
import org.junit.jupiter.api.Test;

/**
 * What a designer relies on when opening processes/decisions in Camunda Modeler: typed inputs, the allowed values
 * of each fixed-set output (and no cell outside them), a Chinese note on every rule saying which policy it
 * implements, and a requirements diagram (DRD) that draws every decision and input.
 */
class DecisionModelsTest {

  private static final Path DECISIONS = Path.of("processes/decisions");
  private static final Set<String> CAMUNDA_TYPES = Set.of("string", "boolean", "integer", "long", "double", "date");
  /**
   * Inputs whose value is a list. Camunda 7 has no list type: any typeRef either converts the list (string) or
   * is unknown (a warning at every parse), so these carry none and their cells use list functions.
   */
  private static final Map<String, String> LIST_INPUTS = Map.of("referral-routing", "categories");

  @Test
  void everyInputIsTypedExceptTheListOfCategories() throws IOException {
    for (Decision decision : decisions()) {
      for (Input input : table(decision).getInputs()) {
        String expression = input.getInputExpression().getText().getTextContent();
        String type = input.getInputExpression().getTypeRef();
        if (expression.equals(LIST_INPUTS.get(decision.getId()))) {
          assertThat(type).as("list input %s of %s", expression, decision.getId()).isNull();
        } else {
          assertThat(type).as("type of input %s of %s", expression, decision.getId()).isIn(CAMUNDA_TYPES);
        }
      }
    }
  }

  @Test
  void fixedSetOutputsListTheirAllowedValuesAndNoRuleLeavesThem() throws IOException {
    Set<String> withValues = new HashSet<>();
    for (Decision decision : decisions()) {
      DecisionTable table = table(decision);
      List<Output> outputs = List.copyOf(table.getOutputs());
      for (int i = 0; i < outputs.size(); i++) {
        Output output = outputs.get(i);
        if (output.getOutputValues() == null) {
          continue;
        }
        withValues.add(decision.getId() + "." + output.getName());
        Set<String> allowed = Set.copyOf(Arrays.stream(output.getOutputValues().getTextContent().split(","))
            .map(String::trim).toList());
        for (Rule rule : table.getRules()) {
          String cell = List.copyOf(rule.getOutputEntries()).get(i).getTextContent().trim();
          assertThat(allowed).as("%s of rule %s", output.getName(), rule.getId()).contains(cell);
        }
      }
    }
    assertThat(withValues).contains("hardship-level.hardshipLevel", "approval-level.approvalLevel",
        "intake-org.intakeOrg", "referral-routing.org", "referral-routing.service", "rights-track.rightsTrack");
  }

  @Test
  void theLowLineIsAnInputOfTheHardshipLevelNotAHiddenVariable() throws IOException {
    Decision hardship = decisions().stream().filter(d -> d.getId().equals("hardship-level")).findFirst().orElseThrow();
    assertThat(table(hardship).getInputs()).extracting(i -> i.getInputExpression().getText().getTextContent())
        .contains("lowLine");
  }

  @Test
  void everyRuleSaysInChineseWhichPolicyItImplements() throws IOException {
    for (Decision decision : decisions()) {
      for (Rule rule : table(decision).getRules()) {
        assertThat(rule.getDescription()).as("annotation of %s", rule.getId()).isNotNull();
        assertThat(rule.getDescription().getTextContent()).as("annotation of %s", rule.getId())
            .matches("(?s).*\\p{IsHan}.*");
      }
    }
  }

  @Test
  void theRequirementsDiagramDrawsEveryDecisionInputAndRequirement() throws IOException {
    for (DmnModelInstance model : models()) {
      Set<String> drawn = new HashSet<>();
      for (String type : List.of("DMNShape", "DMNEdge")) {
        model.getDocument().getElementsByNameNs("https://www.omg.org/spec/DMN/20191111/DMNDI/", type).stream()
            .map((DomElement e) -> e.getAttribute("dmnElementRef")).forEach(drawn::add);
      }
      Stream.of(Decision.class, InputData.class, InformationRequirement.class)
          .flatMap(type -> model.getModelElementsByType(type).stream())
          .map(e -> e.getAttributeValue("id"))
          .forEach(id -> assertThat(drawn).as("diagram element for %s", id).contains(id));
      assertThat(model.getModelElementsByType(InputData.class)).as("input data of %s",
          model.getDefinitions().getId()).isNotEmpty();
    }
  }

  private static DecisionTable table(Decision decision) {
    return (DecisionTable) decision.getExpression();
  }

  private static List<Decision> decisions() throws IOException {
    return models().stream().flatMap(m -> m.getModelElementsByType(Decision.class).stream()).toList();
  }

  private static List<DmnModelInstance> models() throws IOException {
    try (Stream<Path> files = Files.list(DECISIONS)) {
      return files.filter(p -> p.toString().endsWith(".dmn")).sorted()
          .map(p -> Dmn.readModelFromFile(p.toFile())).toList();
    }
  }
}
