package org.aidflow.serviceorder;

import static org.aidflow.support.FormViews.shownText;
import static org.aidflow.serviceorder.ServiceOrderModel.*;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.support.Plans.cash;
import static org.aidflow.support.Plans.services;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.aidflow.serviceorder.ServiceOrderRouting.NewOrder;
import org.aidflow.serviceorder.ServiceOrders.Order;
import org.aidflow.serviceorder.ServiceOrders.Status;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.ReferralModel;
import org.aidflow.support.ProcessTestEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every path of serviceOrder (docs/service-orders.md), and the referral that starts its orders. */
@Deployment(resources = {"processes/service-order.bpmn", "processes/referral.bpmn", "processes/escalation.bpmn",
    "processes/decisions/approval-level.dmn", "processes/decisions/referral-routing.dmn", "processes/decisions/rights-track.dmn"})
class ServiceOrderProcessTest {

  private static final ProcessTestEngine ENGINE = new ProcessTestEngine();
  /** 西湖区, Hangzhou. */
  private static final String REGION = "330106";
  private static int caseCounter;

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ENGINE.extension();

  private String caseNumber;
  private ProcessEngine engine;

  @BeforeAll
  static void providers() {
    provider("provider-xhlaw", "西湖律师事务所", List.of("legal-aid"), List.of("330106"));
    provider("provider-hzlaw", "杭州律师事务所", List.of("legal-aid", "enterprise-legal-checkup"), List.of("3301"));
    provider("provider-nblaw", "宁波律师事务所", List.of("legal-aid"), List.of("3302"));
    provider("provider-hzsw", "杭州社工站", List.of("counselling"), List.of("3301"));
  }

  private static void provider(String code, String name, List<String> services, List<String> regions) {
    ENGINE.jdbc().update("INSERT INTO organisation_unit (code, type, region, name, parent, active, created_at)"
        + " VALUES (?, 'provider', ?, ?, NULL, TRUE, ?)", code, regions.get(0), name,
        new Timestamp(System.currentTimeMillis()));
    ENGINE.providers().replace(code, services, regions);
  }

  @BeforeEach
  void setUp(ProcessEngine processEngine) {
    engine = processEngine;
    init(processEngine);
    caseNumber = String.format("QBH-2026-8%05d", ++caseCounter);
    ENGINE.cases().registerOpenCase(new CaseRegistry.NewCase(caseNumber, "case-instance-" + caseCounter,
        "hash-" + caseCounter, null, null, "union", "window", false, true, null, REGION, "union-33"));
    // no provider carries open orders of an earlier test
    ENGINE.jdbc().update("UPDATE service_order SET status = 'CANCELLED'");
  }

  @Test
  void anOrderGoesToACoveringProviderWhichAcceptsAndDeliversIt() {
    ProcessInstance order = start("legal-aid", null);

    // of the two covering law firms (西湖 for 330106, 杭州 for 3301) the one first by code; 宁波's never
    assertThat(task(order)).hasCandidateGroup("provider-hzlaw-caseworkers").hasName("接收服务工单 · " + caseNumber
        + " · 法律援助");
    assertThat(order(order).status()).isEqualTo(Status.OFFERED);
    assertThat(order(order).attempts()).isEqualTo(1);
    assertThat(readers(order)).contains("provider-hzlaw-caseworkers", "union-33-caseworkers")
        .doesNotContain("provider-nblaw-caseworkers", "provider-xhlaw-caseworkers");
    assertThat(order).variables().containsEntry(NAME_MASKED, "张*").containsEntry(PHONE_MASKED, "138****0000")
        .doesNotContainKey(NAME).doesNotContainKey(ID_NUMBER);
    complete(task(order), withVariables(ACCEPTED, true));

    assertThat(order).isWaitingAt(DELIVER_ORDER).hasPassed(RECORD_ORDER_ACCEPTANCE);
    assertThat(order(order).status()).isEqualTo(Status.ACCEPTED);
    assertThat(task(order).getDueDate()).isNotNull();
    deliver(order);

    assertThat(order).isEnded().hasPassed(RECORD_ORDER_DELIVERY, ORDER_DELIVERED);
    Order delivered = order(order);
    assertThat(delivered.status()).isEqualTo(Status.DELIVERED);
    assertThat(delivered.deliveredHours()).isEqualByComparingTo("2.5");
    assertThat(delivered.outcome()).isEqualTo("RESOLVED");
    assertThat(delivered.deliveredWork()).isEqualTo("代写仲裁申请书");
    assertThat(delivered.deliveredOn()).isEqualTo(today());
    // the case summary of the follow-up and the closure lists the service and its outcome
    assertThat(new org.aidflow.referral.ReferralSummaries(ENGINE.referrals(), ENGINE.serviceOrders(), ENGINE.units())
        .summarize(caseNumber)).contains("服务工单 法律援助（杭州律师事务所）：已完成 " + today() + "，2.5 小时，问题解决；代写仲裁申请书");
  }

  @Test
  void aDeclinedOrderGoesToTheNextProviderWhichNeverSeesTheFirstOnesReason() {
    ProcessInstance order = start("legal-aid", null);
    complete(task(order), withVariables(ACCEPTED, false, DECLINE_REASON, "本所律师排期已满"));

    assertThat(order).hasPassed(RECORD_ORDER_DECLINE);
    execute(job(order));
    assertThat(task(order)).hasCandidateGroup("provider-xhlaw-caseworkers");
    assertThat(order).variables().doesNotContainKey(DECLINE_REASON).doesNotContainKey(ACCEPTED);
    assertThat(order(order).attempts()).isEqualTo(2);
    assertThat(ENGINE.serviceOrders().declinedBy(order(order).id())).containsExactly("provider-hzlaw");
    // the provider that declined reads the order no longer
    assertThat(readers(order)).contains("provider-xhlaw-caseworkers").doesNotContain("provider-hzlaw-caseworkers");

    complete(task(order), withVariables(ACCEPTED, true));
    deliver(order);
    assertThat(order(order).providerUnit()).isEqualTo("provider-xhlaw");
    assertThat(order(order).status()).isEqualTo(Status.DELIVERED);
  }

  @Test
  void theProviderWithFewestOpenOrdersIsOfferedTheNextOne() {
    start("legal-aid", null); // to 杭州 (first by code), which then has one open order
    ProcessInstance second = start("legal-aid", null);

    assertThat(task(second)).hasCandidateGroup("provider-xhlaw-caseworkers");
  }

  @Test
  void thePlannersChoiceIsOfferedFirst() {
    ProcessInstance order = start("legal-aid", "provider-xhlaw");

    assertThat(task(order)).hasCandidateGroup("provider-xhlaw-caseworkers");
  }

  @Test
  void aChoiceOfAProviderOfAnotherRegionIsIgnored() {
    ProcessInstance order = start("legal-aid", "provider-nblaw");

    assertThat(task(order)).hasCandidateGroup("provider-hzlaw-caseworkers");
  }

  @Test
  void whenEveryProviderDeclinedTheReferringSupervisorsRetryWithAProviderOfTheirChoice() {
    ProcessInstance order = start("counselling", null);
    complete(task(order), withVariables(ACCEPTED, false, DECLINE_REASON, "暂无心理咨询师"));
    execute(job(order));

    assertThat(order).isWaitingAt(DECIDE_UNPLACED_ORDER).hasPassed(IS_PROVIDER_FOUND);
    assertThat(task(order)).hasCandidateGroup("union-33-supervisors");
    assertThat(order(order).status()).isEqualTo(Status.UNPLACED);
    assertThat(readers(order)).doesNotContain("provider-hzsw-caseworkers");
    // a provider that offers no counselling cannot be chosen
    assertThatThrownBy(() -> complete(task(order), withVariables(ORDER_DECISION, "RETRY", ORDER_PROVIDER,
        "provider-hzlaw"))).hasMessageContaining(ORDER_PROVIDER);
    complete(task(order), withVariables(ORDER_DECISION, "RETRY", ORDER_PROVIDER, "provider-hzsw",
        SUPERVISOR_NOTE, "已与社工站沟通"));

    execute(job(order));
    assertThat(order).isWaitingAt(ACCEPT_ORDER);
    assertThat(task(order)).hasCandidateGroup("provider-hzsw-caseworkers");
    complete(task(order), withVariables(ACCEPTED, true));
    deliver(order);
    assertThat(order(order).status()).isEqualTo(Status.DELIVERED);
  }

  @Test
  void anOrderNoProviderCoversIsCancelledByTheReferringSupervisors() {
    ProcessInstance order = start("health-check", null);

    assertThat(order).isWaitingAt(DECIDE_UNPLACED_ORDER);
    complete(task(order), withVariables(ORDER_DECISION, "CANCEL", SUPERVISOR_NOTE, "本地区暂无体检机构"));

    assertThat(order).isEnded().hasPassed(IS_ORDER_RETRIED, CANCEL_ORDER, ORDER_CANCELLED);
    assertThat(order(order).status()).isEqualTo(Status.CANCELLED);
  }

  @Test
  void aRetryWithoutChoiceAndNoProviderLeftComesBackToTheSupervisors() {
    ProcessInstance order = start("health-check", null);
    complete(task(order), withVariables(ORDER_DECISION, "RETRY"));
    execute(job(order));

    assertThat(order).isWaitingAt(DECIDE_UNPLACED_ORDER);
  }

  @Test
  void aBadAnswerIsRefusedNamingTheField() {
    ProcessInstance order = start("legal-aid", null);
    assertThatThrownBy(() -> complete(task(order), withVariables(ACCEPTED, false)))
        .hasMessageContaining(DECLINE_REASON);
    complete(task(order), withVariables(ACCEPTED, true));

    assertThatThrownBy(() -> complete(task(order), withVariables(DELIVERED_ON, today().plusDays(1).toString(),
        SERVICE_HOURS, 0, SERVICE_WORK, " ", SERVICE_OUTCOME, "GREAT")))
        .hasMessageContaining(DELIVERED_ON)
        .hasMessageContaining(SERVICE_HOURS).hasMessageContaining(SERVICE_WORK).hasMessageContaining(SERVICE_OUTCOME);
    assertThat(order).isWaitingAt(DELIVER_ORDER);
    assertThatThrownBy(() -> complete(task(order), withVariables(DELIVERED_ON, "yesterday", SERVICE_HOURS, 1,
        SERVICE_WORK, "咨询", SERVICE_OUTCOME, "IMPROVED"))).hasMessageContaining(DELIVERED_ON);
  }

  @Test
  void eachAllianceServiceOfAnApprovedPlanBecomesAnOrderAndLegalAidCarriesTheRightsOutcome() {
    ProcessInstance referral = runtimeService().startProcessInstanceByKey(ReferralModel.PROCESS_KEY, caseNumber,
        Variables.putValue(CASE_NUMBER, caseNumber).putValue(ORG, "union").putValue(SERVICES, "hardship-grant")
            .putValue(SERVICES_TEXT, "困难帮扶金").putValue(ASSESSMENT_CYCLE, 1).putValue(CONSENT, true)
            .putValue(NAME, "李四").putValue(ID_NUMBER_MASKED, "330106********1234").putValue(PHONE_MASKED,
                "139****1111"));
    complete(task(referral), withVariables(ACCEPTED, true));
    long referralId = ENGINE.referrals().referralOfInstance(referral.getId()).orElseThrow().id();
    ENGINE.referrals().markRightsOutcome(referralId, true, new BigDecimal("5000"));
    complete(task(referral), withVariables(CASH_ITEMS, cash("union-aid", 1000), SERVICES, "hardship-grant",
        SERVICE_ITEMS, services("legal-aid", "hardship-grant", "counselling")));

    // 困难帮扶金 is the union's own service, not an order to a provider
    assertThat(referral).isWaitingAt(ReferralModel.DELIVER_ASSISTANCE).hasPassed(ReferralModel.START_SERVICE_ORDERS);
    List<Order> orders = ENGINE.serviceOrders().ofCase(caseNumber);
    assertThat(orders).extracting(Order::item, Order::service).containsExactly(
        org.assertj.core.groups.Tuple.tuple("service-1", "legal-aid"),
        org.assertj.core.groups.Tuple.tuple("service-2", "counselling"));
    assertThat(orders.get(0).rightsResolved()).isTrue();
    assertThat(orders.get(0).referringUnit()).isEqualTo("union-33");
    ProcessInstance legalAid = runtimeService().createProcessInstanceQuery()
        .processInstanceId(orders.get(0).processInstanceId()).singleResult();
    assertThat(legalAid).variables().containsEntry(NAME_MASKED, "李*");
    assertThat((String) runtimeService().getVariable(legalAid.getId(), ORDER_NOTE))
        .contains("维权结果：已解决，追回金额 5,000.00 元").contains("请通过浙江省总工会联系申请人");
    execute(job(legalAid));
    assertThat(task(legalAid)).hasCandidateGroup("provider-hzlaw-caseworkers");
  }

  @Test
  void thePlanFormOffersTheProvidersCoveringTheApplicantAndThePlannersChoiceGoesFirst() {
    ProcessInstance referral = acceptedReferral();

    // the options of the plan form, read when it opens: 西湖区's applicant, so 杭州 and 西湖's law firms, not 宁波's
    String options = shownText(task(referral), providerOptions("legal-aid"));
    assertThat(options).contains("系统分配（在办最少者）", "杭州律师事务所（在办 0 单）", "西湖律师事务所（在办 0 单）",
        "provider-xhlaw").doesNotContain("宁波", "provider-nblaw");
    assertThat(shownText(task(referral), providerOptions("health-check"))).contains("本地区暂无服务机构");
    complete(task(referral), withVariables(CASH_ITEMS, cash("union-aid", 1000), SERVICES, "hardship-grant",
        SERVICE_ITEMS, services("legal-aid", "counselling"), SERVICE_PROVIDERS, org.camunda.spin.plugin.variable
            .SpinValues.jsonValue("{\"legalAid\": \"provider-xhlaw\", \"counselling\": \"auto\"}").create()));

    List<Order> orders = ENGINE.serviceOrders().ofCase(caseNumber);
    ProcessInstance legalAid = instance(orders.get(0));
    execute(job(legalAid));
    // 杭州 would come first by code: the planner's choice goes first
    assertThat(task(legalAid)).hasCandidateGroup("provider-xhlaw-caseworkers");
    ProcessInstance counselling = instance(orders.get(1));
    execute(job(counselling));
    assertThat(task(counselling)).hasCandidateGroup("provider-hzsw-caseworkers");
  }

  @Test
  void aForgedChoiceOfAnotherRegionsOrAnotherServicesProviderIsPassedOver() {
    ProcessInstance referral = acceptedReferral();
    // 宁波's law firm covers another region; 杭州社工站 offers no legal aid; the third is no provider at all
    complete(task(referral), withVariables(CASH_ITEMS, cash("union-aid", 1000), SERVICES, "hardship-grant",
        SERVICE_ITEMS, services("legal-aid", "counselling", "training"), SERVICE_PROVIDERS, java.util.Map.of(
            "legalAid", "provider-nblaw", "counselling", "provider-xhlaw", "training", "union-33")));

    List<Order> orders = ENGINE.serviceOrders().ofCase(caseNumber);
    assertThat(orders).extracting(Order::chosenProvider).containsExactly("provider-nblaw", "provider-xhlaw", null);
    ProcessInstance legalAid = instance(orders.get(0));
    execute(job(legalAid));
    assertThat(task(legalAid)).hasCandidateGroup("provider-hzlaw-caseworkers");
    assertThat(readers(legalAid)).doesNotContain("provider-nblaw-caseworkers");
    ProcessInstance counselling = instance(orders.get(1));
    execute(job(counselling));
    assertThat(task(counselling)).hasCandidateGroup("provider-hzsw-caseworkers");
    assertThat(readers(counselling)).doesNotContain("provider-xhlaw-caseworkers");
  }

  /** A referral of the case to the union, accepted: its plan task open. */
  private ProcessInstance acceptedReferral() {
    ProcessInstance referral = runtimeService().startProcessInstanceByKey(ReferralModel.PROCESS_KEY, caseNumber,
        Variables.putValue(CASE_NUMBER, caseNumber).putValue(ORG, "union").putValue(SERVICES, "hardship-grant")
            .putValue(SERVICES_TEXT, "困难帮扶金").putValue(ASSESSMENT_CYCLE, 1).putValue(CONSENT, true)
            .putValue(NAME, "王五").putValue(ID_NUMBER_MASKED, "330106********2222"));
    complete(task(referral), withVariables(ACCEPTED, true));
    assertThat(referral).isWaitingAt(ReferralModel.PLAN_ASSISTANCE);
    return referral;
  }

  private ProcessInstance instance(Order order) {
    return runtimeService().createProcessInstanceQuery().processInstanceId(order.processInstanceId()).singleResult();
  }

  @Test
  void anApplicantWhoDidNotConsentIsReachedThroughTheReferringUnitOnly() {
    ProcessInstance order = startFor(new NewOrder(caseNumber, 1000L + caseCounter, "service-1", "legal-aid",
        "union-33", REGION, false, null, null, null, "张*", "330106********0011", "138****0000"));

    assertThat(order).variables().doesNotContainKey(PHONE_MASKED);
    assertThat((String) runtimeService().getVariable(order.getId(), ORDER_NOTE)).contains("浙江省总工会").doesNotContain("union-33");
  }

  @Test
  void aStartRetriedForTheSameItemMakesNoSecondOrder() {
    NewOrder again = new NewOrder(caseNumber, 2000L + caseCounter, "service-1", "legal-aid", "union-33", REGION,
        true, null, null, null, "张*", null, null);
    long first = ENGINE.serviceOrders().create(again.caseNumber(), again.referralId(), again.item(), again.service(),
        again.referringUnit(), again.region(), null, null, null);
    ServiceOrderRouting routing = new ServiceOrderRouting(ENGINE.serviceOrders(),
        new org.aidflow.organisation.CaseAccess(ENGINE.units()), ENGINE.units(), ENGINE.projects());
    assertThat(routing.start(engine, again)).isEqualTo(first);
    assertThat(routing.start(engine, again)).isEqualTo(first);
    assertThat(ENGINE.serviceOrders().ofCase(caseNumber)).hasSize(1);
  }

  @Test
  void closingTheCaseCancelsItsOpenOrders() {
    ProcessInstance order = start("legal-aid", null);

    new org.aidflow.followup.CaseClosure(ENGINE.cases(), ENGINE.escalations(), ENGINE.notifications(),
        ENGINE.serviceOrders()).endOpenWork(engine, caseNumber);

    assertThat(order).isEnded();
    assertThat(order(order).status()).isEqualTo(Status.CANCELLED);
  }

  private int items;

  private ProcessInstance start(String service, String chosen) {
    return startFor(new NewOrder(caseNumber, 1000L + caseCounter, "service-" + ++items, service, "union-33", REGION, true,
        chosen, null, null, "张*", "330106********0011", "138****0000"));
  }

  private ProcessInstance startFor(NewOrder newOrder) {
    ServiceOrderRouting routing = new ServiceOrderRouting(ENGINE.serviceOrders(),
        new org.aidflow.organisation.CaseAccess(ENGINE.units()), ENGINE.units(), ENGINE.projects());
    long id = routing.start(engine, newOrder);
    ProcessInstance order = runtimeService().createProcessInstanceQuery()
        .processInstanceId(ENGINE.serviceOrders().find(id).orElseThrow().processInstanceId()).singleResult();
    assertThat(order).isStarted().isWaitingAt(ROUTE_ORDER);
    execute(job(order));
    return order;
  }

  private void deliver(ProcessInstance order) {
    complete(task(order), withVariables(DELIVERED_ON, today().toString(), SERVICE_HOURS, 2.5, SERVICE_WORK,
        "代写仲裁申请书", SERVICE_OUTCOME, "RESOLVED"));
  }

  private static LocalDate today() {
    return LocalDate.now(AidFlowConfiguration.ZONE);
  }

  private static Order order(ProcessInstance instance) {
    return ENGINE.serviceOrders().orderOfInstance(instance.getId());
  }

  private List<String> readers(ProcessInstance instance) {
    return engine.getAuthorizationService().createAuthorizationQuery().resourceType(Resources.PROCESS_INSTANCE)
        .resourceId(instance.getId()).list().stream().map(a -> a.getGroupId()).filter(java.util.Objects::nonNull)
        .toList();
  }
}
