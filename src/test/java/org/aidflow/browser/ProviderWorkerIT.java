package org.aidflow.browser;

import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.aidflow.organisation.OrganisationService;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.referral.ReferralSummaries;
import org.aidflow.serviceorder.ServiceOrders;
import org.aidflow.serviceorder.ServiceOrders.Order;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.ReferralModel;
import org.aidflow.support.Applicants;
import org.aidflow.support.ApplicationTest;
import org.aidflow.support.TestUnits;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The alliance in a real browser (docs/service-orders.md, issue 16): the planner of 金华市总工会 lists legal aid in a
 * plan and, of the law firms covering the applicant's 金东区, chooses one in the plan form; that firm's worker logs
 * in to Tasklist, reads the 接收服务工单 task with the applicant's identity masked, accepts it, and delivers the
 * service (date, work, hours, outcome) in the 提供服务 task. The order is then DELIVERED in {@code service_order}, and
 * the case page and the case's summary (follow-up, closure) list the service with its provider and outcome.
 */
class ProviderWorkerIT extends ApplicationTest {

  @RegisterExtension
  static final Browser browser = new Browser();

  /** Covers 金东区 only, so no other test's applicant (婺城区, 越城区, Hangzhou) is ever offered to it. */
  private static final String FIRM = "provider-itjdlaw";
  private static final String FIRM_NAME = "金东法律援助律师事务所";
  private static final String APPLICANT = "浏览器工单申请人";

  @LocalServerPort int port;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired OrganisationUnits units;
  @Autowired OrganisationService organisations;
  @Autowired ServiceOrders orders;
  @Autowired ReferralSummaries summaries;

  @Test
  void aLawFirmsWorkerAcceptsAndDeliversTheOrderThePlannerSentItInTasklist() {
    browser.at("http://localhost:" + port);
    TestUnits.ensure(units, organisations, identityService);
    if (units.find(FIRM).isEmpty()) {
      organisations.createProvider(FIRM, FIRM_NAME, List.of("legal-aid"), List.of(TestUnits.CITY_ONLY_REGION));
    }
    TestUnits.user(identityService, FIRM + "-worker", FIRM + "-caseworkers");
    String idNumber = Applicants.idNumber("19880612", false);
    String planner = TestUnits.CITY + "-worker";

    // intake, verification and acceptance are not this test's subject: the engine, as the units' users
    ProcessInstance aidCase = as("intake", () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(NAME, APPLICANT, ID_NUMBER, idNumber, REGION, TestUnits.CITY_ONLY_REGION)));
    String caseNumber = aidCase.getBusinessKey();
    Task verification = taskService.createTaskQuery().processInstanceId(aidCase.getId()).singleResult();
    as(planner, () -> {
      taskService.complete(verification.getId(), Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实"));
      return null;
    });
    ProcessInstance referral = runtimeService.createProcessInstanceQuery().superProcessInstanceId(aidCase.getId())
        .variableValueEquals(ORG, "union").singleResult();
    Task acceptance = taskService.createTaskQuery().processInstanceId(referral.getId()).singleResult();
    as(planner, () -> {
      taskService.claim(acceptance.getId(), planner);
      taskService.complete(acceptance.getId(), Map.of(ACCEPTED, true));
      return null;
    });

    // planning in Tasklist: legal aid, and of the firms covering 金东区 the planner picks this one
    openInTasklist(planner, "金华市总工会待办", caseNumber, "制定帮扶方案 · " + caseNumber);
    takeTask();
    browser.tickOption(SERVICE_ITEMS, "法律援助");
    String providerField = "provider" + Character.toUpperCase(providerField("legal-aid").charAt(0))
        + providerField("legal-aid").substring(1);
    assertThat(browser.selectText(providerField)).startsWith("系统分配（在办最少者）");
    browser.choose(providerField, FIRM_NAME + "（在办");
    browser.fill(PLAN_NOTE, "申请人需代理劳动仲裁，指定金东法律援助律师事务所承办。");
    browser.complete();

    Order order = awaitOrder(caseNumber);
    assertThat(order.service()).isEqualTo("legal-aid");
    assertThat(order.providerUnit()).isEqualTo(FIRM);

    // the firm's worker: the order with the applicant's identity masked, accepted
    String service = "法律援助";
    openInTasklist(FIRM + "-worker", FIRM_NAME + "待办", caseNumber, "接收服务工单 · " + caseNumber + " · " + service);
    String offered = browser.formText();
    assertThat(offered).contains(caseNumber, "浏*", idNumber.substring(0, 6) + "********" + idNumber.substring(14),
        "法律援助").doesNotContain(APPLICANT, idNumber);
    takeTask();
    browser.tick(ACCEPTED);
    browser.complete();

    // the delivery: date, work, hours and outcome
    String delivery = "提供服务 · " + caseNumber + " · " + service;
    browser.open("/camunda/app/tasklist/default/");
    browser.openFilter(FIRM_NAME + "待办");
    browser.searchTasks(caseNumber);
    browser.openTask(delivery);
    takeTask();
    // today as the form's date field reads it in this browser's locale (2026/12/3 in zh-CN)
    Object today = ((org.openqa.selenium.JavascriptExecutor) browser.driver())
        .executeScript("return new Intl.DateTimeFormat().format(new Date());");
    browser.fill(DELIVERED_ON + "-date", today);
    browser.fill(SERVICE_HOURS, 3);
    browser.fill(SERVICE_WORK, "代写劳动仲裁申请书并出庭代理");
    browser.tickOption(SERVICE_OUTCOME, "问题解决");
    browser.complete();

    awaitEnded(order.processInstanceId());
    Order done = orders.find(order.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(ServiceOrders.Status.DELIVERED);
    assertThat(done.deliveredOn()).isEqualTo(LocalDate.now(AidFlowConfiguration.ZONE));
    assertThat(done.deliveredHours()).isEqualByComparingTo("3");
    assertThat(done.deliveredWork()).isEqualTo("代写劳动仲裁申请书并出庭代理");
    assertThat(done.outcome()).isEqualTo("RESOLVED");
    // the case page of the referring unit lists the order with its provider and outcome
    browser.logIn("tasklist", planner);
    browser.open("/aidflow/cases/" + caseNumber);
    String orderRow = browser.await(d -> d.findElements(By.cssSelector("#service-orders tr.service-order")).stream()
        .map(org.openqa.selenium.WebElement::getText).findFirst().orElse(null));
    assertThat(orderRow).contains("法律援助", FIRM_NAME, "已完成", LocalDate.now(AidFlowConfiguration.ZONE).toString(),
        "代写劳动仲裁申请书并出庭代理", "问题解决");
    // what the follow-up and the closure show of the case
    assertThat(summaries.summarize(caseNumber)).contains("服务工单 法律援助（" + FIRM_NAME + "）：已完成 "
        + LocalDate.now(AidFlowConfiguration.ZONE) + "，3 小时，问题解决；代写劳动仲裁申请书并出庭代理");
  }

  /** Claims the open task unless it is the user's already (the acceptor of a referral has its plan). */
  private void takeTask() {
    if (!browser.driver().findElements(By.cssSelector(".task-card button.claim")).isEmpty()) {
      browser.claim();
    } else {
      browser.awaitMine();
    }
  }

  /** Waits (up to 30 s) until the job executor offered the plan's order to a provider. */
  private Order awaitOrder(String caseNumber) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      List<Order> found = orders.ofCase(caseNumber);
      if (!found.isEmpty() && found.get(0).status() == ServiceOrders.Status.OFFERED) {
        return found.get(0);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("no order of case " + caseNumber + " was offered within 30 s: " + orders.ofCase(caseNumber));
  }

  private void openInTasklist(String user, String filter, String caseNumber, String title) {
    browser.logIn("tasklist", user);
    browser.openFilter(filter);
    browser.searchTasks(caseNumber);
    browser.openTask(title);
  }
}
