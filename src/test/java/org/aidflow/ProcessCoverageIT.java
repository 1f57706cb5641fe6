package org.aidflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.junit.jupiter.api.Test;

/**
 * Runs after the process tests (failsafe phase) and reads their coverage reports: every flow node of every model
 * in processes/ must have been reached by some test.
 */
class ProcessCoverageIT {

  private static final Path REPORTS = Path.of("target/process-test-coverage");

  @Test
  void everyFlowNodeOfEveryModelIsCoveredByAProcessTest() throws IOException {
    assertThat(REPORTS).as("process test coverage reports; run `mvn verify`, not the IT alone").isDirectory();
    Map<String, Set<String>> covered = new HashMap<>();
    ObjectMapper mapper = new ObjectMapper();
    try (Stream<Path> files = Files.walk(REPORTS)) {
      for (Path report : files.filter(p -> p.getFileName().toString().equals("report.json")).toList()) {
        for (JsonNode suite : mapper.readTree(report.toFile()).get("suites")) {
          for (JsonNode run : suite.get("runs")) {
            for (JsonNode event : run.get("events")) {
              if ("FLOW_NODE".equals(event.get("source").asText())) {
                covered.computeIfAbsent(event.get("modelKey").asText(), k -> new HashSet<>())
                    .add(event.get("definitionKey").asText());
              }
            }
          }
        }
      }
    }
    for (BpmnModelInstance model : ModelsTest.models()) {
      String key = model.getModelElementsByType(Process.class).iterator().next().getId();
      Set<String> missing = new TreeSet<>();
      for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
        if (!covered.getOrDefault(key, Set.of()).contains(node.getId())) {
          missing.add(node.getId());
        }
      }
      assertThat(missing).as("flow nodes of %s that no process test reaches", key).isEmpty();
    }
    assertThat(covered.keySet()).containsAll(List.of("aidCase", "referral"));
  }
}
