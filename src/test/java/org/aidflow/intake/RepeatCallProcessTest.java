package org.aidflow.intake;

import static org.aidflow.shared.AidCaseModel.*;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.shared.ReferralModel.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.notification.Notifications.Notification;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.support.ProcessTestEngine;
import org.assertj.core.groups.Tuple;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A second call is a new need (event subprocess newNeed of aidCase): its categories join the open case, an urgent call
 * makes the case urgent from then on, and new categories are routed at once while the case is past verification.
 */
@Deployment(resources = {"processes/aid-case.bpmn", "processes/referral.bpmn", "processes/service-order.bpmn", "processes/escalation.bpmn",
    "processes/decisions/intake-org.dmn", "processes/decisions/hardship-level.dmn",
    "processes/decisions/referral-routing.dmn", "processes/decisions/approval-level.dmn",
    "processes/decisions/rights-track.dmn"})
class RepeatCallProcessTest {

  private static final ProcessTestEngine ENGINE = new ProcessTestEngine();

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ENGINE.extension();

  @BeforeEach
  void setUp(ProcessEngine processEngine) {
    init(processEngine);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
    identityService().clearAuthentication();
  }

  @Test
  void aDomesticViolenceCallOnAnOpenUnionCaseReachesTheWomensFederationAtOnceAndMakesTheCaseUrgent() {
    // Friday 10:00: a wage-arrears case of a DEEP household, taken in by an intake officer, goes to union and civil
    ClockUtil.setCurrentTime(Date.from(at("2026-12-04T10:00")));
    identityService().setAuthenticatedUserId("officer-wang");
    Map<String, Object> person = applicant(CATEGORIES, List.of("wage-arrears"));
    ProcessInstance aidCase = start(person);
    identityService().clearAuthentication();
    String caseNumber = aidCase.getBusinessKey();
    verify(aidCase);
    ProcessInstance union = referral(aidCase, "union");
    assertThat(task(union).getDueDate()).isEqualTo(Date.from(at("2026-12-08T10:00")));
    assertThat(task(union).getPriority()).isEqualTo(50);

    // 11:00: the same person calls the women's hotline 12338 about domestic violence
    ClockUtil.setCurrentTime(Date.from(at("2026-12-04T11:00")));
    identityService().setAuthenticatedUserId("officer-li");
    ProcessInstance call = start(again(person, CATEGORIES, List.of("domestic-violence"), CHANNEL, "hotline-12338",
        DESCRIPTION, "遭受家庭暴力，需要帮助"));
    identityService().clearAuthentication();

    assertThat(call).isEnded().hasPassed(RECORD_CONTACT_ON_OPEN_CASE, CASE_JOINED_OPEN_CASE);
    // the officer who took the call learns which case it joined, from AidFlow's table; nobody else does
    assertThat(ENGINE.cases().intakeOutcome(call.getId(), "officer-li"))
        .contains(new CaseRegistry.IntakeOutcome(caseNumber, true));
    assertThat(ENGINE.cases().intakeOutcome(call.getId(), "officer-wang")).isEmpty();
    assertThat(ENGINE.cases().intakeOutcome(aidCase.getId(), "officer-wang"))
        .contains(new CaseRegistry.IntakeOutcome(caseNumber, false));
    assertThat(ENGINE.cases().intakeOutcome(aidCase.getId(), "officer-li")).isEmpty();
    assertThat(aidCase).hasPassed(REPEAT_CALL, RECORD_NEW_NEED, ROUTE_NEW_NEED, PLAN_NEW_REFERRALS)
        .isWaitingAt(REFER_TO_ORGANISATIONS, REFER_NEW_NEED);
    ProcessInstance women = referral(aidCase, "women");
    assertThat(women).isWaitingAt(ACCEPT_REFERRAL);
    Task womenAccept = task(women);
    assertThat(womenAccept).hasCandidateGroup("women-33-caseworkers");
    // urgent: four hours to accept, first in Tasklist
    assertThat(womenAccept.getDueDate()).isEqualTo(Date.from(at("2026-12-04T15:00")));
    assertThat(womenAccept.getPriority()).isEqualTo(80);
    assertThat((String) runtimeService().getVariable(women.getId(), ROUTING_NOTE)).contains("家庭暴力");
    assertThat(runtimeService().getVariable(women.getId(), CATEGORIES_TEXT)).isEqualTo("欠薪、家庭暴力");
    assertThat(ENGINE.referrals().referralsOf(caseNumber)).extracting(r -> r.org()).containsExactlyInAnyOrder("union",
        "civil", "women");

    // the work already open is urgent from the call on: due times, reminders, timers and priority
    Task unionAccept = task(union);
    assertThat(unionAccept.getDueDate()).isEqualTo(Date.from(at("2026-12-04T15:00")));
    assertThat(unionAccept.getFollowUpDate()).isEqualTo(Date.from(at("2026-12-04T14:12")));
    assertThat(unionAccept.getPriority()).isEqualTo(80);
    List<Job> unionTimers = managementService().createJobQuery().processInstanceId(union.getId()).timers().list();
    assertThat(unionTimers).isNotEmpty()
        .allSatisfy(job -> assertThat(job.getDuedate()).isBeforeOrEqualTo(Date.from(at("2026-12-04T19:00"))));
    assertThat(runtimeService().getVariable(union.getId(), URGENT)).isEqualTo(true);

    // the facts, in AidFlow's tables
    assertThat(ENGINE.cases().categoriesOf(caseNumber)).containsExactly("wage-arrears", "domestic-violence");
    assertThat(ENGINE.cases().isUrgent(caseNumber)).isTrue();
    assertThat(runtimeService().getVariable(aidCase.getId(), URGENCY_TEXT)).isEqualTo("紧急");
    // the intake officer and the case's caseworkers are told
    assertThat(ENGINE.notifications().forCase(caseNumber)).filteredOn(n -> n.kind().equals("NEW_NEED"))
        .extracting(Notification::recipientUser, Notification::recipientGroup)
        .containsExactlyInAnyOrder(Tuple.tuple("officer-wang", null), Tuple.tuple(null, "union-33-caseworkers"),
            Tuple.tuple(null, "civil-33-caseworkers"))
        .isNotEmpty();
    assertThat(ENGINE.notifications().forCase(caseNumber)).filteredOn(n -> n.kind().equals("NEW_NEED"))
        .allSatisfy(n -> assertThat(n.message()).contains("家庭暴力", "紧急").doesNotContain("13812345678"));

    // the women's referral is one like any other
    complete(task(women), withVariables(ACCEPTED, false, DECLINE_REASON, "已转公安机关处理"));
    assertThat(aidCase).hasPassed(NEW_NEED_REFERRED).isWaitingAt(REFER_TO_ORGANISATIONS);
  }

  @Test
  void aCallWhileTheCaseAwaitsVerificationJoinsTheCaseAndItsRoutingAndShortensTheVerification() {
    ClockUtil.setCurrentTime(Date.from(at("2026-12-04T10:00")));
    Map<String, Object> person = applicant();
    ProcessInstance aidCase = start(person);
    assertThat(task(aidCase).getDueDate()).isEqualTo(Date.from(at("2026-12-09T10:00")));

    ClockUtil.setCurrentTime(Date.from(at("2026-12-04T11:00")));
    start(again(person, CATEGORIES, List.of("minor-protection"), CHANNEL, "hotline-12355"));

    assertThat(aidCase).hasPassed(RECORD_NEW_NEED, NEW_NEED_JOINED).hasNotPassed(ROUTE_NEW_NEED)
        .isWaitingAt(VERIFY_CASE);
    Task verify = task(aidCase);
    assertThat(verify.getDueDate()).isEqualTo(Date.from(at("2026-12-05T11:00")));
    assertThat(verify.getFollowUpDate()).isEqualTo(Date.from(at("2026-12-05T06:12")));
    assertThat(verify.getPriority()).isEqualTo(80);
    assertThat(managementService().createJobQuery().processInstanceId(aidCase.getId()).timers().list())
        .extracting(Job::getDuedate).containsExactlyInAnyOrder(Date.from(at("2026-12-05T06:12")),
            Date.from(at("2026-12-05T11:00")));

    // verification routes every category the case has now
    verify(aidCase);
    assertThat(aidCase).isWaitingAt(REFER_TO_ORGANISATIONS);
    assertThat(runtimeService().getVariable(aidCase.getId(), REFERRAL_ORGS)).asList().contains("youth", "union");
  }

  @Test
  void aCallWhoseNeedTheReferredOrganisationsCoverAddsNoReferralAndKeepsTheServiceLevel() {
    ClockUtil.setCurrentTime(Date.from(at("2026-12-04T10:00")));
    Map<String, Object> person = applicant(CATEGORIES, List.of("wage-arrears"));
    ProcessInstance aidCase = start(person);
    verify(aidCase);
    ProcessInstance union = referral(aidCase, "union");

    start(again(person, CATEGORIES, List.of("living"), CHANNEL, "hotline-12351"));

    assertThat(aidCase).hasPassed(ROUTE_NEW_NEED, NEW_NEED_NO_NEW_REFERRAL).hasNotPassed(REFER_NEW_NEED);
    assertThat(ENGINE.cases().categoriesOf(aidCase.getBusinessKey())).containsExactly("wage-arrears", "living");
    assertThat(ENGINE.cases().isUrgent(aidCase.getBusinessKey())).isFalse();
    assertThat(task(union).getDueDate()).isEqualTo(Date.from(at("2026-12-08T10:00")));
    assertThat(task(union).getPriority()).isEqualTo(50);
    assertThat(ENGINE.referrals().referralsOf(aidCase.getBusinessKey())).hasSize(2);
  }

  @Test
  void categoriesATaskHolderWroteIntoTheCaseAreNotRegisteredByALaterCall() {
    ClockUtil.setCurrentTime(Date.from(at("2026-12-04T10:00")));
    Map<String, Object> person = applicant(CATEGORIES, List.of("wage-arrears"));
    ProcessInstance aidCase = start(person);
    verify(aidCase);
    ProcessInstance union = referral(aidCase, "union");
    // written through the Java API, which takes any variable
    runtimeService().setVariable(aidCase.getId(), CATEGORIES,
        org.aidflow.shared.CaseVariables.jsonList(List.of("wage-arrears", "domestic-violence")));

    start(again(person, CATEGORIES, List.of("living"), CHANNEL, "hotline-12351"));

    assertThat(ENGINE.cases().categoriesOf(aidCase.getBusinessKey())).containsExactly("wage-arrears", "living");
    assertThat(ENGINE.cases().urgencyOf(aidCase.getBusinessKey())).contains(false);
    assertThat(task(union).getPriority()).isEqualTo(50);
  }

  // ------------------------------------------------------------------ helpers

  private static ProcessInstance start(Map<String, Object> variables) {
    return runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, variables);
  }

  /** The same person's intake with some fields replaced: pairs of name and value. */
  private static Map<String, Object> again(Map<String, Object> person, Object... overrides) {
    Map<String, Object> v = new java.util.HashMap<>(person);
    for (int i = 0; i < overrides.length; i += 2) {
      v.put((String) overrides[i], overrides[i + 1]);
    }
    return v;
  }

  private static void verify(ProcessInstance aidCase) {
    assertThat(aidCase).isWaitingAt(VERIFY_CASE);
    complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实"));
  }

  private static ProcessInstance referral(ProcessInstance aidCase, String org) {
    return runtimeService().createProcessInstanceQuery().superProcessInstanceId(aidCase.getId())
        .variableValueEquals(ORG, org).singleResult();
  }

  private static Instant at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(AidFlowConfiguration.ZONE).toInstant();
  }
}
