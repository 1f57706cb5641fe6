package org.aidflow.referral;

import static org.aidflow.support.FormViews.shownText;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.shared.ReferralModel.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.claim;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.aidflow.support.Plans.*;

import java.util.List;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.ReferralModel;
import org.aidflow.support.ProcessTestEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 21 items 5 and 6 (docs/desk.md): the worker who accepted a referral is assigned its next tasks while the
 * unit's caseworkers stay candidates; every task has a due date; planning and approval show the rights outcome, the
 * approval levels and the previous approval note, read when the task opens.
 */
@Deployment(resources = {"processes/referral.bpmn", "processes/escalation.bpmn", "processes/decisions/approval-level.dmn",
    "processes/decisions/rights-track.dmn", "processes/decisions/referral-routing.dmn"})
class DeskAssignmentProcessTest {

  private static final ProcessTestEngine ENGINE = new ProcessTestEngine();
  private static int caseCounter;

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ENGINE.extension();

  private String caseNumber;

  @BeforeEach
  void setUp(ProcessEngine processEngine) {
    init(processEngine);
    caseNumber = String.format("QBH-2026-8%05d", ++caseCounter);
    ENGINE.cases().registerOpenCase(new CaseRegistry.NewCase(caseNumber, "case-instance-d" + caseCounter,
        "hash-d" + caseCounter, null, null, "union", "window", false, true));
    member("desk-worker", "union-33-caseworkers");
    member("desk-other", "union-33-caseworkers");
    member("desk-outsider", "civil-33-caseworkers");
  }

  @Test
  void theAcceptorIsAssignedMediationAndPlanningAndEveryTaskHasADueDate() {
    ProcessInstance referral = start("union", "labour-legal-aid", "wage-arrears");
    Task accept = task(referral);
    assertThat(accept.getDueDate()).isNotNull();
    claim(accept, "desk-worker");
    // as Tasklist does: the caller is signed in while completing
    identityService().setAuthenticatedUserId("desk-worker");
    try {
      complete(accept, withVariables(ACCEPTED, true));
    } finally {
      identityService().clearAuthentication();
    }

    assertThat(referral).isWaitingAt(MEDIATE);
    assertThat(task(referral)).isAssignedTo("desk-worker");
    assertThat(candidateGroups(task(referral))).contains("union-33-caseworkers");
    assertThat(task(referral).getDueDate()).isNotNull();
    assertThat(shownText(task(referral), RIGHTS_PROGRESS)).isEqualTo("尚无维权记录");

    complete(task(referral), withVariables(RIGHTS_RESOLVED, true, RECOVERED_AMOUNT, 16000, RIGHTS_NOTE, "调解达成协议"));

    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE);
    Task plan = task(referral);
    assertThat(plan).isAssignedTo("desk-worker");
    assertThat(candidateGroups(plan)).contains("union-33-caseworkers");
    assertThat(plan.getDueDate()).isNotNull();
    assertThat(shownText(plan, RIGHTS_PROGRESS))
        .contains("调解：已完成，调解达成协议").contains("维权结果：已解决，追回 16,000.00 元");
    assertThat(shownText(plan, APPROVAL_RULES_TEXT))
        .isEqualTo("不超过 2,000.00 元：无需审批；超过 2,000.00 元、不超过 10,000.00 元：本单位审批；超过 10,000.00 元：联合审批");
    assertThat(shownText(plan, SERVICE_ITEM_OPTIONS))
        .contains("\"value\":\"labour-legal-aid\"").contains("\"value\":\"hardship-grant\"")
        .doesNotContain("safety-net-review");

    // another caseworker of the unit takes the plan over
    taskService().setAssignee(plan.getId(), "desk-other");
    complete(task(referral), withVariables(CASH_ITEMS, cash("union-aid", 3000), SERVICES, "hardship-grant"));

    assertThat(referral).isWaitingAt(APPROVE_PLAN);
    Task approval = task(referral);
    assertThat(approval.getAssignee()).isNull();
    assertThat(approval.getDueDate()).isNotNull();
    assertThat(shownText(approval, PREVIOUS_APPROVAL_NOTE)).isEqualTo("无");
    complete(approval, withVariables(APPROVED, false, APPROVAL_NOTE, "金额偏高，请调整"));

    assertThat(task(referral)).isAssignedTo("desk-worker");
    complete(task(referral), withVariables(CASH_ITEMS, cash("union-aid", 2500), SERVICES, "hardship-grant"));
    assertThat(shownText(task(referral), PREVIOUS_APPROVAL_NOTE))
        .isEqualTo("金额偏高，请调整");
  }

  @Test
  void nobodyIsAssignedWhenTheAcceptorIsNoLongerACaseworkerOfTheUnit() {
    ProcessInstance referral = start("union", "hardship-grant", "hardship");
    claim(task(referral), "desk-outsider");
    identityService().setAuthenticatedUserId("desk-outsider");
    try {
      complete(task(referral), withVariables(ACCEPTED, true));
    } finally {
      identityService().clearAuthentication();
    }

    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE);
    assertThat(task(referral).getAssignee()).isNull();
    assertThat(task(referral)).hasCandidateGroup("union-33-caseworkers");
  }

  @Test
  void theAcceptorsMembershipDecidesNotTheGroupsTheirLoginLists() {
    // signed in without the unit's group (a login from before they joined): their membership counts
    ProcessInstance member = start("union", "hardship-grant", "hardship");
    claim(task(member), "desk-other");
    completeSignedIn(task(member), "desk-other", List.of("civil-33-caseworkers"));
    assertThat(task(member)).isAssignedTo("desk-other");

    // a login that still lists the unit's group (a session from before they left the unit): not a member here, so
    // nobody is assigned and the unit's caseworkers keep the task
    ProcessInstance outsider = start("union", "hardship-grant", "hardship");
    claim(task(outsider), "desk-outsider");
    completeSignedIn(task(outsider), "desk-outsider", List.of("civil-33-caseworkers", "union-33-caseworkers"));
    assertThat(task(outsider).getAssignee()).isNull();
    assertThat(task(outsider)).hasCandidateGroup("union-33-caseworkers");
  }

  private static void completeSignedIn(Task task, String user, List<String> groups) {
    identityService().setAuthentication(user, groups);
    try {
      complete(task, withVariables(ACCEPTED, true));
    } finally {
      identityService().clearAuthentication();
    }
  }

  @Test
  void aPlanFormShowsTheApprovalLevelsOfTheLatestDecisionADesignerDeployed() throws java.io.IOException {
    ProcessInstance referral = start("union", "hardship-grant", "hardship");
    complete(task(referral), withVariables(ACCEPTED, true));
    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE);
    assertThat(shownText(task(referral), APPROVAL_RULES_TEXT)).startsWith("不超过 2,000.00 元：无需审批");

    String newer;
    try (var shipped = getClass().getResourceAsStream("/processes/decisions/approval-level.dmn")) {
      newer = new String(shipped.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("2000", "3000");
    }
    String deployment = org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.repositoryService()
        .createDeployment().addString("approval-level.dmn", newer).deploy().getId();
    try {
      // the deployment is seen at once, though the version before was found a moment ago (shared.LatestDecisionsPlugin)
      assertThat(shownText(task(referral), APPROVAL_RULES_TEXT))
          .startsWith("不超过 3,000.00 元：无需审批；超过 3,000.00 元");
      String[] shown = new String[1];
      java.util.Map<String, Integer> read = ENGINE.statementsRead(
          () -> shown[0] = shownText(task(referral), APPROVAL_RULES_TEXT));
      assertThat(shown[0]).startsWith("不超过 3,000.00 元：无需审批；超过 3,000.00 元");
      // found once, the approval and routing decisions are not looked up again at the next opening
      assertThat(read.keySet()).noneMatch(statement -> statement.startsWith("selectLatestDecisionDefinition"));
    } finally {
      org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.repositoryService().deleteDeployment(deployment, true);
    }
    assertThat(shownText(task(referral), APPROVAL_RULES_TEXT)).as("the newer version's deployment deleted")
        .startsWith("不超过 2,000.00 元：无需审批");
  }

  @Test
  void civilAffairsPlansOfferTheSafetyNetReviewItIsReferredFor() {
    ProcessInstance referral = start("civil", "safety-net-review", "hardship");
    complete(task(referral), withVariables(ACCEPTED, true));

    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE);
    assertThat(shownText(task(referral), SERVICE_ITEM_OPTIONS))
        .contains("{\"label\":\"低保审核\",\"value\":\"safety-net-review\"}");
    complete(task(referral), withVariables(CASH_ITEMS, cash(), SERVICE_ITEMS, services("safety-net-review"), SERVICES,
        "safety-net-review"));
    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE);
  }

  private ProcessInstance start(String org, String services, String category) {
    return runtimeService().startProcessInstanceByKey(ReferralModel.PROCESS_KEY, caseNumber,
        Variables.putValue(CASE_NUMBER, caseNumber).putValue(ORG, org).putValue(SERVICES, services)
            .putValue(SERVICES_TEXT, services).putValue(ASSESSMENT_CYCLE, 1).putValue(CONSENT, true));
  }

  /** The task's candidate groups, assigned or not (bpm-assert's hasCandidateGroup sees unassigned tasks only). */
  private static java.util.List<String> candidateGroups(Task task) {
    return taskService().getIdentityLinksForTask(task.getId()).stream()
        .filter(link -> "candidate".equals(link.getType())).map(link -> link.getGroupId()).toList();
  }

  private static void member(String user, String group) {
    if (identityService().createUserQuery().userId(user).count() == 0) {
      identityService().saveUser(identityService().newUser(user));
    }
    if (identityService().createGroupQuery().groupId(group).count() == 0) {
      identityService().saveGroup(identityService().newGroup(group));
    }
    if (identityService().createUserQuery().userId(user).memberOfGroup(group).count() == 0) {
      identityService().createMembership(user, group);
    }
  }
}
