package org.aidflow.assistance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.aidflow.shared.IntakeVocabulary;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.junit.jupiter.api.Test;

/**
 * Each organisation's service list on the planning form offers every service decision referral-routing refers it
 * for, and the approval hint reads its thresholds from decision approval-level (docs/desk.md).
 */
class ServiceListDecisionTest {

  @Test
  void everyServiceRoutingRefersAnOrganisationForIsOnThatOrganisationsList() {
    List<TaskPanels.RuleOutputs> routing = TaskPanels.rules(model("referral-routing.dmn"), TaskPanels.ROUTING_DECISION);
    assertThat(routing).isNotEmpty();
    for (TaskPanels.RuleOutputs rule : routing) {
      String org = rule.outputs().get("org");
      String service = rule.outputs().get("service");
      assertThat(org).as("rule %s routes to an organisation", rule.description()).isNotNull();
      assertThat(TaskPanels.serviceOptions(routing, org)).as("%s's service list", org).containsKey(service);
      assertThat(IntakeVocabulary.REFERRAL_SERVICE_LABELS).as("the vocabulary names %s", service).containsKey(service);
    }
    assertThat(TaskPanels.serviceOptions(routing, "civil")).containsEntry("safety-net-review", "低保审核")
        .doesNotContainKey("labour-legal-aid");
    // the general services stay on every list
    assertThat(TaskPanels.serviceOptions(routing, "civil"))
        .containsKeys(org.aidflow.organisation.Providers.SERVICES.keySet().toArray(String[]::new));
  }

  @Test
  void theApprovalBandsAreTheCellsOfTheApprovalLevelDecision() {
    List<TaskPanels.Band> bands = TaskPanels.approvalBands(TaskPanels.rules(model("approval-level.dmn"),
        TaskPanels.APPROVAL_DECISION));

    assertThat(bands).extracting(TaskPanels.Band::level).containsExactly("NONE", "ORG", "JOINT");
    assertThat(bands).extracting(TaskPanels.Band::text).containsExactly("无需审批", "本单位审批", "联合审批");
    assertThat(bands.get(0).upTo()).isEqualByComparingTo(new BigDecimal("2000"));
    assertThat(bands.get(1).above()).isEqualByComparingTo(new BigDecimal("2000"));
    assertThat(bands.get(1).upTo()).isEqualByComparingTo(new BigDecimal("10000"));
    assertThat(bands.get(2).above()).isEqualByComparingTo(new BigDecimal("10000"));
    assertThat(bands.get(1).words()).isEqualTo("超过 2,000.00 元、不超过 10,000.00 元");
  }

  @Test
  void cellsOfOtherShapesAreReadToo() {
    List<TaskPanels.Band> bands = TaskPanels.approvalBands(List.of(
        new TaskPanels.RuleOutputs("甲：x", List.of("< 500"), Map.of("approvalLevel", "A")),
        new TaskPanels.RuleOutputs(null, List.of("[500..800["), Map.of("approvalLevel", "B")),
        new TaskPanels.RuleOutputs("丙", List.of(">= 800"), Map.of("approvalLevel", "C"))));
    assertThat(bands.get(0).below()).isEqualByComparingTo("500");
    assertThat(bands.get(0).text()).isEqualTo("甲");
    assertThat(bands.get(1).atLeast()).isEqualByComparingTo("500");
    assertThat(bands.get(1).below()).isEqualByComparingTo("800");
    assertThat(bands.get(1).text()).isEqualTo("B");
    assertThat(bands.get(2).atLeast()).isEqualByComparingTo("800");
  }

  private DmnModelInstance model(String file) {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("processes/decisions/" + file)) {
      return Dmn.readModelFromStream(in);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
