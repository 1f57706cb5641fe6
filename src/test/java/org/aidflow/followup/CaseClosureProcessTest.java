package org.aidflow.followup;

import static org.aidflow.servicelevel.EscalationModel.*;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aidflow.servicelevel.EscalationModel;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.notification.Notifications.Notification;
import org.aidflow.shared.ReferralRegistry.Referral;
import org.aidflow.shared.ReferralRegistry.Status;
import org.aidflow.support.ProcessTestEngine;
import org.assertj.core.groups.Tuple;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing is left behind a closed case (its escalations, timers and unsent work notices end with it), and a refusal is
 * explained (the NOT_ELIGIBLE reason in words, told to the intake officer and, with consent, to the applicant).
 */
@Deployment(resources = {"processes/aid-case.bpmn", "processes/referral.bpmn", "processes/service-order.bpmn", "processes/escalation.bpmn",
    "processes/decisions/intake-org.dmn", "processes/decisions/hardship-level.dmn",
    "processes/decisions/referral-routing.dmn", "processes/decisions/approval-level.dmn",
    "processes/decisions/rights-track.dmn"})
class CaseClosureProcessTest {

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
  void aCaseClosedUnverifiedEndsItsEscalationCancelsItsNoticesAndExplainsTheRefusal() {
    ClockUtil.setCurrentTime(Date.from(at("2026-12-04T10:00")));
    identityService().setAuthenticatedUserId("officer-li");
    ProcessInstance aidCase = start(applicant());
    identityService().clearAuthentication();
    String caseNumber = aidCase.getBusinessKey();
    // the reminder is due, then the verification is late: a reminder and an escalation wait to be sent
    ClockUtil.setCurrentTime(Date.from(at("2026-12-09T10:01")));
    executeDueTimers();
    ProcessInstance escalation = escalationOf(caseNumber);
    assertThat(escalation).isWaitingAt(ESCALATION);
    assertThat(ENGINE.notifications().pendingForCase(caseNumber)).extracting(Notification::kind)
        .containsExactly("REMINDER", "ESCALATION");

    complete(task(aidCase), withVariables(VERIFIED, false, UNVERIFIED_REASON, "经入户核实，家庭实际收入高于申报"));

    assertThat(aidCase).isEnded().hasPassed(CLOSE_UNVERIFIED);
    assertThat(escalation).isEnded();
    assertThat(ENGINE.escalations().forCase(caseNumber)).singleElement()
        .satisfies(e -> assertThat(e.handledAt()).isNotNull());
    assertThat(jobsOf(aidCase.getId(), escalation.getId())).isZero();
    assertThat(ENGINE.cases().notEligibleReasonOf(caseNumber)).contains("经入户核实，家庭实际收入高于申报");
    // only the notices about the refusal are still to be sent: to the intake officer and the applicant
    assertThat(ENGINE.notifications().pendingForCase(caseNumber))
        .extracting(Notification::kind, Notification::recipientUser, Notification::recipientGroup)
        .containsExactly(Tuple.tuple("NOT_ELIGIBLE", "officer-li", null), Tuple.tuple("APPLICANT", null, null));
    assertThat(ENGINE.notifications().pendingForCase(caseNumber)).allSatisfy(n -> assertThat(n.message())
        .contains(caseNumber, "不符合帮扶条件", "经入户核实，家庭实际收入高于申报").doesNotContain("13812345678"));
    // a reminder decided after the closure is never queued
    assertThat(ENGINE.notifications().enqueue("late-reminder", "REMINDER", null, "union-33-caseworkers", caseNumber,
        "迟到的提醒")).isFalse();
  }

  @Test
  void aCaseFoundNotEligibleByRoutingKeepsItsReasonAndTellsTheApplicantOnlyWithConsent() {
    ProcessInstance aidCase = start(applicant(MONTHLY_INCOME, 9000, RIGID_EXPENSES, 0, CONSENT, false));
    String caseNumber = aidCase.getBusinessKey();

    verify(aidCase);

    assertThat(aidCase).isEnded().hasPassed(CLOSE_NOT_ELIGIBLE);
    assertThat(ENGINE.cases().notEligibleReasonOf(caseNumber)).hasValueSatisfying(reason -> assertThat(reason)
        .contains("不符合帮扶条件", "低保标准"));
    // no intake officer was recorded (the system started the case): the intake organisation's caseworkers are told;
    // the applicant did not consent, so no notice goes to them
    assertThat(ENGINE.notifications().pendingForCase(caseNumber))
        .extracting(Notification::kind, Notification::recipientUser, Notification::recipientGroup)
        .containsExactly(Tuple.tuple("NOT_ELIGIBLE", null, "union-33-caseworkers"));
  }

  @Test
  void withdrawalEndsTheEscalationOfALateReferral() {
    ClockUtil.setCurrentTime(Date.from(at("2026-12-04T10:00")));
    ProcessInstance aidCase = start(applicant());
    String caseNumber = aidCase.getBusinessKey();
    verify(aidCase);
    ClockUtil.setCurrentTime(Date.from(at("2026-12-08T10:01")));
    executeDueTimers();
    assertThat(runtimeService().createProcessInstanceQuery().processDefinitionKey(EscalationModel.PROCESS_KEY)
        .processInstanceBusinessKey(caseNumber).count()).isEqualTo(2);

    List<String> instances = runtimeService().createProcessInstanceQuery().processInstanceBusinessKey(caseNumber).list()
        .stream().map(ProcessInstance::getId).toList();
    runtimeService().createMessageCorrelation(AidCaseModel.APPLICANT_WITHDREW_MESSAGE)
        .processInstanceId(aidCase.getId()).correlate();

    assertThat(aidCase).isEnded().hasPassed(CLOSE_WITHDRAWN);
    assertThat(runtimeService().createProcessInstanceQuery().processInstanceBusinessKey(caseNumber).count()).isZero();
    assertThat(jobsOf(instances.toArray(String[]::new))).isZero();
    assertThat(ENGINE.escalations().forCase(caseNumber)).hasSize(2)
        .allSatisfy(e -> assertThat(e.handledAt()).isNotNull());
    assertThat(ENGINE.notifications().pendingForCase(caseNumber)).isEmpty();
  }

  @Test
  void aSupervisorClosingTheCaseEndsAReferralARepeatCallOpened() {
    Map<String, Object> person = applicant(CATEGORIES, List.of("wage-arrears"), MONTHLY_INCOME, 20000);
    ProcessInstance aidCase = start(person);
    String caseNumber = aidCase.getBusinessKey();
    verify(aidCase);
    complete(task(referral(aidCase, "union")), withVariables(ACCEPTED, false, DECLINE_REASON, "不在本单位职责范围"));
    assertThat(aidCase).isWaitingAt(DECIDE_DECLINED_CASE);
    // while the supervisors decide, the person calls about domestic violence: the Women's Federation gets it at once
    Map<String, Object> call = new HashMap<>(person);
    call.put(CATEGORIES, List.of("domestic-violence"));
    call.put(CHANNEL, "hotline-12338");
    start(call);
    ProcessInstance women = referral(aidCase, "women");
    assertThat(women).isWaitingAt(ACCEPT_REFERRAL);

    complete(task(DECIDE_DECLINED_CASE, aidCase), withVariables(SUPERVISOR_DECISION, "REFERRED_TO_GOVERNMENT",
        SUPERVISOR_NOTE, "转人社部门劳动监察"));

    // the closure ends the whole case: the women's referral, its timers and the case instance
    assertThat(aidCase).isEnded().hasPassed(CLOSE_BY_SUPERVISOR);
    assertThat(women).isEnded();
    assertThat(jobsOf(aidCase.getId(), women.getId())).isZero();
    assertThat(ENGINE.referrals().referralsOf(caseNumber)).extracting(Referral::org, Referral::status)
        .contains(Tuple.tuple("women", Status.CANCELLED));
    assertThat(ENGINE.notifications().pendingForCase(caseNumber)).isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  private static ProcessInstance start(Map<String, Object> variables) {
    return runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, variables);
  }

  private static void verify(ProcessInstance aidCase) {
    assertThat(aidCase).isWaitingAt(VERIFY_CASE);
    complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实"));
  }

  private static ProcessInstance referral(ProcessInstance aidCase, String org) {
    return runtimeService().createProcessInstanceQuery().superProcessInstanceId(aidCase.getId())
        .variableValueEquals(ORG, org).singleResult();
  }

  private static ProcessInstance escalationOf(String caseNumber) {
    return runtimeService().createProcessInstanceQuery().processDefinitionKey(EscalationModel.PROCESS_KEY)
        .processInstanceBusinessKey(caseNumber).singleResult();
  }

  private static long jobsOf(String... processInstanceIds) {
    long jobs = 0;
    for (String id : processInstanceIds) {
      jobs += managementService().createJobQuery().processInstanceId(id).count();
    }
    return jobs;
  }

  private static void executeDueTimers() {
    List<Job> due;
    while (!(due = managementService().createJobQuery().timers().executable().list()).isEmpty()) {
      due.forEach(job -> managementService().executeJob(job.getId()));
    }
  }

  private static Instant at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(AidFlowConfiguration.ZONE).toInstant();
  }
}
