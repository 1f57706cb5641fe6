package org.aidflow.shared;

import static org.aidflow.support.FormViews.shownText;
import static org.aidflow.servicelevel.EscalationModel.*;
import static org.aidflow.shared.AidCaseModel.*;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.shared.ReferralModel.*;
import static org.aidflow.support.Applicants.applicant;
import static org.aidflow.support.Plans.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.authorizationService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.aidflow.assistance.CashItem;
import org.aidflow.assistance.CashItems;
import org.aidflow.assistance.FundLedger;
import org.aidflow.notification.Notifications;
import org.aidflow.servicelevel.EscalationModel;
import org.aidflow.shared.ReferralRegistry.Referral;
import org.aidflow.shared.ReferralRegistry.Status;
import org.aidflow.support.ProcessTestEngine;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Process variables are a view anyone holding a task may write (here through the engine's Java API, as an old client
 * or a hole in the HTTP guard would): a hostile case number, organisation, referral id, intake officer, consent or
 * amount moves nothing. Each test tries one and checks that the other case, fund or referral is as it was and that
 * the step acted on the record its own process instance is registered for.
 */
@Deployment(resources = {"processes/aid-case.bpmn", "processes/referral.bpmn", "processes/service-order.bpmn", "processes/escalation.bpmn",
    "processes/decisions/intake-org.dmn", "processes/decisions/hardship-level.dmn",
    "processes/decisions/referral-routing.dmn", "processes/decisions/approval-level.dmn",
    "processes/decisions/rights-track.dmn"})
class CaseFactsProcessTest {

  private static final ProcessTestEngine ENGINE = new ProcessTestEngine();
  private static final int YEAR = LocalDate.now(AidFlowConfiguration.ZONE).getYear();
  private static int caseCounter;

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ENGINE.extension();

  @BeforeEach
  void setUp(ProcessEngine processEngine) {
    init(processEngine);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void verificationNamingAnotherCaseClosesOnlyItsOwnCase() {
    ProcessInstance youth = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(CHANNEL, "hotline-12355"));
    assertThat(ENGINE.cases().caseOf(youth.getBusinessKey()).orElseThrow().intakeOrg()).isEqualTo("youth");
    complete(task(youth), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实"));
    ProcessInstance youthReferral = runtimeService().createProcessInstanceQuery()
        .superProcessInstanceId(youth.getId()).list().get(0);
    long youthReferralId = reserve(youthReferral, 800);
    List<Referral> youthReferralsBefore = ENGINE.referrals().referralsOf(youth.getBusinessKey());
    String youthFund = runtimeService().getVariable(youthReferral.getId(), ORG) + "-aid";
    FundLedger.Balance youthFundBefore = ENGINE.ledger().balance(youthFund, YEAR);

    // a union caseworker verifies their own case, naming the youth case, and finds it not eligible
    ProcessInstance union = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, applicant());
    complete(task(union), withVariables(CASE_NUMBER, youth.getBusinessKey(), VERIFIED, false,
        UNVERIFIED_REASON, "核实不属实"));

    assertThat(union).isEnded().hasPassed(CLOSE_UNVERIFIED);
    assertThat(ENGINE.cases().statusOf(union.getBusinessKey())).contains(CaseRegistry.CLOSED);
    assertThat(ENGINE.cases().closureReasonOf(union.getBusinessKey())).contains("NOT_ELIGIBLE");
    assertThat(historicVariable(union, CASE_SUMMARY)).as("the union case's summary").isEqualTo("未转介");
    assertThat(cockpitStage(union.getBusinessKey())).isEqualTo("CLOSED");

    assertThat(ENGINE.cases().statusOf(youth.getBusinessKey())).contains(CaseRegistry.OPEN);
    assertThat(ENGINE.cases().closureReasonOf(youth.getBusinessKey())).isEmpty();
    assertThat(youth).isWaitingAt(REFER_TO_ORGANISATIONS);
    assertThat(ENGINE.referrals().referralsOf(youth.getBusinessKey())).isEqualTo(youthReferralsBefore);
    assertThat(ENGINE.ledger().reservedItems(youthReferralId)).containsOnlyKeys("cash-1");
    assertThat(ENGINE.ledger().balance(youthFund, YEAR)).isEqualTo(youthFundBefore);
    assertThat(cockpitStage(youth.getBusinessKey())).isEqualTo("REFERRAL");
  }

  @Test
  void aYouthPlanCannotDrawOnTheUnionFundBySayingOrgUnion() {
    String caseNumber = newCase("youth", true);
    ProcessInstance referral = startReferral(caseNumber, "youth");
    complete(task(referral), withVariables(ACCEPTED, true));
    FundLedger.Balance unionBefore = ENGINE.ledger().balance("union-aid", YEAR);

    assertThatThrownBy(() -> complete(task(referral), withVariables(ORG, "union",
            CASH_ITEMS, cash("union-aid", 2000), SERVICES, "hardship-grant")))
        .hasRootCauseInstanceOf(BadUserRequestException.class).hasMessageContaining("cashItems[0].fund");
    runtimeService().setVariable(referral.getId(), ORG, "union");
    assertThatThrownBy(() -> complete(task(referral), withVariables(CASH_ITEMS, cash("union-aid", 2000),
            SERVICES, "hardship-grant")))
        .hasRootCauseInstanceOf(BadUserRequestException.class).hasMessageContaining("cashItems[0].fund");
    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE);
    assertThat(task(referral)).hasCandidateGroup("youth-33-caseworkers");
    assertThat(shownText(task(referral), FUNDS_LEFT))
        .as("the funds the form offers").contains("youth test fund").doesNotContain("union test fund");

    // a plan on the youth fund goes to the youth supervisors whatever org says ...
    complete(task(referral), withVariables(CASH_ITEMS, cash("youth-aid", 5000), SERVICES, "hardship-grant"));
    assertThat(referral).isWaitingAt(APPROVE_PLAN);
    assertThat(task(referral)).hasCandidateGroup("youth-33-supervisors");
    // ... and a plan rewritten after it was checked (to the union fund, and more) is not what approving reserves
    FundLedger.Balance youthBefore = ENGINE.ledger().balance("youth-aid", YEAR);
    runtimeService().setVariable(referral.getId(), CASH_ITEMS, CashItems.variable(
        List.of(new CashItem("cash-1", "union-aid", new BigDecimal("2000"), "改写"),
            new CashItem("cash-2", "youth-aid", new BigDecimal("50000"), "改写"))));
    complete(task(referral), withVariables(APPROVED, true, APPROVAL_NOTE, "同意", ORG, "union"));

    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE);
    assertThat(task(referral)).hasCandidateGroup("youth-33-caseworkers");
    long referralId = ENGINE.referrals().idOfInstance(referral.getId());
    assertThat(ENGINE.ledger().reservedItems(referralId)).containsOnlyKeys("cash-1")
        .hasEntrySatisfying("cash-1", amount -> assertThat(amount).isEqualByComparingTo("5000"));
    assertThat(ENGINE.ledger().balance("youth-aid", YEAR).available())
        .isEqualByComparingTo(youthBefore.available().subtract(new BigDecimal("5000")));
    assertThat(ENGINE.ledger().balance("union-aid", YEAR)).isEqualTo(unionBefore);
    assertThat(ENGINE.jdbc().queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE fund_code = 'union-aid'"
        + " AND case_number = ?", Integer.class, caseNumber)).isZero();
  }

  @Test
  void deliveryPaysTheReservationOfItsOwnReferralOnly() {
    ProcessInstance own = startReferral(newCase("union", true), "union");
    long ownId = reserve(own, 1000);
    String otherCase = newCase("union", true);
    ProcessInstance other = startReferral(otherCase, "women");
    long otherId = reserve(other, 1500);
    FundLedger.Balance womenBefore = ENGINE.ledger().balance("women-aid", YEAR);

    complete(task(own), withVariables(DELIVERED, true, PAID_ITEMS, paid("cash-1"), "deliveryNote", "已发放",
        REFERRAL_ID, otherId));
    // and again while the payment waits for the job executor, with a claimed amount
    runtimeService().setVariables(own.getId(), Map.of(REFERRAL_ID, otherId, CASE_NUMBER, otherCase,
        DELIVERED_AMOUNT, 999999.0));
    execute(job(own));

    assertThat(own).isEnded().hasPassed(RECORD_DELIVERY);
    Referral ownRecord = ENGINE.referrals().referralsOf(caseOf(ownId)).get(0);
    assertThat(ownRecord.status()).isEqualTo(Status.DELIVERED);
    assertThat(ownRecord.deliveredAmount()).isEqualByComparingTo("1000");
    assertThat(ENGINE.ledger().paidTotal(ownId)).isEqualByComparingTo("1000");
    assertThat(ENGINE.ledger().reservedItems(ownId)).isEmpty();

    assertThat(other).isWaitingAt(DELIVER_ASSISTANCE);
    assertThat(ENGINE.ledger().reservedItems(otherId)).containsOnlyKeys("cash-1")
        .hasEntrySatisfying("cash-1", amount -> assertThat(amount).isEqualByComparingTo("1500"));
    assertThat(ENGINE.ledger().paidTotal(otherId)).isZero();
    assertThat(ENGINE.ledger().balance("women-aid", YEAR)).isEqualTo(womenBefore);
    Referral otherRecord = ENGINE.referrals().referralsOf(otherCase).get(0);
    assertThat(otherRecord.status()).isEqualTo(Status.ACCEPTED);
    assertThat(otherRecord.deliveredAmount()).isNull();
  }

  @Test
  void theIntakeOfficerIsTheAuthenticatedStarterNotAStartVariable() {
    ProcessInstance aidCase;
    identityService().setAuthentication("intake-chen", List.of(Groups.INTAKE_OFFICERS));
    try {
      aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
          applicant("intakeOfficer", "someone-else"));
    } finally {
      identityService().clearAuthentication();
    }

    assertThat(ENGINE.cases().intakeOfficerOf(aidCase.getBusinessKey())).contains("intake-chen");
    assertThat(readGrants(aidCase.getId(), "someone-else")).as("grants to the user the variable names").isZero();
    assertThat(readGrants(aidCase.getId(), "intake-chen")).isEqualTo(2);
  }

  @Test
  void tasksGoToTheRegisteredOrganisationsWhateverOrgOrIntakeOrgSay() {
    String caseNumber = newCase("youth", true);
    ProcessInstance referral = startReferral(caseNumber, "youth");
    runtimeService().setVariable(referral.getId(), ORG, "union");
    complete(task(referral), withVariables(ACCEPTED, true, ORG, "union"));
    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE);
    assertThat(task(referral)).hasCandidateGroup("youth-33-caseworkers");
    assertThat(ENGINE.referrals().referralsOf(caseNumber).get(0).org()).isEqualTo("youth");

    // a union case verified with intakeOrg=youth stays with the union when it comes back to verification
    ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, applicant());
    complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实", INTAKE_ORG, "youth"));
    for (ProcessInstance each : runtimeService().createProcessInstanceQuery().superProcessInstanceId(aidCase.getId())
        .list()) {
      complete(task(each), withVariables(ACCEPTED, false, DECLINE_REASON, "不在本单位职责范围"));
    }
    assertThat(aidCase).isWaitingAt(DECIDE_DECLINED_CASE);
    complete(task(aidCase), withVariables(SUPERVISOR_DECISION, "REASSESS", SUPERVISOR_NOTE, "补充材料后重新评估"));
    assertThat(aidCase).isWaitingAt(VERIFY_CASE);
    assertThat(task(aidCase)).hasCandidateGroup("union-33-caseworkers");
  }

  @Test
  void anOverdueReferralEscalatesAndReroutesItselfWhateverItsVariablesName() {
    String caseNumber = newCase("union", true);
    ProcessInstance referral = startReferral(caseNumber, "youth");
    String otherCase = newCase("union", true);
    ProcessInstance other = startReferral(otherCase, "women");
    long otherId = ENGINE.referrals().referralsOf(otherCase).get(0).id();
    runtimeService().setVariables(referral.getId(), Map.of(ORG, "women", CASE_NUMBER, otherCase,
        REFERRAL_ID, otherId));

    ClockUtil.setCurrentTime(new Date(task(referral).getDueDate().getTime() + Duration.ofMinutes(1).toMillis()));
    executeDueTimers(referral);

    ProcessInstance escalation = runtimeService().createProcessInstanceQuery()
        .processDefinitionKey(EscalationModel.PROCESS_KEY).processInstanceBusinessKey(caseNumber).singleResult();
    assertThat(task(escalation)).hasCandidateGroup("youth-33-supervisors");
    assertThat(ENGINE.escalations().forCase(caseNumber)).singleElement()
        .satisfies(e -> assertThat(e.org()).isEqualTo("youth"));
    assertThat(ENGINE.notifications().forCase(caseNumber)).extracting(Notifications.Notification::recipientGroup)
        .containsExactly("youth-33-caseworkers", "youth-33-supervisors");

    Job second = managementService().createJobQuery().processInstanceId(referral.getId()).timers().singleResult();
    ClockUtil.setCurrentTime(new Date(second.getDuedate().getTime() + Duration.ofMinutes(1).toMillis()));
    executeDueTimers(referral);

    assertThat(referral).hasPassed(REROUTE_TO_UNION).isWaitingAt(ACCEPT_REFERRAL);
    assertThat(task(referral)).hasCandidateGroup("union-33-caseworkers");
    assertThat(ENGINE.referrals().referralsOf(caseNumber).get(0).org()).isEqualTo("union");
    assertThat(ENGINE.referrals().referralsOf(otherCase).get(0).org()).isEqualTo("women");
    assertThat(task(other)).hasCandidateGroup("women-33-caseworkers");
    assertThat(ENGINE.escalations().forCase(otherCase)).isEmpty();
    assertThat(ENGINE.notifications().forCase(otherCase)).isEmpty();
  }

  @Test
  void handlingAnEscalationMarksItsOwnBreachHandledWhateverEscalationIdSays() {
    String ownCase = newCase("union", true);
    ProcessInstance own = startReferral(ownCase, "civil");
    String otherCase = newCase("union", true);
    ProcessInstance other = startReferral(otherCase, "civil");
    ClockUtil.setCurrentTime(new Date(task(own).getDueDate().getTime() + Duration.ofMinutes(1).toMillis()));
    executeDueTimers(own);
    executeDueTimers(other);
    long otherBreach = ENGINE.escalations().forCase(otherCase).get(0).id();

    ProcessInstance escalation = runtimeService().createProcessInstanceQuery()
        .processDefinitionKey(EscalationModel.PROCESS_KEY).processInstanceBusinessKey(ownCase).singleResult();
    complete(task(escalation), withVariables(ESCALATION_ACTION, "URGED", ESCALATION_NOTE, "已电话督促",
        ESCALATION_ID, otherBreach));

    assertThat(escalation).isEnded().hasPassed(RECORD_ESCALATION_HANDLED);
    assertThat(ENGINE.escalations().forCase(ownCase)).singleElement()
        .satisfies(e -> assertThat(e.handledAt()).isNotNull());
    assertThat(ENGINE.escalations().forCase(otherCase)).singleElement()
        .satisfies(e -> assertThat(e.handledAt()).isNull());
  }

  @Test
  void aCaseWithoutConsentIsNotPassedToTheCharitiesBySayingConsentTrue() {
    String caseNumber = newCase("union", false);
    ENGINE.ledger().openFund("civil-empty", YEAR, "civil", "已用完的资金", BigDecimal.ZERO);
    ProcessInstance referral = startReferral(caseNumber, "civil");
    complete(task(referral), withVariables(ACCEPTED, true));
    complete(task(referral), withVariables(CASH_ITEMS, cash("civil-empty", 500), SERVICES, "hardship-grant"));
    assertThat(referral).isWaitingAt(RESOLVE_FUNDING);

    complete(task(referral), withVariables(FUNDING_DECISION, "REFER_TO_CHARITY", DECLINE_REASON, "转慈善",
        CONSENT, true));

    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE).hasNotPassed(RECORD_CHARITY_REFERRAL);
    assertThat(ENGINE.referrals().referralsOf(caseNumber)).singleElement()
        .satisfies(r -> assertThat(r.org()).isEqualTo("civil"));
  }

  // ------------------------------------------------------------------ helpers

  /** Registers an open case of this intake organisation, as registerCase would. */
  private static String newCase(String intakeOrg, boolean consent) {
    String caseNumber = String.format("QBH-2026-7%05d", ++caseCounter);
    ENGINE.cases().registerOpenCase(new CaseRegistry.NewCase(caseNumber, "facts-case-" + caseCounter,
        "facts-hash-" + caseCounter, null, null, intakeOrg, "window", false, consent));
    return caseNumber;
  }

  private static ProcessInstance startReferral(String caseNumber, String org) {
    return runtimeService().startProcessInstanceByKey(ReferralModel.PROCESS_KEY, caseNumber,
        Variables.putValue(CASE_NUMBER, caseNumber).putValue(ORG, org).putValue(SERVICES, "hardship-grant")
            .putValue(SERVICES_TEXT, "困难帮扶金").putValue(ASSESSMENT_CYCLE, 1).putValue(CONSENT, true));
  }

  /** Accepts the referral and plans one cash item of its organisation's fund, reserved on the way to delivery. */
  private static long reserve(ProcessInstance referral, int amount) {
    String org = (String) runtimeService().getVariable(referral.getId(), ORG);
    complete(task(referral), withVariables(ACCEPTED, true));
    if (ASSESS_SAFETY.equals(task(referral).getTaskDefinitionKey())) {
      // the Women's Federation's track: no immediate danger, no protection order wanted, legal aid resolves it
      complete(task(referral), withVariables(IMMEDIATE_DANGER, false, RIGHTS_NOTE, "暂无现实危险"));
      complete(task(referral), withVariables(PROTECTION_ORDER_SKIPPED, true, PROTECTION_ORDER_SKIP_REASON, "申请人暂不申请"));
      complete(task(referral), withVariables(RIGHTS_RESOLVED, true, RIGHTS_NOTE, "法律援助已解决"));
    }
    if (MEDIATE.equals(task(referral).getTaskDefinitionKey())) {
      complete(task(referral), withVariables(RIGHTS_RESOLVED, true, RECOVERED_AMOUNT, 0, RIGHTS_NOTE, "调解"));
    }
    complete(task(referral), withVariables(CASH_ITEMS, cash(org + "-aid", amount),
        SERVICES, runtimeService().getVariable(referral.getId(), SERVICES)));
    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE);
    long id = ENGINE.referrals().idOfInstance(referral.getId());
    assertThat(ENGINE.ledger().reservedItems(id)).containsOnlyKeys("cash-1");
    return id;
  }

  private static String caseOf(long referralId) {
    return ENGINE.jdbc().queryForObject("SELECT case_number FROM case_referral WHERE id = ?", String.class,
        referralId);
  }

  private static void executeDueTimers(ProcessInstance instance) {
    for (Job timer : managementService().createJobQuery().processInstanceId(instance.getId()).timers()
        .executable().list()) {
      managementService().executeJob(timer.getId());
    }
  }

  private static long readGrants(String processInstanceId, String userId) {
    return authorizationService().createAuthorizationQuery().resourceType(Resources.PROCESS_INSTANCE)
        .resourceId(processInstanceId).userIdIn(userId).count()
        + authorizationService().createAuthorizationQuery().resourceType(Resources.HISTORIC_PROCESS_INSTANCE)
        .resourceId(processInstanceId).userIdIn(userId).count();
  }

  private static String cockpitStage(String caseNumber) {
    return ENGINE.jdbc().queryForObject("SELECT stage FROM cockpit_case WHERE case_number = ?", String.class,
        caseNumber);
  }

  private static Object historicVariable(ProcessInstance instance, String name) {
    return historyService().createHistoricVariableInstanceQuery().processInstanceId(instance.getId())
        .variableName(name).singleResult().getValue();
  }
}
