package org.aidflow.followup;

import static org.aidflow.shared.AidCaseModel.*;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.shared.ReferralModel.*;
import static org.aidflow.support.Applicants.applicant;
import static org.aidflow.support.Plans.cash;
import static org.aidflow.support.Plans.paid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.aidflow.followup.HardshipHouseholds.Household;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.ReferralModel;
import org.aidflow.support.EngineClock;
import org.aidflow.support.ProcessTestEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** recordDelivery registers DEEP and RELATIVE households for the annual review (动态管理), and nothing else. */
@Deployment(resources = {"processes/aid-case.bpmn", "processes/referral.bpmn", "processes/service-order.bpmn", "processes/decisions/intake-org.dmn",
    "processes/decisions/hardship-level.dmn", "processes/decisions/referral-routing.dmn",
    "processes/decisions/approval-level.dmn",
    "processes/decisions/rights-track.dmn"})
class HardshipRegistrationProcessTest {

  private static final ProcessTestEngine ENGINE = new ProcessTestEngine();
  private static int caseCounter;

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ENGINE.extension();

  private final HardshipHouseholds households = new HardshipHouseholds(ENGINE.jdbc(), new EngineClock(),
      ENGINE.policy());

  @BeforeEach
  void setUp(ProcessEngine processEngine) {
    init(processEngine);
  }

  @Test
  void aDeepCaseWhoseAidIsDeliveredRegistersItsHouseholdAsVerifiedWhenTheCaseWasVerified() {
    ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, applicant());
    Instant verifiedAt = Instant.now().minus(Duration.ofDays(20)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    ClockUtil.setCurrentTime(Date.from(verifiedAt));
    try {
      complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实"));
    } finally {
      ClockUtil.reset();
    }
    assertThat(aidCase).variables().containsEntry(HARDSHIP_LEVEL, "DEEP");
    String caseNumber = aidCase.getBusinessKey();

    deliver(referralOf(aidCase, "civil"));

    Household household = households.ofCase(caseNumber).orElseThrow();
    assertThat(household.org()).as("the intake organisation re-verifies").isEqualTo("union");
    assertThat(household.hardshipLevel()).isEqualTo("DEEP");
    assertThat(household.nameMasked()).isEqualTo("测****");
    assertThat(household.lastVerifiedAt()).isEqualTo(historyService().createHistoricTaskInstanceQuery()
        .processInstanceId(aidCase.getId()).taskDefinitionKey(VERIFY_CASE).singleResult().getEndTime().toInstant())
        .isEqualTo(verifiedAt);

    deliver(referralOf(aidCase, "union"));
    assertThat(ENGINE.jdbc().queryForObject("SELECT COUNT(*) FROM hardship_household WHERE case_number = ?",
        Integer.class, caseNumber)).as("one household per person").isEqualTo(1);
  }

  @Test
  void theLevelVerificationRecordedDecidesNotAVariableWrittenAtDelivery() {
    ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, applicant());
    complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实"));
    String caseNumber = aidCase.getBusinessKey();
    assertThat(ENGINE.cases().hardshipLevelOf(caseNumber)).contains("DEEP");
    ProcessInstance civil = referralOf(aidCase, "civil");
    complete(task(civil), withVariables(ACCEPTED, true));
    complete(task(civil), withVariables(CASH_ITEMS, cash("civil-aid", 500), SERVICES,
        runtimeService().getVariable(civil.getId(), SERVICES)));
    // the deliverer's completion also writes a hardship level (the Java API takes any variable)
    complete(task(civil), withVariables(DELIVERED, true, PAID_ITEMS, paid("cash-1"), "deliveryNote", "已发放",
        HARDSHIP_LEVEL, "NONE"));
    execute(job(civil));

    assertThat(households.ofCase(caseNumber).orElseThrow().hardshipLevel()).isEqualTo("DEEP");
  }

  @Test
  void aRelativeReferralWithoutAVerificationOnRecordCountsAsVerifiedOnDelivery() {
    String caseNumber = openCase();
    ProcessInstance referral = startReferral(caseNumber, "RELATIVE");

    deliver(referral);

    Household household = households.ofCase(caseNumber).orElseThrow();
    assertThat(household.hardshipLevel()).isEqualTo("RELATIVE");
    assertThat(household.lastVerifiedAt()).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
    assertThat(household.nameMasked()).isNull();
  }

  @Test
  void aNoneLevelReferralRegistersNoHousehold() {
    String caseNumber = openCase();
    deliver(startReferral(caseNumber, "NONE"));

    assertThat(households.ofCase(caseNumber)).isEmpty();
  }

  @Test
  void aReferralWithoutAHardshipLevelRegistersNoHousehold() {
    String caseNumber = openCase();
    ProcessInstance referral = startReferral(caseNumber, "DEEP");
    runtimeService().removeVariable(referral.getId(), HARDSHIP_LEVEL);

    deliver(referral);

    assertThat(households.ofCase(caseNumber)).isEmpty();
  }

  @Test
  void aDeepReferralWhoseAidWasNotDeliveredRegistersNoHousehold() {
    String caseNumber = openCase();
    ProcessInstance referral = startReferral(caseNumber, "DEEP");
    complete(task(referral), withVariables(ACCEPTED, true));
    complete(task(referral), withVariables(CASH_ITEMS, cash("union-aid", 500), SERVICES,
        "hardship-grant"));
    complete(task(referral), withVariables(DELIVERED, false, PAID_ITEMS, paid("cash-1"), "deliveryNote", "联系不上申请人"));
    execute(job(referral));

    assertThat(referral).isEnded().hasPassed(RECORD_DELIVERY);
    assertThat(households.ofCase(caseNumber)).isEmpty();
  }

  private static String openCase() {
    String caseNumber = String.format("QBH-2026-6%05d", ++caseCounter);
    ENGINE.cases().registerOpenCase(new CaseRegistry.NewCase(caseNumber, "case-instance-r" + caseCounter,
        "registration-hash-" + caseCounter, null, null, "union", "window", false, true));
    return caseNumber;
  }

  private static ProcessInstance startReferral(String caseNumber, String hardshipLevel) {
    return runtimeService().startProcessInstanceByKey(ReferralModel.PROCESS_KEY, caseNumber,
        Variables.putValue(CASE_NUMBER, caseNumber).putValue(ORG, "union").putValue(SERVICES, "hardship-grant")
            .putValue(SERVICES_TEXT, "困难帮扶金").putValue(ASSESSMENT_CYCLE, 1).putValue(CONSENT, true)
            .putValue(HARDSHIP_LEVEL, hardshipLevel));
  }

  private static ProcessInstance referralOf(ProcessInstance aidCase, String org) {
    return runtimeService().createProcessInstanceQuery().superProcessInstanceId(aidCase.getId())
        .variableValueEquals(ORG, org).singleResult();
  }

  /** Accepts, plans 500 CNY from the organisation's fund and delivers it. */
  private static void deliver(ProcessInstance referral) {
    String org = (String) runtimeService().getVariable(referral.getId(), ORG);
    complete(task(referral), withVariables(ACCEPTED, true));
    complete(task(referral), withVariables(CASH_ITEMS, cash(org + "-aid", 500), SERVICES,
        runtimeService().getVariable(referral.getId(), SERVICES)));
    complete(task(referral), withVariables(DELIVERED, true, PAID_ITEMS, paid("cash-1"), "deliveryNote", "已发放"));
    execute(job(referral));
    assertThat(referral).isEnded().hasPassed(RECORD_DELIVERY);
  }
}
