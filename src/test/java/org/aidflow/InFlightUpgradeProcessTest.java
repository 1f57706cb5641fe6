package org.aidflow;

import static org.aidflow.support.FormViews.shownText;
import static org.aidflow.servicelevel.EscalationModel.*;
import static org.aidflow.shared.AidCaseModel.*;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.shared.ReferralModel.*;
import static org.aidflow.support.Applicants.applicant;
import static org.aidflow.support.Plans.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.repositoryService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aidflow.servicelevel.EscalationModel;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.ReferralModel;
import org.aidflow.shared.ReferralRegistry.Referral;
import org.aidflow.shared.ReferralRegistry.Status;
import org.aidflow.support.ProcessTestEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cases in flight survive this release: cases started on the previous release's models (commit 7c5a76c, copied to
 * src/test/resources/previous-release) and left mid-way, with the rows that release wrote (no intake officer, no
 * kept plan, no escalation instance), finish with this release's code after its models are deployed as newer
 * versions, as an upgrade does. Runs without coverage recording: old versions share the current models' keys and
 * element ids and would count as covering them.
 */
class InFlightUpgradeProcessTest {

  private static final ProcessTestEngine ENGINE = ProcessTestEngine.withoutCoverage();
  private static final int YEAR = java.time.LocalDate.now(org.aidflow.shared.AidFlowConfiguration.ZONE).getYear();
  private static final String[] MODELS = {"aid-case.bpmn", "referral.bpmn", "escalation.bpmn",
      "decisions/intake-org.dmn", "decisions/hardship-level.dmn", "decisions/referral-routing.dmn",
      "decisions/approval-level.dmn"};
  /** Models added since the previous release: it had no rights-track decision and no service orders. */
  private static final String[] NEW_MODELS = {"decisions/rights-track.dmn", "service-order.bpmn"};

  @RegisterExtension
  static ProcessEngineExtension extension = ENGINE.extensionWithoutCoverage();

  @BeforeEach
  void setUp(ProcessEngine processEngine) {
    init(processEngine);
  }

  @Test
  void casesStartedOnThePreviousReleaseFinishOnThisReleaseAndPayOnce() {
    Map<String, String> previous = deploy("previous-release/");
    BigDecimal unionPaidBefore = fund("union-aid").disbursed();
    BigDecimal civilPaidBefore = fund("civil-aid").disbursed();

    // ---- on the previous release: cases brought mid-way
    ProcessInstance awaitingVerification = start(applicant(CHANNEL, "hotline-12338"));
    assertThat(awaitingVerification).isWaitingAt(VERIFY_CASE);
    execute(managementService().createJobQuery().processInstanceId(awaitingVerification.getId())
        .activityId(VERIFICATION_OVERDUE).singleResult());
    ProcessInstance oldEscalation = escalationOf(awaitingVerification);
    assertThat(oldEscalation).isWaitingAt(ESCALATION);

    ProcessInstance awaitingAcceptance = start(applicant());
    verify(awaitingAcceptance);
    assertThat(referral(awaitingAcceptance, "union")).isWaitingAt(ACCEPT_REFERRAL);
    assertThat(referral(awaitingAcceptance, "civil")).isWaitingAt(ACCEPT_REFERRAL);

    ProcessInstance awaitingApproval = start(applicant());
    verify(awaitingApproval);
    acceptAndPlan(referral(awaitingApproval, "union"), 5000);
    assertThat(referral(awaitingApproval, "union")).isWaitingAt(APPROVE_PLAN);
    deliverFully(referral(awaitingApproval, "civil"), 500);

    ProcessInstance awaitingDelivery = start(applicant());
    verify(awaitingDelivery);
    acceptAndPlan(referral(awaitingDelivery, "union"), 1000);
    assertThat(referral(awaitingDelivery, "union")).isWaitingAt(DELIVER_ASSISTANCE);
    assertThat(ledgerKinds(awaitingDelivery)).as("funds reserved on the previous release").contains("RESERVE");
    deliverFully(referral(awaitingDelivery, "civil"), 500);

    ProcessInstance awaitingFollowUp = start(applicant());
    verify(awaitingFollowUp);
    deliverFully(referral(awaitingFollowUp, "union"), 1000);
    deliverFully(referral(awaitingFollowUp, "civil"), 500);
    assertThat(awaitingFollowUp).isWaitingAt(WAIT_FOR_FOLLOW_UP);

    // a labour-rights referral accepted before the release, waiting in mediation on the previous model
    ProcessInstance awaitingMediation = start(applicant(CATEGORIES, List.of("wage-arrears")));
    verify(awaitingMediation);
    ProcessInstance oldLegalAid = referral(awaitingMediation, "union");
    complete(task(oldLegalAid), withVariables(ACCEPTED, true));
    assertThat(oldLegalAid).isWaitingAt(MEDIATE);
    deliverFully(referral(awaitingMediation, "civil"), 500);

    List<ProcessInstance> inFlight = List.of(awaitingVerification, awaitingAcceptance, awaitingApproval,
        awaitingDelivery, awaitingFollowUp);
    List<ProcessInstance> oldReferrals = List.of(referral(awaitingAcceptance, "union"),
        referral(awaitingAcceptance, "civil"), referral(awaitingApproval, "union"), referral(awaitingDelivery, "union"));

    // ---- the rows as the previous release wrote them: no intake officer, no kept plan, no escalation instance
    assertThat(ENGINE.jdbc().queryForObject("SELECT COUNT(*) FROM case_referral WHERE planned_items IS NOT NULL",
        Integer.class)).as("plans kept by this release's code, to be erased").isPositive();
    assertThat(ENGINE.jdbc().queryForObject("SELECT COUNT(*) FROM escalation WHERE escalation_instance_id IS NOT NULL",
        Integer.class)).as("escalation instance kept by this release's code, to be erased").isOne();
    assertThat(ENGINE.jdbc().update("UPDATE aid_case SET intake_officer = NULL")).isEqualTo(inFlight.size() + 1);
    assertThat(ENGINE.jdbc().update("UPDATE case_referral SET planned_items = NULL")).isPositive();
    assertThat(ENGINE.jdbc().update("UPDATE escalation SET escalation_instance_id = NULL")).isEqualTo(1);

    // ---- the release
    // the organisation groups of open tasks move onto the province units, as the application does at start-up
    assertThat(ENGINE.unitGroupMigration().migrate()).isPositive();
    Map<String, String> current = deploy("processes/");
    assertThat(current.get(AidCaseModel.PROCESS_KEY)).isNotEqualTo(previous.get(AidCaseModel.PROCESS_KEY));
    assertThat(current.get(ReferralModel.PROCESS_KEY)).isNotEqualTo(previous.get(ReferralModel.PROCESS_KEY));

    // ---- every case finishes with this release's code, on the version it started on
    // the breach escalated before the release is marked handled by the supervisors of the intake organisation
    assertThat(task(oldEscalation)).hasCandidateGroup("women-33-supervisors");
    complete(task(oldEscalation), withVariables(ESCALATION_ACTION, "URGED", ESCALATION_NOTE, "已电话督促"));
    assertThat(oldEscalation).isEnded().hasPassed(RECORD_ESCALATION_HANDLED);
    assertThat(ENGINE.escalations().forCase(awaitingVerification.getBusinessKey())).singleElement()
        .satisfies(breach -> assertThat(breach.handledAt()).isNotNull());

    // verified after the release by the intake organisation (the women's federation's 12338 hotline); its referrals
    // start on the current referral model, as the old call activity calls the latest version
    assertThat(task(awaitingVerification)).hasCandidateGroup("women-33-caseworkers");
    verify(awaitingVerification);
    ProcessInstance newUnion = referral(awaitingVerification, "union");
    ProcessInstance newCivil = referral(awaitingVerification, "civil");
    assertThat(newUnion.getProcessDefinitionId()).isEqualTo(current.get(ReferralModel.PROCESS_KEY));
    assertThat(task(newUnion)).hasCandidateGroup("union-33-caseworkers");
    assertThat(task(newCivil)).hasCandidateGroup("civil-33-caseworkers");
    deliverFully(newUnion, 1000);
    deliverFully(newCivil, 500);

    // referrals waiting to be accepted: each organisation's own caseworkers
    for (ProcessInstance referral : oldReferrals) {
      assertThat(referral.getProcessDefinitionId()).isEqualTo(previous.get(ReferralModel.PROCESS_KEY));
    }
    ProcessInstance unionToAccept = referral(awaitingAcceptance, "union");
    ProcessInstance civilToAccept = referral(awaitingAcceptance, "civil");
    assertThat(task(unionToAccept)).hasCandidateGroup("union-33-caseworkers");
    assertThat(task(civilToAccept)).hasCandidateGroup("civil-33-caseworkers");
    deliverFully(unionToAccept, 1000);
    deliverFully(civilToAccept, 500);

    // the plan above 2,000 waiting for approval: the union's supervisors approve the plan made before the release,
    // and exactly that plan is reserved and paid
    ProcessInstance toApprove = referral(awaitingApproval, "union");
    assertThat(task(toApprove)).hasCandidateGroup("union-33-supervisors");
    // its form, opened after the release, shows the header and the plan in words, worked out when it opens
    // (from the applicant's details the referral was given a copy of, as the previous release did: the copy, not the
    // case, even where the case's value has changed since)
    assertThat(runtimeService().getVariable(toApprove.getId(), ID_NUMBER_MASKED)).isNotNull();
    Object household = runtimeService().getVariable(awaitingApproval.getId(), HOUSEHOLD_SIZE);
    runtimeService().setVariable(awaitingApproval.getId(), HOUSEHOLD_SIZE, 7);
    assertThat(shownText(task(toApprove), CASE_HEADER)).contains("### 案件 " + awaitingApproval.getBusinessKey(),
        (String) runtimeService().getVariable(toApprove.getId(), ID_NUMBER_MASKED), "**家庭**：" + household + "人")
        .doesNotContain("**家庭**：7人");
    runtimeService().setVariable(awaitingApproval.getId(), HOUSEHOLD_SIZE, household);
    assertThat(shownText(task(toApprove), PLAN_TEXT)).contains("合计 5,000.00 元");
    complete(task(toApprove), withVariables(APPROVED, true, APPROVAL_NOTE, "同意"));
    assertThat(toApprove).isWaitingAt(DELIVER_ASSISTANCE);
    assertThat(task(toApprove)).hasCandidateGroup("union-33-caseworkers");
    deliver(toApprove);

    // the delivery waiting with its funds reserved before the release
    ProcessInstance toDeliver = referral(awaitingDelivery, "union");
    assertThat(task(toDeliver)).hasCandidateGroup("union-33-caseworkers");
    deliver(toDeliver);

    // the mediation waiting on the previous model runs its old track to the end (litigation after a failed
    // arbitration, as that model has no choice) and this release's code records the outcome and the track
    assertThat(oldLegalAid.getProcessDefinitionId()).isEqualTo(previous.get(ReferralModel.PROCESS_KEY));
    assertThat(task(oldLegalAid)).hasCandidateGroup("union-33-caseworkers");
    complete(task(oldLegalAid), withVariables(RIGHTS_RESOLVED, false, RIGHTS_NOTE, "调解不成"));
    assertThat(oldLegalAid).isWaitingAt(ARBITRATE);
    complete(task(oldLegalAid), withVariables(RIGHTS_RESOLVED, false, RIGHTS_NOTE, "仲裁未获支持"));
    assertThat(oldLegalAid).isWaitingAt(LITIGATE);
    complete(task(oldLegalAid), withVariables(RIGHTS_RESOLVED, true, RECOVERED_AMOUNT, 7000, RIGHTS_NOTE, "胜诉"));
    assertThat(oldLegalAid).hasPassed(RECORD_RIGHTS_OUTCOME);
    deliverPlanned(oldLegalAid, 1000);
    Referral legalAid = ENGINE.referrals().referralsOf(awaitingMediation.getBusinessKey()).stream()
        .filter(referral -> referral.org().equals("union")).findFirst().orElseThrow();
    assertThat(legalAid.rightsResolved()).isTrue();
    assertThat(legalAid.recoveredAmount()).isEqualByComparingTo("7000");
    assertThat(ENGINE.rightsSteps().progressOf(legalAid.id()).track().track()).isEqualTo("LABOUR");
    followUpResolved(awaitingMediation, "union");
    assertThat(payments(awaitingMediation)).containsExactlyInAnyOrder(payment("union-aid", 1000),
        payment("civil-aid", 500));

    for (ProcessInstance aidCase : inFlight) {
      assertThat(aidCase.getProcessDefinitionId()).isEqualTo(previous.get(AidCaseModel.PROCESS_KEY));
      assertThat(runtimeService().createProcessInstanceQuery().processInstanceId(aidCase.getId())
          .processDefinitionId(previous.get(AidCaseModel.PROCESS_KEY)).count()).as("still on its version").isOne();
      followUpResolved(aidCase, aidCase == awaitingVerification ? "women" : "union");
    }

    // money: each planned item paid exactly once, the reservations released into payments, the funds reconcile
    assertThat(payments(awaitingVerification)).containsExactlyInAnyOrder(payment("union-aid", 1000), payment("civil-aid", 500));
    assertThat(payments(awaitingAcceptance)).containsExactlyInAnyOrder(payment("union-aid", 1000), payment("civil-aid", 500));
    assertThat(payments(awaitingApproval)).containsExactlyInAnyOrder(payment("union-aid", 5000), payment("civil-aid", 500));
    assertThat(payments(awaitingDelivery)).containsExactlyInAnyOrder(payment("union-aid", 1000), payment("civil-aid", 500));
    assertThat(payments(awaitingFollowUp)).containsExactlyInAnyOrder(payment("union-aid", 1000), payment("civil-aid", 500));
    for (ProcessInstance aidCase : inFlight) {
      assertThat(ledgerKinds(aidCase)).as("ledger of %s", aidCase.getBusinessKey())
          .containsExactlyInAnyOrder("RESERVE", "RESERVE", "DISBURSE", "DISBURSE");
      assertThat(ENGINE.referrals().referralsOf(aidCase.getBusinessKey())).extracting(Referral::status)
          .containsOnly(Status.DELIVERED);
    }
    assertThat(ENGINE.referrals().referralsOf(awaitingApproval.getBusinessKey()))
        .filteredOn(referral -> referral.org().equals("union")).singleElement()
        .satisfies(referral -> assertThat(referral.deliveredAmount()).isEqualByComparingTo("5000"));
    assertThat(fund("union-aid").disbursed().subtract(unionPaidBefore)).isEqualByComparingTo("10000");
    assertThat(fund("civil-aid").disbursed().subtract(civilPaidBefore)).isEqualByComparingTo("3000");
    assertThat(fund("union-aid").reserved()).isZero();
    assertThat(fund("civil-aid").reserved()).isZero();
    assertThat(ENGINE.ledger().unreconciledFunds()).isEmpty();

    // ---- a case started after the release runs on this release's models
    ProcessInstance newCase = start(applicant());
    assertThat(newCase.getProcessDefinitionId()).isEqualTo(current.get(AidCaseModel.PROCESS_KEY));
    assertThat(task(newCase)).hasCandidateGroup("union-33-caseworkers");
    verify(newCase);
    assertThat(referral(newCase, "union").getProcessDefinitionId()).isEqualTo(current.get(ReferralModel.PROCESS_KEY));
    deliverFully(referral(newCase, "union"), 800);
    deliverFully(referral(newCase, "civil"), 300);
    followUpResolved(newCase, "union");
    assertThat(payments(newCase)).containsExactlyInAnyOrder(payment("union-aid", 800), payment("civil-aid", 300));
    assertThat(ENGINE.ledger().unreconciledFunds()).isEmpty();
  }

  @Test
  void aRepeatCallOnACaseOfThePreviousReleaseJoinsItAndMakesItUrgentWithoutTheNewPath() {
    deploy("previous-release/");
    Map<String, Object> person = applicant(CATEGORIES, List.of("wage-arrears"));
    ProcessInstance oldCase = start(person);
    verify(oldCase);
    ProcessInstance union = referral(oldCase, "union");
    assertThat(task(union).getPriority()).isEqualTo(50);
    deploy("processes/");

    // the previous aidCase has no event subprocess newNeed: the call is applied in Java (LaterContacts, NewNeeds)
    Map<String, Object> call = new HashMap<>(person);
    call.put(CATEGORIES, List.of("domestic-violence"));
    call.put(CHANNEL, "hotline-12338");
    ProcessInstance joined = start(call);

    assertThat(joined).isEnded().hasPassed(RECORD_CONTACT_ON_OPEN_CASE);
    assertThat(oldCase).isWaitingAt(REFER_TO_ORGANISATIONS);
    String caseNumber = oldCase.getBusinessKey();
    assertThat(ENGINE.cases().categoriesOf(caseNumber)).containsExactly("wage-arrears", "domestic-violence");
    assertThat(ENGINE.cases().isUrgent(caseNumber)).isTrue();
    assertThat(task(union).getPriority()).isEqualTo(80);
    assertThat(ENGINE.notifications().forCase(caseNumber)).extracting(n -> n.kind()).contains("NEW_NEED");
    // no routing on the old version: the caseworkers told refer by hand (docs/case-loop.md)
    assertThat(referral(oldCase, "women")).isNull();
  }

  // ------------------------------------------------------------------ helpers

  /** Deploys one release's models as the newest versions; returns the process definition id per key. */
  private static Map<String, String> deploy(String folder) {
    DeploymentBuilder deployment = repositoryService().createDeployment().name(folder);
    for (String model : MODELS) {
      deployment.addClasspathResource(folder + model);
    }
    if (folder.equals("processes/")) {
      for (String model : NEW_MODELS) {
        deployment.addClasspathResource(folder + model);
      }
    }
    String deploymentId = deployment.deploy().getId();
    Map<String, String> definitions = new HashMap<>();
    for (ProcessDefinition definition : repositoryService().createProcessDefinitionQuery().deploymentId(deploymentId)
        .list()) {
      definitions.put(definition.getKey(), definition.getId());
    }
    assertThat(definitions).containsKeys(AidCaseModel.PROCESS_KEY, ReferralModel.PROCESS_KEY,
        EscalationModel.PROCESS_KEY);
    return definitions;
  }

  private static ProcessInstance start(Map<String, Object> variables) {
    return runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, variables);
  }

  private static void verify(ProcessInstance aidCase) {
    assertThat(aidCase).isWaitingAt(VERIFY_CASE);
    complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实"));
    assertThat(aidCase).isWaitingAt(REFER_TO_ORGANISATIONS);
  }

  private static ProcessInstance referral(ProcessInstance aidCase, String org) {
    return runtimeService().createProcessInstanceQuery().superProcessInstanceId(aidCase.getId())
        .variableValueEquals(ORG, org).singleResult();
  }

  private static ProcessInstance escalationOf(ProcessInstance aidCase) {
    return runtimeService().createProcessInstanceQuery().processDefinitionKey(EscalationModel.PROCESS_KEY)
        .processInstanceBusinessKey(aidCase.getBusinessKey()).singleResult();
  }

  private static void acceptAndPlan(ProcessInstance referral, int amount) {
    String org = (String) runtimeService().getVariable(referral.getId(), ORG);
    assertThat(referral).isWaitingAt(ACCEPT_REFERRAL);
    complete(task(referral), withVariables(ACCEPTED, true));
    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE);
    complete(task(referral), withVariables(CASH_ITEMS, cash(org + "-aid", amount), SERVICE_ITEMS, services(),
        SERVICES, runtimeService().getVariable(referral.getId(), SERVICES)));
  }

  /** Delivers the plan's single cash item in full and runs the payment. */
  private static void deliver(ProcessInstance referral) {
    assertThat(referral).isWaitingAt(DELIVER_ASSISTANCE);
    complete(task(referral), withVariables(DELIVERED, true, PAID_ITEMS, paid("cash-1"), "deliveryNote", "已发放"));
    assertThat(referral).isWaitingAt(DISBURSE_FUNDS);
    execute(job(referral));
    assertThat(referral).isEnded().hasPassed(RECORD_DELIVERY);
  }

  /** Plans a single cash item for an accepted referral and delivers it. */
  private static void deliverPlanned(ProcessInstance referral, int amount) {
    String org = (String) runtimeService().getVariable(referral.getId(), ORG);
    assertThat(referral).isWaitingAt(PLAN_ASSISTANCE);
    complete(task(referral), withVariables(CASH_ITEMS, cash(org + "-aid", amount), SERVICE_ITEMS, services(),
        SERVICES, runtimeService().getVariable(referral.getId(), SERVICES)));
    deliver(referral);
  }

  private static void deliverFully(ProcessInstance referral, int amount) {
    acceptAndPlan(referral, amount);
    deliver(referral);
  }

  /** The follow-up comes due, the intake organisation's caseworkers find the matter resolved, the case closes. */
  private static void followUpResolved(ProcessInstance aidCase, String intakeOrg) {
    assertThat(aidCase).isWaitingAt(WAIT_FOR_FOLLOW_UP);
    execute(job(aidCase));
    assertThat(aidCase).isWaitingAt(FOLLOW_UP);
    assertThat(task(aidCase)).hasCandidateGroup(intakeOrg + "-33-caseworkers");
    complete(task(aidCase), withVariables(FOLLOW_UP_OUTCOME, "RESOLVED", SATISFACTION, 5, "followUpNote", "电话回访"));
    assertThat(aidCase).isEnded().hasPassed(CLOSE_AFTER_FOLLOW_UP, CASE_CLOSED);
    assertThat(historyService().createHistoricVariableInstanceQuery().processInstanceId(aidCase.getId())
        .variableName(CLOSURE_REASON).singleResult().getValue()).isEqualTo("RESOLVED");
    assertThat(ENGINE.cases().statusOf(aidCase.getBusinessKey())).contains(CaseRegistry.CLOSED);
  }

  private static org.aidflow.assistance.FundLedger.Balance fund(String code) {
    return ENGINE.ledger().balance(code, YEAR);
  }

  private static List<String> ledgerKinds(ProcessInstance aidCase) {
    return ENGINE.jdbc().queryForList("SELECT kind FROM ledger_entry WHERE case_number = ? ORDER BY id", String.class,
        aidCase.getBusinessKey());
  }

  /** The payments of a case as fund and amount. */
  private static List<String> payments(ProcessInstance aidCase) {
    return ENGINE.jdbc().queryForList("SELECT fund_code, amount FROM ledger_entry WHERE case_number = ?"
        + " AND kind = 'DISBURSE' ORDER BY id", aidCase.getBusinessKey()).stream()
        .map(row -> payment((String) row.get("FUND_CODE"), ((BigDecimal) row.get("AMOUNT")).intValueExact()))
        .toList();
  }

  private static String payment(String fund, int amount) {
    return fund + " " + amount;
  }
}
