package org.aidflow.referral;

import static org.aidflow.support.FormViews.shownText;
import static org.aidflow.shared.AidCaseModel.*;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.shared.ReferralModel.*;
import static org.aidflow.support.Applicants.applicant;
import static org.aidflow.support.Plans.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.aidflow.serviceorder.ServiceOrderModel;
import org.aidflow.serviceorder.ServiceOrders;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.support.ProcessTestEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the caseworker reads on the follow-up task (follow-up.form, 转介结果): the referrals' and service orders'
 * outcomes as AidFlow's records hold them when the task opens ({@code referralSummaryListener}), not whatever the
 * variable {@code referralSummary} says by then. Its own engine, since it adds a provider the other aid-case tests
 * do not expect.
 */
@Deployment(resources = {"processes/aid-case.bpmn", "processes/referral.bpmn", "processes/service-order.bpmn",
    "processes/escalation.bpmn", "processes/decisions/intake-org.dmn", "processes/decisions/hardship-level.dmn",
    "processes/decisions/referral-routing.dmn", "processes/decisions/approval-level.dmn",
    "processes/decisions/rights-track.dmn"})
class FollowUpSummaryProcessTest {

  private static final ProcessTestEngine ENGINE = new ProcessTestEngine();
  private static final String FORGED = "第1轮 总工会：已帮扶，发放 99,999.00 元（伪造）";

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ENGINE.extension();

  @BeforeAll
  static void aLawFirmCoversHangzhou() {
    ENGINE.jdbc().update("INSERT INTO organisation_unit (code, type, region, name, parent, active, created_at)"
        + " VALUES ('provider-hzlaw', 'provider', '3301', '杭州律师事务所', NULL, TRUE, ?)",
        new Timestamp(System.currentTimeMillis()));
    ENGINE.providers().replace("provider-hzlaw", List.of("legal-aid"), List.of("3301"));
  }

  @BeforeEach
  void setUp(ProcessEngine processEngine) {
    init(processEngine);
  }

  @Test
  void theFollowUpShowsTheServiceOrderAsDeliveredAfterTheReferralEndedAndNotAForgedSummary() {
    ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, applicant(
        CATEGORIES, List.of("wage-arrears"), MONTHLY_INCOME, 20000, EMPLOYMENT_FORM, "delivery-rider"));
    String caseNumber = aidCase.getBusinessKey();
    complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实"));
    ProcessInstance order = deliverWithLegalAid(referral(aidCase), caseNumber);

    // the referral has ended, its legal aid is still with the law firm: that is what the summary said then
    assertThat(aidCase).isWaitingAt(WAIT_FOR_FOLLOW_UP).hasPassed(SUMMARIZE_REFERRALS);
    assertThat((String) runtimeService().getVariable(aidCase.getId(), REFERRAL_SUMMARY))
        .contains("服务工单 法律援助（杭州律师事务所）：待接单");
    // meanwhile someone writes their own summary into the case
    runtimeService().setVariable(aidCase.getId(), REFERRAL_SUMMARY, FORGED);
    // the law firm accepts and delivers the order after the referral ended
    complete(task(order), withVariables(ACCEPTED, true));
    complete(task(order), withVariables(DELIVERED_ON, today().toString(), SERVICE_HOURS, 2.5,
        SERVICE_WORK, "代写仲裁申请书", SERVICE_OUTCOME, "RESOLVED"));
    assertThat(order).isEnded();

    execute(job(aidCase));

    Task followUp = task(aidCase);
    assertThat(followUp).hasDefinitionKey(FOLLOW_UP);
    String shown = shownText(followUp, REFERRAL_SUMMARY);
    assertThat(shown).isEqualTo(summaries().summarize(caseNumber))
        .contains("第1轮 总工会（劳动维权法律援助）：已帮扶；维权已解决，追回 6,000.00 元")
        .contains("服务工单 法律援助（杭州律师事务所）：已完成 " + today() + "，2.5 小时，问题解决；代写仲裁申请书")
        .doesNotContain("伪造", "99,999.00", "待接单");
  }

  @Test
  void aFollowUpOpenedAgainAfterAFailedContactReadsTheRecordsAgain() {
    ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, applicant(
        CATEGORIES, List.of("wage-arrears"), MONTHLY_INCOME, 20000, EMPLOYMENT_FORM, "delivery-rider"));
    String caseNumber = aidCase.getBusinessKey();
    complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实"));
    ProcessInstance order = deliverWithLegalAid(referral(aidCase), caseNumber);
    execute(job(aidCase));
    assertThat(shownText(task(aidCase), REFERRAL_SUMMARY))
        .contains("服务工单 法律援助（杭州律师事务所）：待接单");

    complete(task(aidCase), withVariables(CONTACT_MADE, false, CONTACT_NOTE, "电话无人接听"));
    assertThat(aidCase).isWaitingAt(WAIT_TO_RETRY_CONTACT);
    complete(task(order), withVariables(ACCEPTED, true));
    runtimeService().setVariable(aidCase.getId(), REFERRAL_SUMMARY, FORGED);
    execute(job(aidCase));

    assertThat(aidCase).isWaitingAt(FOLLOW_UP);
    assertThat(ENGINE.serviceOrders().orderOfInstance(order.getId()).status()).isEqualTo(ServiceOrders.Status.ACCEPTED);
    assertThat(shownText(task(aidCase), REFERRAL_SUMMARY))
        .isEqualTo(summaries().summarize(caseNumber))
        .contains("服务工单 法律援助（杭州律师事务所）：服务中").doesNotContain("伪造", "待接单");
  }

  // ------------------------------------------------------------------ helpers

  private static ReferralSummaries summaries() {
    return new ReferralSummaries(ENGINE.referrals(), ENGINE.serviceOrders(), ENGINE.units());
  }

  private static ProcessInstance referral(ProcessInstance aidCase) {
    return runtimeService().createProcessInstanceQuery().superProcessInstanceId(aidCase.getId())
        .variableValueEquals(ORG, "union").singleResult();
  }

  /**
   * The union's rights track recovers the wages; its plan gives legal aid in kind, no cash, which is routed to the law
   * firm before the referral ends. Returns the order, waiting for the law firm to accept it.
   */
  private static ProcessInstance deliverWithLegalAid(ProcessInstance referral, String caseNumber) {
    complete(task(referral), withVariables(ACCEPTED, true));
    assertThat(referral).isWaitingAt(MEDIATE);
    complete(task(referral), withVariables(RIGHTS_RESOLVED, true, RECOVERED_AMOUNT, 6000, RIGHTS_NOTE, "调解追回欠薪"));
    complete(task(referral), withVariables(CASH_ITEMS, cash(), SERVICE_ITEMS, services("legal-aid"),
        SERVICES, runtimeService().getVariable(referral.getId(), SERVICES)));
    ProcessInstance order = serviceOrderOf(caseNumber);
    complete(task(referral), withVariables(DELIVERED, true, PAID_ITEMS, paid(), "deliveryNote", "已提供法律援助"));
    execute(job(referral));
    assertThat(referral).isEnded();
    return order;
  }

  /** The case's one service order, routed (its own transaction) to the law firm. */
  private static ProcessInstance serviceOrderOf(String caseNumber) {
    ServiceOrders.Order order = ENGINE.serviceOrders().ofCase(caseNumber).get(0);
    ProcessInstance instance = runtimeService().createProcessInstanceQuery()
        .processInstanceId(order.processInstanceId()).singleResult();
    assertThat(instance).isWaitingAt(ServiceOrderModel.ROUTE_ORDER);
    execute(job(instance));
    assertThat(instance).isWaitingAt(ServiceOrderModel.ACCEPT_ORDER);
    return instance;
  }

  private static LocalDate today() {
    return LocalDate.now(AidFlowConfiguration.ZONE);
  }
}
