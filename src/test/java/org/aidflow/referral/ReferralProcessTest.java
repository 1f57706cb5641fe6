package org.aidflow.referral;

import static org.aidflow.support.FormViews.shownText;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.shared.ReferralModel.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.formService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.aidflow.support.Plans.*;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aidflow.assistance.CashItem;
import org.aidflow.assistance.DisburseFundsDelegate;
import org.aidflow.assistance.FundLedger;
import org.aidflow.assistance.RightsSteps;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.ReferralModel;
import org.aidflow.shared.ReferralRegistry.Referral;
import org.aidflow.shared.ReferralRegistry.Status;
import org.aidflow.support.ProcessTestEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Deployment(resources = {"processes/referral.bpmn", "processes/service-order.bpmn", "processes/escalation.bpmn", "processes/decisions/approval-level.dmn",
    "processes/decisions/rights-track.dmn"})
class ReferralProcessTest {

  private static final ProcessTestEngine ENGINE = new ProcessTestEngine();
  private static int caseCounter;

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ENGINE.extension();

  private String caseNumber;

  @BeforeEach
  void setUp(ProcessEngine processEngine) {
    init(processEngine);
    caseNumber = String.format("QBH-2026-9%05d", ++caseCounter);
    ENGINE.cases().registerOpenCase(new CaseRegistry.NewCase(caseNumber, "case-instance-" + caseCounter,
        "hash-" + caseCounter, null, null, "union", "window", false, true));
  }

  @Test
  void aReferralKeepsTheRegisteredCaseNumberWhateverCopyItWasGiven() {
    ProcessInstance wrongCopy = runtimeService().startProcessInstanceByKey(ReferralModel.PROCESS_KEY, caseNumber,
        Variables.putValue(CASE_NUMBER, "QBH-2026-999999").putValue(ORG, "union").putValue(SERVICES, "hardship-grant")
            .putValue(SERVICES_TEXT, "困难帮扶金").putValue(ASSESSMENT_CYCLE, 1).putValue(CONSENT, true));
    assertThat(runtimeService().getVariable(wrongCopy.getId(), CASE_NUMBER)).isEqualTo(caseNumber);
  }

  @Test
  void declinedReferralEndsWithItsReasonRecorded() {
    ProcessInstance referral = startReferral("charity");

    assertThat(referral).isWaitingAt(ACCEPT_REFERRAL);
    assertThat(task(referral)).hasCandidateGroup("charity-33-caseworkers").hasName("接收转介 · " + caseNumber);
    complete(task(referral), withVariables(ACCEPTED, false, DECLINE_REASON, "超出本会救助范围"));

    assertThat(referral).isEnded().hasPassed(RECORD_DECLINE, REFERRAL_DECLINED).hasNotPassed(PLAN_ASSISTANCE);
    Referral recorded = onlyReferral();
    assertThat(recorded.org()).isEqualTo("charity");
    assertThat(recorded.status()).isEqualTo(Status.DECLINED);
    assertThat(recorded.declineReason()).isEqualTo("超出本会救助范围");
  }

  @Test
  void planOfExactly2000IsDeliveredWithoutApproval() {
    ProcessInstance referral = acceptAndPlan("union", 2000);

    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE).hasPassed(RECORD_ACCEPTANCE).hasNotPassed(APPROVE_PLAN);
    assertThat(referral).variables().containsEntry(APPROVAL_LEVEL, "NONE");
    deliver(referral, 2000);

    assertThat(referral).isEnded().hasPassed(RECORD_DELIVERY, REFERRAL_COMPLETED);
    assertThat(onlyReferral().status()).isEqualTo(Status.DELIVERED);
    assertThat(onlyReferral().deliveredAmount()).isEqualByComparingTo(new BigDecimal("2000"));
  }

  @Test
  void planOf10000IsApprovedByTheOrganisationsSupervisorsAlone() {
    ProcessInstance referral = acceptAndPlan("youth", 10000);

    assertThat(referral).isWaitingAt(APPROVE_PLAN);
    assertThat(task(referral)).hasCandidateGroup("youth-33-supervisors");
    complete(task(referral), withVariables(APPROVED, true, APPROVAL_NOTE, "同意"));

    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE).hasNotPassed(JOINT_APPROVE);
    assertThat(task(referral)).hasCandidateGroup("youth-33-caseworkers");
  }

  /** A province unit has no unit above it: its second approval is the cross-organisation supervisors' joint review. */
  @Test
  void planAbove10000OfAProvinceUnitNeedsItsSupervisorsThenTheCrossOrganisationSupervisors() {
    ProcessInstance referral = acceptAndPlan("women", 10000.01);

    assertThat(referral).isWaitingAt(APPROVE_PLAN);
    assertThat(task(referral)).hasCandidateGroup("women-33-supervisors");
    complete(task(referral), withVariables(APPROVED, true, APPROVAL_NOTE, "同意，报联合审批"));

    assertThat(referral).isWaitingAt(JOINT_APPROVE);
    assertThat(task(referral)).hasCandidateGroup("supervisors").hasName("联合审批帮扶方案 · " + caseNumber);
    complete(task(referral), withVariables(APPROVED, true, APPROVAL_NOTE, "联合审批同意"));

    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE);
    deliver(referral, 10000.01);
    assertThat(onlyReferral().deliveredAmount()).isEqualByComparingTo(new BigDecimal("10000.01"));
  }

  @Test
  void rejectionByTheOrganisationsSupervisorsSendsThePlanBack() {
    ProcessInstance referral = acceptAndPlan("union", 5000);

    complete(task(referral), withVariables(APPROVED, false, APPROVAL_NOTE, "金额偏高，请调整"));

    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE);
    complete(task(referral), withVariables(CASH_ITEMS, cash("union-aid", 1000, "union-aid", 500), SERVICES,
        "hardship-grant"));
    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE);
    assertThat(runtimeService().getVariable(referral.getId(), CASH_AMOUNT)).isEqualTo(1500.0);
    assertThat(referral).variables().containsEntry(APPROVAL_LEVEL, "NONE");
  }

  @Test
  void jointRejectionSendsThePlanBack() {
    ProcessInstance referral = acceptAndPlan("charity", 20000);
    complete(task(referral), withVariables(APPROVED, true, APPROVAL_NOTE, "同意"));

    complete(task(referral), withVariables(APPROVED, false, APPROVAL_NOTE, "联合审批不同意"));

    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE);
    assertThat(onlyReferral().status()).isEqualTo(Status.ACCEPTED);
  }

  @Test
  void assistanceThatCouldNotBeDeliveredIsRecordedAsSuch() {
    ProcessInstance referral = acceptAndPlan("civil", 1000);

    complete(task(referral), withVariables(DELIVERED, false, PAID_ITEMS, paid("cash-1"), "deliveryNote",
        "申请人已搬离，无法联系"));
    execute(job(referral));

    assertThat(referral).isEnded().hasPassed(REFERRAL_COMPLETED);
    assertThat(onlyReferral().status()).isEqualTo(Status.NOT_DELIVERED);
    assertThat(onlyReferral().deliveredAmount()).isNull();
    assertThat(ledgerKinds()).containsExactly("RESERVE", "RELEASE");
    assertThat(fund("civil-aid").disbursed()).isZero();
  }

  // ------------------------------------------------------------------ no double aid

  @Test
  void theSameAidTypeWithinAYearIsStoppedWithThePriorPaymentShownUntilASupervisorOverrides() {
    String earlier = caseNumber;
    ProcessInstance first = acceptAndPlan("union", 1000);
    deliver(first, 1000);
    ENGINE.cases().close(earlier, "RESOLVED");
    caseNumber = String.format("QBH-2026-9%05d", ++caseCounter);
    ENGINE.cases().registerOpenCase(new CaseRegistry.NewCase(caseNumber, "case-instance-" + caseCounter,
        "hash-" + (caseCounter - 1), null, null, "women", "hotline-12338", false, true));

    ProcessInstance second = acceptAndPlan("women", 800);

    assertThat(second).isWaitingAt(OVERRIDE_DOUBLE_AID).hasPassed(CHECK_DOUBLE_AID);
    assertThat(task(second)).hasCandidateGroup("women-33-supervisors");
    assertThat((String) runtimeService().getVariable(second.getId(), DOUBLE_AID))
        .contains("总工会（困难帮扶金）", "1,000.00 元", earlier);
    complete(task(second), withVariables(DOUBLE_AID_OVERRIDE, true, DOUBLE_AID_OVERRIDE_REASON, "家中再遭变故，特批"));

    assertThat(second).isWaitingAt(DELIVER_ASSISTANCE);
    assertThat(org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService()
        .createHistoricVariableInstanceQuery().processInstanceId(second.getId())
        .variableName(DOUBLE_AID_OVERRIDE_REASON).singleResult().getValue()).isEqualTo("家中再遭变故，特批");
  }

  @Test
  void aSupervisorWhoDoesNotOverrideSendsThePlanBackAndAnotherAidTypePasses() {
    ProcessInstance first = acceptAndPlan("union", 500);
    deliver(first, 500);
    ENGINE.cases().close(caseNumber, "RESOLVED");
    int person = caseCounter;
    caseNumber = String.format("QBH-2026-9%05d", ++caseCounter);
    ENGINE.cases().registerOpenCase(new CaseRegistry.NewCase(caseNumber, "case-instance-" + caseCounter,
        "hash-" + person, null, null, "union", "window", false, true));

    ProcessInstance second = acceptAndPlan("union", 500);
    complete(task(second), withVariables(DOUBLE_AID_OVERRIDE, false, DOUBLE_AID_OVERRIDE_REASON, "一年内已发放，改为培训"));

    assertThat(second).isWaitingAt(PLAN_ASSISTANCE);
    complete(task(second), withVariables(CASH_ITEMS, cash(), SERVICE_ITEMS, services("training"), SERVICES,
        "training"));
    assertThat(second).isWaitingAt(DELIVER_ASSISTANCE);
  }

  @Test
  void educationAidIsOnceASchoolYearNotOnceIn365Days() {
    ProcessInstance first = acceptAndPlan("union", 1000, "union-aid", "education-aid");
    deliver(first, 1000);
    int person = caseCounter;
    ENGINE.cases().close(caseNumber, "RESOLVED");
    // the same person asks again in the same school year, then in the next one
    java.time.LocalDate today = java.time.LocalDate.now(org.aidflow.shared.AidFlowConfiguration.ZONE);
    java.time.LocalDate nextSchoolYear = java.time.LocalDate.of(today.getMonthValue() >= 9 ? today.getYear() + 1
        : today.getYear(), 9, 2);
    caseNumber = String.format("QBH-2026-9%05d", ++caseCounter);
    ENGINE.cases().registerOpenCase(new CaseRegistry.NewCase(caseNumber, "case-instance-" + caseCounter,
        "hash-" + person, null, null, "union", "window", false, true));

    ProcessInstance sameYear = acceptAndPlan("union", 1000, "union-aid", "education-aid");
    assertThat(sameYear).isWaitingAt(OVERRIDE_DOUBLE_AID);

    org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(java.util.Date.from(
        nextSchoolYear.atStartOfDay(org.aidflow.shared.AidFlowConfiguration.ZONE).toInstant()));
    try {
      ProcessInstance nextYear = acceptAndPlan("union", 1000, "union-aid", "education-aid");
      assertThat(nextYear).isWaitingAt(DELIVER_ASSISTANCE).hasPassed(CHECK_DOUBLE_AID);
    } finally {
      org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    }
  }

  @Test
  void legalAidAndRightsProtectionAreNeverBlockedAsDoubleAid() {
    ProcessInstance first = acceptAndPlan("union", 1000, "union-aid", "labour-legal-aid");
    deliver(first, 1000);
    int person = caseCounter;
    ENGINE.cases().close(caseNumber, "RESOLVED");
    caseNumber = String.format("QBH-2026-9%05d", ++caseCounter);
    ENGINE.cases().registerOpenCase(new CaseRegistry.NewCase(caseNumber, "case-instance-" + caseCounter,
        "hash-" + person, null, null, "union", "window", false, true));

    ProcessInstance again = acceptAndPlan("union", 1000, "union-aid", "labour-legal-aid");

    assertThat(again).isWaitingAt(DELIVER_ASSISTANCE).hasPassed(CHECK_DOUBLE_AID);
    assertThat(runtimeService().getVariable(again.getId(), DOUBLE_AID)).isNull();
  }

  @Test
  void theDoubleAidWindowIsASetting() {
    ProcessInstance first = acceptAndPlan("union", 1000);
    deliver(first, 1000);
    int person = caseCounter;
    ENGINE.cases().close(caseNumber, "RESOLVED");
    java.time.Duration window = ENGINE.policy().getDoubleAidWindow();
    ENGINE.policy().setDoubleAidWindow(java.time.Duration.ofDays(30));
    org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(java.util.Date.from(
        java.time.Instant.now().plus(java.time.Duration.ofDays(31))));
    try {
      caseNumber = String.format("QBH-2026-9%05d", ++caseCounter);
      ENGINE.cases().registerOpenCase(new CaseRegistry.NewCase(caseNumber, "case-instance-" + caseCounter,
          "hash-" + person, null, null, "union", "window", false, true));

      // 31 days later the same hardship grant passes a 30-day window (it would be stopped within 365 days)
      ProcessInstance later = acceptAndPlan("union", 1000);

      assertThat(later).isWaitingAt(DELIVER_ASSISTANCE).hasPassed(CHECK_DOUBLE_AID);
    } finally {
      ENGINE.policy().setDoubleAidWindow(window);
      org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    }
  }

  @Test
  void aPlanNamingAnUnknownAidTypeIsRefused() {
    ProcessInstance referral = startReferral("union");
    complete(task(referral), withVariables(ACCEPTED, true));

    assertThatThrownBy(() -> complete(task(referral), withVariables(CASH_ITEMS, cash("union-aid", 100), SERVICES,
        "hardship-grant,cash-bonus"))).hasMessageContaining(SERVICES);
    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE);
  }

  // ------------------------------------------------------------------ rights protection

  @Test
  void mediationThatResolvesTheDisputeEndsTheRightsTrackAndPlanningFollows() {
    ProcessInstance referral = acceptLegalAid();

    complete(task(referral), withVariables(RIGHTS_RESOLVED, true, RECOVERED_AMOUNT, 8000, RIGHTS_NOTE, "调解达成协议"));

    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE).hasPassed(RECORD_RIGHTS_OUTCOME).hasNotPassed(ARBITRATE);
    assertThat(onlyReferral().rightsResolved()).isTrue();
    assertThat(onlyReferral().recoveredAmount()).isEqualByComparingTo("8000");
  }

  @Test
  void failedMediationGoesToArbitrationWhichResolvesIt() {
    ProcessInstance referral = acceptLegalAid();
    complete(task(referral), withVariables(RIGHTS_RESOLVED, false, RECOVERED_AMOUNT, 0, RIGHTS_NOTE, "调解不成"));

    assertThat(referral).isWaitingAt(ARBITRATE);
    assertThat(task(referral)).hasCandidateGroup("union-33-caseworkers");
    complete(task(referral), withVariables(RIGHTS_RESOLVED, true, RECOVERED_AMOUNT, 12000, RIGHTS_NOTE, "仲裁裁决支持"));

    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE).hasNotPassed(LITIGATE);
    assertThat(onlyReferral().recoveredAmount()).isEqualByComparingTo("12000");
  }

  @Test
  void failedArbitrationGoesToLitigationWhoseOutcomeIsRecordedEvenIfUnresolved() {
    ProcessInstance referral = acceptLegalAid();
    complete(task(referral), withVariables(RIGHTS_RESOLVED, false, RIGHTS_NOTE, "调解不成"));
    complete(task(referral), withVariables(RIGHTS_RESOLVED, false, LITIGATION_CHOSEN, true, RIGHTS_NOTE, "仲裁未获支持"));

    assertThat(referral).isWaitingAt(LITIGATE);
    complete(task(referral), withVariables(RIGHTS_RESOLVED, false, RECOVERED_AMOUNT, 0, RIGHTS_NOTE, "一审败诉"));

    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE).hasPassed(LITIGATE, RECORD_RIGHTS_OUTCOME);
    assertThat(onlyReferral().rightsResolved()).isFalse();
    assertThat(ENGINE.rightsSteps().progressOf(onlyReferral().id()).steps()).extracting(RightsSteps.Step::step)
        .containsExactly(MEDIATE, ARBITRATE, LITIGATE);
    assertThat(ENGINE.rightsSteps().progressOf(onlyReferral().id()).track().track()).isEqualTo("LABOUR");
  }

  @Test
  void failedArbitrationEndsTheTrackWhenLitigationIsNotChosen() {
    ProcessInstance referral = acceptLegalAid();
    complete(task(referral), withVariables(RIGHTS_RESOLVED, false, RIGHTS_NOTE, "调解不成"));
    assertThat(referral).isWaitingAt(ARBITRATE);

    complete(task(referral), withVariables(RIGHTS_RESOLVED, false, RIGHTS_NOTE, "仲裁未获支持，申请人不再起诉"));

    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE).hasPassed(RECORD_RIGHTS_OUTCOME).hasNotPassed(LITIGATE);
    assertThat(runtimeService().getVariable(referral.getId(), LITIGATION_CHOSEN)).isEqualTo(false);
    assertThat(onlyReferral().rightsResolved()).isFalse();
    assertThat(ENGINE.rightsSteps().progressOf(onlyReferral().id()).track())
        .isEqualTo(new RightsSteps.WomenTrack("LABOUR", null, null, null, null));
  }

  @Test
  void employmentDiscriminationOfAManRunsTheLabourTrackNotTheWomensTrack() {
    ProcessInstance referral = runtimeService().startProcessInstanceByKey(ReferralModel.PROCESS_KEY, caseNumber,
        Variables.putValue(CASE_NUMBER, caseNumber).putValue(ORG, "union").putValue(SERVICES, "labour-legal-aid")
            .putValue(SERVICES_TEXT, "劳动维权法律援助")
            .putValue(ASSESSMENT_CYCLE, 1));
    complete(task(referral), withVariables(ACCEPTED, true));

    assertThat(referral).isWaitingAt(MEDIATE).hasPassed(DETERMINE_RIGHTS_TRACK).hasNotPassed(ASSESS_SAFETY);
    assertThat(referral).variables().containsEntry(RIGHTS_TRACK, "labour");
  }

  // ------------------------------------------------------------------ the Women's Federation's rights track

  @Test
  void immediateDangerIsReportedToThePoliceAndAShelterThenTheProtectionOrderAndLegalAidFollow() {
    ProcessInstance referral = acceptWomensRights();
    assertThat(task(referral)).hasCandidateGroup("women-33-caseworkers").hasName("安全评估 · " + caseNumber);
    assertThat(task(referral).getPriority()).as("the safety assessment is urgent").isEqualTo(80);

    complete(task(referral), withVariables(SAFETY_SKIPPED, false, IMMEDIATE_DANGER, true,
        POLICE_REPORT, "当日报警，西湖派出所出警", SHELTER_REFERRAL, "市反家暴庇护站", RIGHTS_NOTE, "施暴人扬言报复"));

    assertThat(referral).isWaitingAt(SUPPORT_PROTECTION_ORDER).hasPassed(RECORD_DANGER_REFERRAL);
    long id = onlyReferral().id();
    assertThat(ENGINE.rightsSteps().progressOf(id).track()).isEqualTo(new RightsSteps.WomenTrack(null, true,
        "当日报警，西湖派出所出警", "市反家暴庇护站", null));
    complete(task(referral), withVariables(PROTECTION_ORDER_OUTCOME, "GRANTED", RIGHTS_NOTE, "法院72小时内签发"));

    assertThat(referral).isWaitingAt(PROVIDE_LEGAL_AID);
    complete(task(referral), withVariables(RIGHTS_RESOLVED, true, RIGHTS_NOTE, "离婚诉讼法律援助已指派律师"));

    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE).hasPassed(RECORD_RIGHTS_OUTCOME)
        .hasNotPassed(MEDIATE, ARBITRATE, LITIGATE);
    assertThat(onlyReferral().rightsResolved()).isTrue();
    assertThat(ENGINE.rightsSteps().progressOf(id).track().track()).isEqualTo("WOMEN");
    assertThat(ENGINE.rightsSteps().progressOf(id).track().protectionOrder()).isEqualTo("GRANTED");
    assertThat(ENGINE.rightsSteps().progressOf(id).steps()).containsExactly(
        new RightsSteps.Step(ASSESS_SAFETY, false, null, "IMMEDIATE_DANGER", "施暴人扬言报复"),
        new RightsSteps.Step(SUPPORT_PROTECTION_ORDER, false, null, "GRANTED", "法院72小时内签发"),
        new RightsSteps.Step(PROVIDE_LEGAL_AID, false, null, "RESOLVED", "离婚诉讼法律援助已指派律师"));
  }

  @Test
  void everyStepOfTheWomensTrackMayBeSkippedWithItsReason() {
    ProcessInstance referral = acceptWomensRights();

    complete(task(referral), withVariables(SAFETY_SKIPPED, true, SAFETY_SKIP_REASON, "公安机关已处置并安置"));
    assertThat(referral).isWaitingAt(SUPPORT_PROTECTION_ORDER).hasNotPassed(RECORD_DANGER_REFERRAL);
    complete(task(referral), withVariables(PROTECTION_ORDER_SKIPPED, true, PROTECTION_ORDER_SKIP_REASON, "申请人暂不申请"));
    assertThat(referral).isWaitingAt(PROVIDE_LEGAL_AID);
    complete(task(referral), withVariables(LEGAL_AID_SKIPPED, true, LEGAL_AID_SKIP_REASON, "已自行委托律师"));

    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE).hasPassed(RECORD_RIGHTS_OUTCOME);
    long id = onlyReferral().id();
    assertThat(onlyReferral().rightsResolved()).isFalse();
    assertThat(ENGINE.rightsSteps().progressOf(id).track()).isEqualTo(new RightsSteps.WomenTrack("WOMEN", null, null, null,
        "SKIPPED"));
    assertThat(ENGINE.rightsSteps().progressOf(id).steps()).containsExactly(
        new RightsSteps.Step(ASSESS_SAFETY, true, "公安机关已处置并安置", null, null),
        new RightsSteps.Step(SUPPORT_PROTECTION_ORDER, true, "申请人暂不申请", null, null),
        new RightsSteps.Step(PROVIDE_LEGAL_AID, true, "已自行委托律师", "UNRESOLVED", null));
  }

  @Test
  void noImmediateDangerGoesStraightToTheProtectionOrderWhosePendingOutcomeIsKept() {
    ProcessInstance referral = acceptWomensRights();

    complete(task(referral), withVariables(IMMEDIATE_DANGER, false, RIGHTS_NOTE, "暂无现实危险"));
    assertThat(referral).isWaitingAt(SUPPORT_PROTECTION_ORDER).hasNotPassed(RECORD_DANGER_REFERRAL);
    complete(task(referral), withVariables(PROTECTION_ORDER_OUTCOME, "PENDING", RIGHTS_NOTE, "已协助向法院申请"));
    complete(task(referral), withVariables(RIGHTS_RESOLVED, false, RIGHTS_NOTE, "法律援助进行中"));

    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE);
    assertThat(ENGINE.rightsSteps().progressOf(onlyReferral().id()).track())
        .isEqualTo(new RightsSteps.WomenTrack("WOMEN", null, null, null, "PENDING"));
  }

  @Test
  void aSkipWithoutReasonADangerWithoutPoliceReportOrAnUnknownOrderOutcomeIsRefusedAndTheTaskStaysOpen() {
    ProcessInstance referral = acceptWomensRights();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> complete(task(referral),
            withVariables(SAFETY_SKIPPED, true)))
        .hasRootCauseInstanceOf(org.camunda.bpm.engine.BadUserRequestException.class)
        .hasMessageContaining(SAFETY_SKIP_REASON);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> complete(task(referral),
            withVariables(IMMEDIATE_DANGER, true, SHELTER_REFERRAL, "庇护站", RIGHTS_NOTE, "有危险")))
        .hasMessageContaining(POLICE_REPORT).hasMessageNotContaining(SHELTER_REFERRAL);
    assertThat(referral).isWaitingAt(ASSESS_SAFETY);
    assertThat(ENGINE.rightsSteps().progressOf(onlyReferral().id()).steps()).isEmpty();

    complete(task(referral), withVariables(IMMEDIATE_DANGER, false, RIGHTS_NOTE, "暂无现实危险"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> complete(task(referral),
            withVariables(PROTECTION_ORDER_OUTCOME, "LOST", RIGHTS_NOTE, "?")))
        .hasMessageContaining(PROTECTION_ORDER_OUTCOME);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> complete(task(referral),
            withVariables(PROTECTION_ORDER_SKIPPED, true, PROTECTION_ORDER_SKIP_REASON, " ")))
        .hasMessageContaining(PROTECTION_ORDER_SKIP_REASON);
    assertThat(referral).isWaitingAt(SUPPORT_PROTECTION_ORDER);
    complete(task(referral), withVariables(PROTECTION_ORDER_OUTCOME, "REJECTED", RIGHTS_NOTE, "证据不足被驳回"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> complete(task(referral),
            withVariables(LEGAL_AID_SKIPPED, true)))
        .hasMessageContaining(LEGAL_AID_SKIP_REASON);
    assertThat(referral).isWaitingAt(PROVIDE_LEGAL_AID);
  }

  private ProcessInstance acceptWomensRights() {
    ProcessInstance referral = runtimeService().startProcessInstanceByKey(ReferralModel.PROCESS_KEY, caseNumber,
        Variables.putValue(CASE_NUMBER, caseNumber).putValue(ORG, "women").putValue(SERVICES, "rights-protection")
            .putValue(SERVICES_TEXT, "妇女维权")
            .putValue(ASSESSMENT_CYCLE, 1));
    complete(task(referral), withVariables(ACCEPTED, true));
    assertThat(referral).isWaitingAt(ASSESS_SAFETY).hasPassed(DETERMINE_RIGHTS_TRACK);
    assertThat(referral).variables().containsEntry(RIGHTS_TRACK, "women");
    return referral;
  }

  private ProcessInstance acceptLegalAid() {
    ProcessInstance referral = runtimeService().startProcessInstanceByKey(ReferralModel.PROCESS_KEY, caseNumber,
        Variables.putValue(CASE_NUMBER, caseNumber).putValue(ORG, "union").putValue(SERVICES, "labour-legal-aid")
            .putValue(SERVICES_TEXT, "劳动维权法律援助").putValue(ASSESSMENT_CYCLE, 1));
    complete(task(referral), withVariables(ACCEPTED, true));
    assertThat(referral).isWaitingAt(MEDIATE);
    return referral;
  }

  // ------------------------------------------------------------------ funds

  @Test
  void approvalReservesEachCashItemAndDeliveryPaysTheItemsPaidAndReleasesTheRest() {
    ENGINE.ledger().openFund("union-study", YEAR, "union", "助学资金", new BigDecimal("100000"));
    BigDecimal before = fund("union-aid").available();
    BigDecimal reservedBefore = fund("union-aid").reserved();
    ProcessInstance referral = startReferral("union");
    complete(task(referral), withVariables(ACCEPTED, true));
    complete(task(referral), withVariables(CASH_ITEMS, cash("union-aid", 3000, "union-study", 2000),
        SERVICE_ITEMS, services("counselling"), SERVICES, "hardship-grant,education-aid"));

    assertThat(referral).isWaitingAt(APPROVE_PLAN);
    assertThat(runtimeService().getVariable(referral.getId(), CASH_AMOUNT)).isEqualTo(5000.0);
    // the approver reads the plan item by item, and what was left before the reservation
    assertThat(shownText(task(referral), PLAN_TEXT))
        .contains("合计 5,000.00 元", "第1项 现金帮扶 union test fund 3,000.00 元", "第2项 现金帮扶 助学资金 2,000.00 元",
            "心理疏导").doesNotContain("cash-1", "union-aid");
    assertThat(shownText(task(referral), FUNDS_LEFT))
        .contains("union test fund", "可用 " + org.aidflow.shared.IntakeVocabulary.money(before)).doesNotContain("union-aid");
    complete(task(referral), withVariables(APPROVED, true, APPROVAL_NOTE, "同意"));

    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE).hasPassed(RESERVE_FUNDS);
    assertThat(fund("union-aid").reserved()).isEqualByComparingTo(reservedBefore.add(new BigDecimal("3000")));
    assertThat(fund("union-study").reserved()).isEqualByComparingTo("2000");
    assertThat(fund("union-aid").available()).isEqualByComparingTo(before.subtract(new BigDecimal("3000")));
    complete(task(referral), withVariables(DELIVERED, true, PAID_ITEMS, paid("cash-2"), "deliveryNote", "助学金已发放"));
    execute(job(referral));

    assertThat(referral).isEnded().hasPassed(DISBURSE_FUNDS);
    assertThat(fund("union-aid").reserved()).isEqualByComparingTo(reservedBefore);
    assertThat(fund("union-study").reserved()).isZero();
    assertThat(fund("union-aid").available()).isEqualByComparingTo(before);
    assertThat(fund("union-study").disbursed()).isEqualByComparingTo("2000");
    assertThat(onlyReferral().deliveredAmount()).isEqualByComparingTo("2000");
    assertThat(ledgerKinds()).containsExactlyInAnyOrder("RESERVE", "RESERVE", "DISBURSE", "RELEASE");
  }

  /**
   * Settling pays an item once whatever the retries: an item paid out already and reserved again (a plan repeated)
   * is released, neither paid twice nor left reserved.
   */
  @Test
  void settlingReleasesAReservationOfAnItemPaidOutAlready() {
    FundLedger ledger = ENGINE.ledger();
    BigDecimal available = fund("union-aid").available();
    long referralId = ENGINE.referrals().register(caseNumber, "settle-referral-" + caseCounter, 1, "union",
        "hardship-grant");
    List<CashItem> plan = List.of(new CashItem("cash-1", "union-aid", new BigDecimal("300"), "测试"));

    assertThat(ledger.reservePlan("union", caseNumber, referralId, plan, "it")).isEmpty();
    ledger.settle(referralId, Set.of("cash-1"), "it");
    assertThat(ledger.reservePlan("union", caseNumber, referralId, plan, "it")).isEmpty();
    ledger.settle(referralId, Set.of("cash-1"), "it");

    assertThat(ledger.reservedItems(referralId)).isEmpty();
    assertThat(ledger.paidTotal(referralId)).isEqualByComparingTo("300");
    assertThat(fund("union-aid").available()).isEqualByComparingTo(available.subtract(new BigDecimal("300")));
    assertThat(ledgerKinds()).containsExactly("RESERVE", "DISBURSE", "RESERVE", "RELEASE");
  }

  /**
   * The approver's form shows the plan's Json lists (cash items, service items) as stored; their byte arrays are read
   * in one statement, not one round trip to the database each.
   */
  @Test
  void aFormReadsTheByteArraysOfItsJsonValuesInOneStatement() {
    ProcessInstance referral = startReferral("union");
    complete(task(referral), withVariables(ACCEPTED, true));
    complete(task(referral), withVariables(CASH_ITEMS, cash("union-aid", 3000), SERVICE_ITEMS, services("counselling"),
        SERVICES, "hardship-grant"));
    assertThat(referral).isWaitingAt(APPROVE_PLAN);
    String taskId = task(referral).getId();

    Map<String, Object> shown = new HashMap<>();
    Map<String, Integer> read = ENGINE.statementsRead(() -> shown.putAll(
        formService().getTaskFormVariables(taskId, null, false)));

    assertThat(shown.get(CASH_ITEMS).toString()).contains("union-aid", "3000");
    assertThat(shown.get(SERVICE_ITEMS).toString()).contains("counselling");
    assertThat(read).containsEntry("selectByteArrays", 1).doesNotContainKey("selectByteArray");
  }

  /**
   * When the referral ends, the engine deletes its variables and the byte arrays behind its Json lists; those it has
   * not read yet are read in one statement, not one round trip to the database each.
   */
  @Test
  void anEndingReferralReadsTheByteArraysItDeletesInOneStatement() {
    ProcessInstance referral = acceptAndPlan("union", 2000);
    runtimeService().setVariable(referral.getId(), SERVICE_ITEMS, services("counselling"));
    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE);

    Map<String, Integer> read = ENGINE.statementsRead(() -> deliver(referral, 2000));

    assertThat(referral).isEnded();
    // one read on its own by the delivery's steps, as they use it; the other two together, as the referral ends
    // (three reads on their own before)
    assertThat(read).containsEntry("selectByteArray", 1).containsEntry("selectByteArrays", 1);
  }

  @Test
  void thePanelsAFormShowsAreWorkedOutWhenItOpensAndNeverStored() {
    ProcessInstance referral = startReferral("union");
    complete(task(referral), withVariables(ACCEPTED, true));
    List<String> panels = List.of(CASE_HEADER, FUNDS_LEFT, FUND_OPTIONS, PLAN_TEXT, CASH_ITEM_OPTIONS,
        SERVICE_ITEM_OPTIONS, APPROVAL_BANDS, APPROVAL_RULES_TEXT, RIGHTS_PROGRESS, PREVIOUS_APPROVAL_NOTE,
        providerOptions("legal-aid"));
    assertThat(formService().getTaskFormVariables(task(referral).getId())).containsKeys(panels.toArray(String[]::new));
    complete(task(referral), withVariables(CASH_ITEMS, cash("union-aid", 3000), SERVICE_ITEMS, services("counselling"),
        SERVICES, "hardship-grant"));
    assertThat(referral).isWaitingAt(APPROVE_PLAN);
    // an older release stored the panels; a stored value, even a forged one, never shows over the fresh one
    runtimeService().setVariable(referral.getId(), FUNDS_LEFT, "伪造的余额");

    assertThat(shownText(task(referral), PLAN_TEXT)).contains("3,000.00 元", "心理疏导");
    assertThat(shownText(task(referral), FUNDS_LEFT)).contains("union test fund").doesNotContain("伪造");
    var history = org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService();
    java.util.Set<String> stored = new java.util.HashSet<>();
    runtimeService().createVariableInstanceQuery().processInstanceIdIn(referral.getId()).list()
        .forEach(v -> stored.add(v.getName()));
    history.createHistoricVariableInstanceQuery().processInstanceId(referral.getId()).list()
        .forEach(v -> stored.add(v.getName()));
    // what the caseworker submitted is stored, as before; of the panels only the forged copy written above
    assertThat(stored).contains(ACCEPTED, CASH_ITEMS, SERVICE_ITEMS);
    assertThat(stored.stream().filter(panels::contains)).containsExactly(FUNDS_LEFT);
  }

  @Test
  void aPlanWithABadItemIsRefusedAndTheTaskStaysOpenNamingTheItem() {
    ProcessInstance referral = startReferral("women");
    complete(task(referral), withVariables(ACCEPTED, true));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> complete(task(referral), withVariables(
            CASH_ITEMS, cash("women-aid", 500, "charity-aid", 1000, "women-aid", "0.001"), SERVICES, "rights-protection")))
        .hasRootCauseInstanceOf(org.camunda.bpm.engine.BadUserRequestException.class)
        .hasMessageContaining("cashItems[1].fund").hasMessageContaining("cashItems[2].amount")
        .hasMessageNotContaining("cashItems[0]");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> complete(task(referral), withVariables(
            CASH_ITEMS, cash(), SERVICE_ITEMS, services("fireworks"), SERVICES, "rights-protection")))
        .hasMessageContaining("serviceItems");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> complete(task(referral), withVariables(
            CASH_ITEMS, cash(), SERVICE_ITEMS, services(), SERVICES, "rights-protection")))
        .hasMessageContaining("至少包含一项");

    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE);
    assertThat(ledgerKinds()).isEmpty();
  }

  @Test
  void thePlanningFormsSlotsBecomeTheCashItemsAndEmptySlotsAreSkipped() {
    ProcessInstance referral = startReferral("union");
    complete(task(referral), withVariables(ACCEPTED, true));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> complete(task(referral), withVariables(
            CASH_ITEM_1, slot(null, 300), SERVICES, "hardship-grant")))
        .hasRootCauseInstanceOf(org.camunda.bpm.engine.BadUserRequestException.class).hasMessageContaining("fund");
    complete(task(referral), withVariables(CASH_ITEM_1, slot("union-aid", 300), CASH_ITEM_2, slot(null, null),
        CASH_ITEM_3, slot("union-aid", 200), SERVICES, "hardship-grant"));

    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE);
    assertThat(org.aidflow.assistance.CashItems.of(runtimeService().getVariable(referral.getId(), CASH_ITEMS)))
        .extracting(org.aidflow.assistance.CashItem::item, item -> item.amount().intValue())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("cash-1", 300),
            org.assertj.core.groups.Tuple.tuple("cash-2", 200));
  }

  /** One slot of the planning form, as Tasklist submits it. */
  private static org.camunda.bpm.engine.variable.value.TypedValue slot(String fund, Integer amount) {
    org.camunda.spin.json.SpinJsonNode slot = org.camunda.spin.Spin.JSON("{}");
    if (fund != null) {
      slot.prop("fund", fund);
    }
    if (amount != null) {
      slot.prop("amount", amount);
    }
    return org.camunda.spin.plugin.variable.SpinValues.jsonValue(slot).create();
  }

  @Test
  void deliveryCannotPayAnItemThatWasNotReserved() {
    ProcessInstance referral = acceptAndPlan("youth", 800);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> complete(task(referral), withVariables(DELIVERED, true,
            PAID_ITEMS, paid("cash-1", "cash-9"), "deliveryNote", "已发放")))
        .hasRootCauseInstanceOf(org.camunda.bpm.engine.BadUserRequestException.class).hasMessageContaining("cash-9");

    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE);
    deliver(referral, 800);
    assertThat(fund("youth-aid").disbursed()).isGreaterThanOrEqualTo(new BigDecimal("800"));
  }

  @Test
  void aFundThatCannotCarryThePlanGoesToTheSupervisorsWhoSwitchFunds() {
    ENGINE.ledger().openFund("union-small", YEAR, "union", "小额资金", new BigDecimal("1000"));
    ProcessInstance referral = acceptAndPlan("union", 1500, "union-small");

    assertThat(referral).isWaitingAt(RESOLVE_FUNDING);
    assertThat(task(referral)).hasCandidateGroup("union-33-supervisors");
    assertThat((String) runtimeService().getVariable(referral.getId(), FUNDING_PROBLEM))
        .contains("第1项", "小额资金", "1,500.00 元", "余额不足，可用 1,000.00 元").doesNotContain("cash-1", "union-small");
    complete(task(referral), withVariables(FUNDING_DECISION, "SWITCH_FUND", NEW_FUND, "union-aid"));

    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE).hasPassed(SWITCH_FUNDS);
    assertThat(fund("union-small").reserved()).isZero();
    assertThat(fund("union-aid").reserved()).isGreaterThanOrEqualTo(new BigDecimal("1500"));
  }

  @Test
  void aPlanIsReservedWholeOrNotAtAllAndOnlyTheShortItemsSwitchFund() {
    ENGINE.ledger().openFund("union-tiny", YEAR, "union", "微小资金", new BigDecimal("100"));
    ENGINE.ledger().openFund("union-spare", YEAR, "union", "备用资金", new BigDecimal("5000"));
    ProcessInstance referral = startReferral("union");
    complete(task(referral), withVariables(ACCEPTED, true));
    complete(task(referral), withVariables(CASH_ITEMS, cash("union-aid", 600, "union-tiny", 300), SERVICES,
        "hardship-grant"));

    assertThat(referral).isWaitingAt(RESOLVE_FUNDING);
    assertThat(ledgerKinds()).as("nothing is reserved while an item is short").isEmpty();
    complete(task(referral), withVariables(FUNDING_DECISION, "SWITCH_FUND", NEW_FUND, "union-spare"));

    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE);
    assertThat(fund("union-spare").reserved()).isEqualByComparingTo("300");
    assertThat(fund("union-tiny").reserved()).isZero();
    assertThat(ENGINE.jdbc().queryForList("SELECT fund_code FROM ledger_entry WHERE case_number = ? ORDER BY item",
        String.class, caseNumber)).containsExactly("union-aid", "union-spare");
  }

  @Test
  void supervisorsCanReduceThePlanWhichGoesBackToPlanning() {
    ENGINE.ledger().openFund("women-small", YEAR, "women", "小额资金", new BigDecimal("100"));
    ProcessInstance referral = acceptAndPlan("women", 1000, "women-small");

    assertThat(referral).isWaitingAt(RESOLVE_FUNDING);
    complete(task(referral), withVariables(FUNDING_DECISION, "REDUCE"));

    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE);
    assertThat(ledgerKinds()).isEmpty();

    // the smaller plan is reserved at once: the funding problem is cleared, not left on the next forms
    complete(task(referral), withVariables(CASH_ITEMS, cash("women-small", 100), SERVICES, "hardship-grant"));
    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE);
    assertThat(runtimeService().getVariables(referral.getId())).containsEntry(FUNDING_PROBLEM, null)
        .containsEntry(SHORT_ITEMS, null);
  }

  @Test
  void aPlanReservedAtOnceWritesNoFundingProblem() {
    ProcessInstance referral = acceptAndPlan("union", 500, "union-aid");

    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE);
    assertThat(runtimeService().getVariables(referral.getId())).doesNotContainKeys(FUNDING_PROBLEM, SHORT_ITEMS);
    assertThat(historyService().createHistoricVariableInstanceQuery().processInstanceId(referral.getId())
        .variableNameIn(FUNDING_PROBLEM, SHORT_ITEMS).count()).isZero();
  }

  @Test
  void supervisorsCanPassTheCaseToTheCharitiesWhoGetAReferralOfTheirOwn() {
    ENGINE.ledger().openFund("civil-empty", YEAR, "civil", "已用完的资金", BigDecimal.ZERO);
    ProcessInstance referral = acceptAndPlan("civil", 1000, "civil-empty");

    complete(task(referral), withVariables(FUNDING_DECISION, "REFER_TO_CHARITY", DECLINE_REASON, "本年度资金已用完，转慈善总会"));

    assertThat(referral).isWaitingAt(REFER_TO_CHARITY).hasPassed(RECORD_CHARITY_REFERRAL);
    ProcessInstance charity = runtimeService().createProcessInstanceQuery().superProcessInstanceId(referral.getId())
        .singleResult();
    assertThat(charity).isWaitingAt(ACCEPT_REFERRAL);
    assertThat(task(charity)).hasCandidateGroup("charity-33-caseworkers");
    assertThat(charity).variables().containsEntry(ORG, "charity").containsEntry(CASE_NUMBER, caseNumber)
        .containsEntry(ROUTING_NOTE, "本年度资金已用完，转慈善总会");
    complete(task(charity), withVariables(ACCEPTED, true));
    complete(task(charity), withVariables(CASH_ITEMS, cash("charity-aid", 1000), SERVICES, "hardship-grant"));
    deliver(charity, 1000);

    assertThat(referral).isEnded().hasPassed(REFERRAL_PASSED_TO_CHARITY).hasNotPassed(RECORD_DECLINE);
    List<Referral> referrals = ENGINE.referrals().referralsOf(caseNumber);
    assertThat(referrals).extracting(Referral::org, Referral::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("civil", Status.TO_CHARITY),
        org.assertj.core.groups.Tuple.tuple("charity", Status.DELIVERED));
    assertThat(referrals.get(0).declineReason()).contains("转慈善总会");
  }

  @Test
  void withoutConsentOrForTheCharitiesThemselvesPassingOnFallsBackToReducing() {
    ENGINE.ledger().openFund("charity-empty", YEAR, "charity", "已用完的资金", BigDecimal.ZERO);
    ProcessInstance charity = acceptAndPlan("charity", 1000, "charity-empty");
    complete(task(charity), withVariables(FUNDING_DECISION, "REFER_TO_CHARITY", DECLINE_REASON, "转给自己"));
    assertThat(charity).isWaitingAt(PLAN_ASSISTANCE).hasNotPassed(RECORD_CHARITY_REFERRAL);

    caseNumber = String.format("QBH-2026-9%05d", ++caseCounter);
    ENGINE.cases().registerOpenCase(new CaseRegistry.NewCase(caseNumber, "case-instance-" + caseCounter,
        "hash-" + caseCounter, null, null, "youth", "hotline-12355", false, false));
    ENGINE.ledger().openFund("youth-empty", YEAR, "youth", "已用完的资金", BigDecimal.ZERO);
    ProcessInstance private_ = runtimeService().startProcessInstanceByKey(ReferralModel.PROCESS_KEY, caseNumber,
        Variables.putValue(CASE_NUMBER, caseNumber).putValue(ORG, "youth").putValue(SERVICES, "youth-services")
            .putValue(SERVICES_TEXT, "青少年服务").putValue(ASSESSMENT_CYCLE, 1).putValue(CONSENT, false));
    complete(task(private_), withVariables(ACCEPTED, true));
    complete(task(private_), withVariables(CASH_ITEMS, cash("youth-empty", 500), SERVICES, "youth-services"));
    complete(task(private_), withVariables(FUNDING_DECISION, "REFER_TO_CHARITY", DECLINE_REASON, "未经同意不得转出"));
    assertThat(private_).isWaitingAt(PLAN_ASSISTANCE).hasNotPassed(RECORD_CHARITY_REFERRAL);
  }

  @Test
  void aDisbursementThatFailsAfterWritingIsRetriedAndPaysOnce() {
    DisburseFundsDelegate real = new DisburseFundsDelegate(ENGINE.ledger(), ENGINE.facts());
    java.util.concurrent.atomic.AtomicBoolean crashed = new java.util.concurrent.atomic.AtomicBoolean();
    ENGINE.replaceBean("disburseFundsDelegate", (org.camunda.bpm.engine.delegate.JavaDelegate) execution -> {
      real.execute(execution);
      if (crashed.compareAndSet(false, true)) {
        throw new IllegalStateException("node died after the ledger write");
      }
    });
    try {
      BigDecimal paidBefore = fund("youth-aid").disbursed();
      ProcessInstance referral = acceptAndPlan("youth", 1800);
      complete(task(referral), withVariables(DELIVERED, true, PAID_ITEMS, paid("cash-1"), "deliveryNote", "已发放"));

      org.assertj.core.api.Assertions.assertThatThrownBy(() -> execute(job(referral)))
          .hasMessageContaining("node died");
      assertThat(referral).isWaitingAt(DISBURSE_FUNDS);
      execute(job(referral));

      assertThat(referral).isEnded();
      assertThat(ledgerKinds()).containsExactly("RESERVE", "DISBURSE");
      // the fund is shared with the class's other tests: this payment added 1800, once
      assertThat(fund("youth-aid").disbursed()).isEqualByComparingTo(paidBefore.add(new BigDecimal("1800")));
      // the job log keeps the failure and the run that succeeded, not that the step's job or a timer was created
      // or deleted (ops.JobLogPlugin)
      assertThat(jobLog(referral)).containsExactly("failed disburseFunds", "successful disburseFunds");
    } finally {
      ENGINE.replaceBean("disburseFundsDelegate", real);
    }
  }

  @Test
  void aPaymentThatNeverFailedLooksForNoIncidentAsItsJobEnds() {
    ProcessInstance referral = acceptAndPlan("youth", 1800);
    complete(task(referral), withVariables(DELIVERED, true, PAID_ITEMS, paid("cash-1"), "deliveryNote", "已发放"));

    java.util.Map<String, Integer> read = ENGINE.statementsRead(() -> execute(job(referral)));

    assertThat(referral).isEnded();
    // only a job that failed, or whose retries were set to 0, can have a failed-job incident (ops.JobIncidentsPlugin)
    assertThat(read).doesNotContainKey("selectIncidentsByConfiguration");
  }

  @Test
  void aDisbursementWhoseRetriesRunOutIsAnIncidentResolvedAsItsRetriesAreSet() {
    failingDisbursement(down -> {
      ProcessInstance referral = deliveredWithRetriesSpent();
      managementService().setJobRetries(job(referral).getId(), 1);
      assertThat(runtimeService().createIncidentQuery().processInstanceId(referral.getId()).count()).isZero();

      down.set(false);
      execute(job(referral));
      assertThat(referral).isEnded();
      assertThat(ledgerKinds()).containsExactly("RESERVE", "DISBURSE");
      assertThat(historyService().createHistoricIncidentQuery().processInstanceId(referral.getId()).resolved().count())
          .isOne();
    });
  }

  @Test
  void anIncidentLeftOpenByRetriesSetForTheStepIsResolvedWhenThePaymentRuns() {
    failingDisbursement(down -> {
      ProcessInstance referral = deliveredWithRetriesSpent();
      // Cockpit's retry of a job definition sets the retries without resolving the incident
      managementService().setJobRetriesByJobDefinitionId(job(referral).getJobDefinitionId(), 1);
      assertThat(runtimeService().createIncidentQuery().processInstanceId(referral.getId()).count()).isOne();

      down.set(false);
      execute(job(referral));
      assertThat(referral).isEnded();
      assertThat(runtimeService().createIncidentQuery().processInstanceId(referral.getId()).count()).isZero();
      assertThat(historyService().createHistoricIncidentQuery().processInstanceId(referral.getId()).resolved().count())
          .isOne();
    });
  }

  @Test
  void aDisbursementThatFailedWithoutAMessageKeepsItsDeletionInTheJobLog() {
    ENGINE.replaceBean("disburseFundsDelegate", (org.camunda.bpm.engine.delegate.JavaDelegate) execution -> {
      throw new IllegalStateException();
    });
    try {
      ProcessInstance referral = acceptAndPlan("youth", 1800);
      complete(task(referral), withVariables(DELIVERED, true, PAID_ITEMS, paid("cash-1"), "deliveryNote", "已发放"));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> execute(job(referral)));

      runtimeService().deleteProcessInstance(referral.getId(), "withdrawn");

      assertThat(jobLog(referral)).containsExactly("failed disburseFunds", "deleted disburseFunds");
    } finally {
      ENGINE.replaceBean("disburseFundsDelegate", new DisburseFundsDelegate(ENGINE.ledger(), ENGINE.facts()));
    }
  }

  /** Runs {@code test} with the disbursement failing while {@code down} holds, the real one afterwards. */
  private static void failingDisbursement(
      java.util.function.Consumer<java.util.concurrent.atomic.AtomicBoolean> test) {
    DisburseFundsDelegate real = new DisburseFundsDelegate(ENGINE.ledger(), ENGINE.facts());
    java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
    ENGINE.replaceBean("disburseFundsDelegate", (org.camunda.bpm.engine.delegate.JavaDelegate) execution -> {
      if (down.get()) {
        throw new IllegalStateException("ledger unreachable");
      }
      real.execute(execution);
    });
    try {
      test.accept(down);
    } finally {
      ENGINE.replaceBean("disburseFundsDelegate", real);
    }
  }

  /** A referral delivered whose disbursement failed until its retries ran out: an incident in Cockpit. */
  private ProcessInstance deliveredWithRetriesSpent() {
    ProcessInstance referral = acceptAndPlan("youth", 1800);
    complete(task(referral), withVariables(DELIVERED, true, PAID_ITEMS, paid("cash-1"), "deliveryNote", "已发放"));
    while (job(referral).getRetries() > 0) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> execute(job(referral)))
          .hasMessageContaining("ledger unreachable");
    }
    assertThat(runtimeService().createIncidentQuery().processInstanceId(referral.getId()).singleResult()
        .getConfiguration()).isEqualTo(job(referral).getId());
    return referral;
  }

  @Test
  void aCaseWithdrawnWhileItsDisbursementIsAnIncidentTakesTheIncidentAlong() {
    ENGINE.replaceBean("disburseFundsDelegate", (org.camunda.bpm.engine.delegate.JavaDelegate) execution -> {
      throw new IllegalStateException("ledger unreachable");
    });
    try {
      ProcessInstance referral = acceptAndPlan("youth", 1800);
      complete(task(referral), withVariables(DELIVERED, true, PAID_ITEMS, paid("cash-1"), "deliveryNote", "已发放"));
      managementService().setJobRetries(job(referral).getId(), 1);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> execute(job(referral)));
      assertThat(runtimeService().createIncidentQuery().processInstanceId(referral.getId()).count()).isOne();

      runtimeService().deleteProcessInstance(referral.getId(), "withdrawn");

      assertThat(runtimeService().createIncidentQuery().processInstanceId(referral.getId()).count()).isZero();
      assertThat(historyService().createHistoricIncidentQuery().processInstanceId(referral.getId()).deleted().count())
          .isOne();
    } finally {
      ENGINE.replaceBean("disburseFundsDelegate", new DisburseFundsDelegate(ENGINE.ledger(), ENGINE.facts()));
    }
  }

  // ------------------------------------------------------------------ units: approvals and funds

  @Test
  void aDistrictPlanAbove10000GoesToTheDistrictsSupervisorsThenTheCitys() {
    caseIn(WEST_LAKE);
    ENGINE.ledger().openFund("union-330106-t1", YEAR, DISTRICT, "西湖区帮扶资金", new BigDecimal("50000"));
    ProcessInstance referral = startReferral("union");
    complete(task(referral), withVariables(ACCEPTED, true));
    assertThat(task(referral)).hasCandidateGroup(DISTRICT + "-caseworkers");
    complete(task(referral), withVariables(CASH_ITEMS, cash("union-330106-t1", 12000), SERVICES, "hardship-grant"));

    assertThat(referral).isWaitingAt(APPROVE_PLAN);
    assertThat(task(referral)).hasCandidateGroup(DISTRICT + "-supervisors");
    complete(task(referral), withVariables(APPROVED, true, APPROVAL_NOTE, "同意，报市总工会"));

    assertThat(referral).isWaitingAt(JOINT_APPROVE);
    assertThat(task(referral)).hasCandidateGroup(CITY + "-supervisors");
    assertThat(candidateGroups(referral)).containsExactly(CITY + "-supervisors");
    complete(task(referral), withVariables(APPROVED, true, APPROVAL_NOTE, "市总工会同意"));

    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE);
    assertThat(fund("union-330106-t1").reserved()).isEqualByComparingTo("12000");
  }

  @Test
  void aDistrictPlanOf10000IsApprovedByTheDistrictsSupervisorsAlone() {
    caseIn(WEST_LAKE);
    ENGINE.ledger().openFund("union-330106-t2", YEAR, DISTRICT, "西湖区帮扶资金", new BigDecimal("50000"));
    ProcessInstance referral = startReferral("union");
    complete(task(referral), withVariables(ACCEPTED, true));
    complete(task(referral), withVariables(CASH_ITEMS, cash("union-330106-t2", 10000), SERVICES, "hardship-grant"));

    assertThat(task(referral)).hasCandidateGroup(DISTRICT + "-supervisors");
    complete(task(referral), withVariables(APPROVED, true, APPROVAL_NOTE, "同意"));
    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE).hasNotPassed(JOINT_APPROVE);
  }

  @Test
  void theSecondApprovalCannotBeGivenByTheFirstApprover() {
    ProcessInstance referral = acceptAndPlan("union", 15000);
    org.camunda.bpm.engine.IdentityService identity = org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests
        .processEngine().getIdentityService();
    try {
      identity.setAuthenticatedUserId("lead-both");
      complete(task(referral), withVariables(APPROVED, true, APPROVAL_NOTE, "同意"));
      assertThat(referral).isWaitingAt(JOINT_APPROVE);
      assertThat(ENGINE.referrals().planApproverOf(onlyReferral().id())).contains("lead-both");

      // the same supervisor, also a member of the second group, may not give the second approval
      String joint = task(referral).getId();
      assertThatThrownBy(() -> org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService().complete(joint,
          withVariables(APPROVED, true, APPROVAL_NOTE, "我也同意")))
          .hasRootCauseInstanceOf(org.camunda.bpm.engine.BadUserRequestException.class)
          .hasMessageContaining("另一位主管");
      assertThat(referral).isWaitingAt(JOINT_APPROVE);

      identity.setAuthenticatedUserId("lead-other");
      complete(task(referral), withVariables(APPROVED, true, APPROVAL_NOTE, "联合审批同意"));
      assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE);
    } finally {
      identity.clearAuthentication();
    }
  }

  @Test
  void aDistrictPlanMayDrawOnItsOwnAndTheCitysSharedFundsButNotASiblingsNorAClosedOne() {
    caseIn(WEST_LAKE);
    ENGINE.ledger().openFund("union-330106-t3", YEAR, DISTRICT, "西湖区帮扶资金", new BigDecimal("50000"));
    ENGINE.ledger().openFund("union-3301-shared", YEAR, CITY, "杭州市共享资金", new BigDecimal("50000"), true);
    ENGINE.ledger().openFund("union-3301-own", YEAR, CITY, "杭州市本级资金", new BigDecimal("50000"), false);
    ENGINE.ledger().openFund("union-330102-t3", YEAR, SIBLING, "上城区帮扶资金", new BigDecimal("50000"), true);
    ProcessInstance referral = startReferral("union");
    complete(task(referral), withVariables(ACCEPTED, true));

    // the caseworker is shown only the funds the district may use
    String fundsLeft = shownText(task(referral), FUNDS_LEFT);
    assertThat(fundsLeft).contains("西湖区帮扶资金", "杭州市共享资金（上级单位 杭州市总工会 开放）")
        .doesNotContain("杭州市本级资金", "上城区帮扶资金", "union test fund", "union-");
    assertThat(shownText(task(referral), FUND_OPTIONS))
        .contains("union-330106-t3", "union-3301-shared").doesNotContain("union-330102-t3", "union-3301-own");

    for (String refused : List.of("union-330102-t3", "union-3301-own", "union-aid")) {
      String planning = task(referral).getId();
      assertThatThrownBy(() -> org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService().complete(
          planning, withVariables(CASH_ITEMS, cash(refused, 500), SERVICES, "hardship-grant")))
          .as(refused).hasRootCauseInstanceOf(org.camunda.bpm.engine.BadUserRequestException.class)
          .hasMessageContaining("cashItems[0].fund");
      assertThat(referral).isWaitingAt(PLAN_ASSISTANCE);
    }
    assertThat(ledgerKinds()).isEmpty();

    complete(task(referral), withVariables(CASH_ITEMS, cash("union-330106-t3", 1000, "union-3301-shared", 800),
        SERVICES, "hardship-grant"));
    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE);
    assertThat(fund("union-3301-shared").reserved()).isEqualByComparingTo("800");
    assertThat(fund("union-330106-t3").reserved()).isEqualByComparingTo("1000");
  }

  @Test
  void aSupervisorSwitchingToASiblingsFundIsRefusedAtReservationAndNothingIsReserved() {
    caseIn(WEST_LAKE);
    ENGINE.ledger().openFund("union-330106-t4", YEAR, DISTRICT, "西湖区小额资金", new BigDecimal("100"));
    ENGINE.ledger().openFund("union-330102-t4", YEAR, SIBLING, "上城区帮扶资金", new BigDecimal("50000"), true);
    ENGINE.ledger().openFund("union-3301-t4", YEAR, CITY, "杭州市共享资金", new BigDecimal("50000"), true);
    ProcessInstance referral = startReferral("union");
    complete(task(referral), withVariables(ACCEPTED, true));
    complete(task(referral), withVariables(CASH_ITEMS, cash("union-330106-t4", 500), SERVICES, "hardship-grant"));
    assertThat(referral).isWaitingAt(RESOLVE_FUNDING);

    complete(task(referral), withVariables(FUNDING_DECISION, "SWITCH_FUND", NEW_FUND, "union-330102-t4"));

    assertThat(referral).isWaitingAt(RESOLVE_FUNDING).hasPassed(SWITCH_FUNDS);
    assertThat((String) runtimeService().getVariable(referral.getId(), FUNDING_PROBLEM))
        .contains("上城区帮扶资金", "本单位不能使用该资金");
    assertThat(ledgerKinds()).isEmpty();
    assertThat(fund("union-330102-t4").reserved()).isZero();

    complete(task(referral), withVariables(FUNDING_DECISION, "SWITCH_FUND", NEW_FUND, "union-3301-t4"));
    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE);
    assertThat(fund("union-3301-t4").reserved()).isEqualByComparingTo("500");
  }

  @Test
  void theLedgerReconcilesPerUnit() {
    caseIn(WEST_LAKE);
    ENGINE.ledger().openFund("union-3301-t5", YEAR, CITY, "杭州市共享资金", new BigDecimal("50000"), true);
    ProcessInstance referral = startReferral("union");
    complete(task(referral), withVariables(ACCEPTED, true));
    complete(task(referral), withVariables(CASH_ITEMS, cash("union-3301-t5", 1500), SERVICES, "hardship-grant"));
    deliver(referral, 1500);

    FundLedger.UnitTotals city = ENGINE.ledger().unitTotals(YEAR).stream().filter(t -> t.unit().equals(CITY))
        .findFirst().orElseThrow();
    assertThat(city.reconciled()).isTrue();
    assertThat(city.disbursed()).isGreaterThanOrEqualTo(new BigDecimal("1500"));
    assertThat(ENGINE.ledger().unreconciledUnits()).isEmpty();
  }

  private static final String CITY = "union-3301";
  private static final String DISTRICT = "union-330106";
  private static final String SIBLING = "union-330102";
  private static final String WEST_LAKE = "330106";

  /** A case of an applicant in the region, with Hangzhou's union unit and two of its districts' units. */
  private void caseIn(String region) {
    for (String[] unit : new String[][] {{CITY, "3301", "杭州市总工会", "union-33"},
        {DISTRICT, "330106", "西湖区总工会", CITY}, {SIBLING, "330102", "上城区总工会", CITY}}) {
      if (ENGINE.units().find(unit[0]).isEmpty()) {
        ENGINE.units().insert(new org.aidflow.organisation.OrganisationUnit(unit[0], "union", unit[1], unit[2], unit[3],
            true));
      }
    }
    caseNumber = String.format("QBH-2026-8%05d", ++caseCounter);
    ENGINE.cases().registerOpenCase(new CaseRegistry.NewCase(caseNumber, "case-instance-u" + caseCounter,
        "hash-u" + caseCounter, null, null, "union", "window", false, true, null, region,
        ENGINE.units().jurisdiction("union", region)));
  }

  private List<String> candidateGroups(ProcessInstance referral) {
    return org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService()
        .getIdentityLinksForTask(task(referral).getId()).stream().filter(l -> "candidate".equals(l.getType()))
        .map(org.camunda.bpm.engine.task.IdentityLink::getGroupId).toList();
  }

  private static final int YEAR = java.time.LocalDate.now(org.aidflow.shared.AidFlowConfiguration.ZONE).getYear();

  private static FundLedger.Balance fund(String code) {
    return ENGINE.ledger().balance(code, YEAR);
  }

  /** The job log of an instance in the order written, each entry as its kind and its step. */
  private static List<String> jobLog(ProcessInstance instance) {
    return historyService().createHistoricJobLogQuery().processInstanceId(instance.getId())
        .orderPartiallyByOccurrence().asc().list().stream()
        .map(entry -> (entry.isCreationLog() ? "created" : entry.isFailureLog() ? "failed"
            : entry.isSuccessLog() ? "successful" : "deleted") + " " + entry.getActivityId())
        .toList();
  }

  private List<String> ledgerKinds() {
    return ENGINE.jdbc().queryForList("SELECT kind FROM ledger_entry WHERE case_number = ? ORDER BY id", String.class,
        caseNumber);
  }

  private ProcessInstance startReferral(String org) {
    return runtimeService().startProcessInstanceByKey(ReferralModel.PROCESS_KEY, caseNumber,
        Variables.putValue(CASE_NUMBER, caseNumber).putValue(ORG, org).putValue(SERVICES, "hardship-grant")
            .putValue(SERVICES_TEXT, "困难帮扶金").putValue(ASSESSMENT_CYCLE, 1).putValue(CONSENT, true));
  }

  private ProcessInstance acceptAndPlan(String org, Number cash) {
    return acceptAndPlan(org, cash, org + "-aid");
  }

  private ProcessInstance acceptAndPlan(String org, Number cash, String fund, String services) {
    ProcessInstance referral = startReferral(org);
    complete(task(referral), withVariables(ACCEPTED, true));
    complete(task(referral), withVariables(CASH_ITEMS, cash(fund, cash), SERVICES, services));
    return referral;
  }

  private ProcessInstance acceptAndPlan(String org, Number cash, String fund) {
    ProcessInstance referral = startReferral(org);
    complete(task(referral), withVariables(ACCEPTED, true));
    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE);
    assertThat(task(referral)).hasCandidateGroup(org + "-33-caseworkers");
    assertThat(onlyReferral().status()).isEqualTo(Status.ACCEPTED);
    complete(task(referral), withVariables(CASH_ITEMS, cash(fund, cash), SERVICES, "hardship-grant"));
    return referral;
  }

  /** Delivers the plan's single cash item of this amount in full. */
  private void deliver(ProcessInstance referral, Number amount) {
    complete(task(referral), withVariables(DELIVERED, true, PAID_ITEMS, paid("cash-1"), "deliveryNote", "已发放"));
    assertThat(referral).isWaitingAt(DISBURSE_FUNDS);
    assertThat((Double) runtimeService().getVariable(referral.getId(), DELIVERED_AMOUNT))
        .isEqualTo(amount.doubleValue());
    execute(job(referral));
  }

  private Referral onlyReferral() {
    List<Referral> referrals = ENGINE.referrals().referralsOf(caseNumber);
    assertThat(referrals).hasSize(1);
    return referrals.get(0);
  }
}
