package org.aidflow.browser;

import static org.aidflow.shared.ProcessVariables.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.ProcessVariables;
import org.aidflow.support.Applicants;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A caseworker's day in a real browser, in Chinese: one case taken from the intake officer's start form in Tasklist
 * through verification, referral, planning, approval and delivery to the follow-up by the demo users, each in their
 * own Tasklist session, and the supervisor finding it in Cockpit, open and then closed. Only what no person does is
 * left to the engine: the payment (job executor) and the 30 days before the follow-up.
 */
class CaseworkerDayIT extends ApplicationTest {

  @RegisterExtension
  static final Browser browser = new Browser();

  /** The applicant: no employer, no union member, living costs only, 5,000 CNY for 3 (RELATIVE hardship), so the
   * routing matches no row and the union, the lead organisation, catches the case: one referral, to the union. */
  private static final String APPLICANT = "浏览器测试申请人";
  /** Above 2,000 the union's supervisors approve; up to 10,000 nobody else (approval-level.dmn). */
  private static final int CASH = 5000;

  @LocalServerPort int port;
  @Autowired ManagementService managementService;
  @Autowired JdbcTemplate jdbc;

  @Test
  void aCaseGoesFromTheStartFormToClosureThroughTasklistAndCockpit() {
    browser.at("http://localhost:" + port);
    Date started = new Date(System.currentTimeMillis() - 1000);
    String idNumber = Applicants.idNumber("19900520", false);

    registerTheCase(idNumber);
    HistoricProcessInstance aidCase = historyService.createHistoricProcessInstanceQuery()
        .processDefinitionKey(AidCaseModel.PROCESS_KEY).startedBy("intake").startedAfter(started).singleResult();
    assertThat(aidCase).as("the case the start form started").isNotNull();
    String caseNumber = aidCase.getBusinessKey();
    assertThat(caseNumber).matches("QBH-\\d{4}-\\d{6}");

    verify(caseNumber, idNumber);
    acceptAndPlan(caseNumber);
    approve(caseNumber);
    deliver(caseNumber);

    // the payment is made by the job executor, after the asynchronous boundary before disburseFunds
    String referral = historyService.createHistoricProcessInstanceQuery().superProcessInstanceId(aidCase.getId())
        .singleResult().getId();
    awaitEnded(referral);
    assertThat(jdbc.queryForObject("SELECT delivered_amount FROM case_referral WHERE case_number = ?", Integer.class,
        caseNumber)).isEqualTo(CASH);

    supervisorSeesTheCaseRunningInCockpit(caseNumber);

    // thirty days pass: the follow-up timer is the instance's only job, and running it stands for the wait
    Job followUpTimer = managementService.createJobQuery().processInstanceId(aidCase.getId()).timers().singleResult();
    assertThat(followUpTimer).as("the follow-up timer").isNotNull();
    managementService.executeJob(followUpTimer.getId());

    followUp(caseNumber);

    supervisorSeesTheCaseClosedInCockpit(caseNumber);
    assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(aidCase.getId())
        .variableName(CLOSURE_REASON).singleResult().getValue()).isEqualTo("RESOLVED");
  }

  private void registerTheCase(String idNumber) {
    browser.logIn("tasklist", "intake");
    browser.startProcess("求助案件");
    browser.fill(NAME, APPLICANT);
    browser.fill(ID_NUMBER, idNumber);
    // Camunda Forms write their own messages and placeholder in English; tasklist/scripts/zh-forms.js translates
    assertThat(browser.selectText(EMPLOYMENT_FORM)).isEqualTo("请选择");
    browser.fill(PHONE, "1391234");
    browser.awaitFieldError(PHONE, "请输入11位手机号码（1开头，如 13812345678）。");
    browser.fill(PHONE, "13912345678");
    assertThat(browser.selectText(REGION_PROVINCE)).as("the province chosen to begin with").isEqualTo("浙江省");
    browser.choose(REGION_CITY, "杭州市");
    browser.choose(REGION_DISTRICT, "上城区");
    browser.fill(ADDRESS, "浙江省杭州市上城区清波街道1号");
    browser.choose(EMPLOYMENT_FORM, "无");
    browser.fill(HOUSEHOLD_SIZE, 3);
    browser.fill(MONTHLY_INCOME, 5000);
    browser.fill(RIGID_EXPENSES, 0);
    browser.fill(CHILDREN_IN_SCHOOL, 0);
    browser.tickOption(CATEGORIES, "生活困难");
    browser.fill(DESCRIPTION, "家庭收入不足以维持基本生活，申请困难帮扶。");
    browser.choose(CHANNEL, "服务窗口");
    browser.tick(CONSENT);
    browser.showTopOfForm();
    ReadmeScreenshots.capture(browser, "intake-form");
    browser.submitStart();
    browser.awaitNotice("流程已发起");
  }

  private void verify(String caseNumber, String idNumber) {
    String task = "核实求助情况 · " + caseNumber;
    openInTasklist("union-worker", "浙江省总工会待办", caseNumber, task);
    // the list tells the case at a glance, in Chinese (TasklistFilters' columns)
    assertThat(browser.taskColumns(task)).containsEntry("案件编号", caseNumber).containsEntry("申请人", APPLICANT)
        .containsEntry("紧急程度", "一般").containsEntry("求助类别", "生活困难");
    String summary = browser.formText();
    // the verifier sees the masked ID number, the household and the aid of the last year before deciding
    assertThat(summary).contains(APPLICANT, idNumber.substring(0, 6) + "********" + idNumber.substring(14),
        "3人，月收入 5,000.00 元", "地区 浙江省杭州市上城区", "近365天无帮扶记录").doesNotContain(idNumber);
    browser.claim();
    browser.tickOption(VERIFIED, "属实");
    browser.fill(VERIFICATION_NOTE, "电话及上门核实，家庭收入情况属实。");
    browser.showTopOfForm();
    ReadmeScreenshots.capture(browser, "tasklist");
    browser.complete();
  }

  private void acceptAndPlan(String caseNumber) {
    String acceptance = "接收转介 · " + caseNumber;
    openInTasklist("union-worker", "浙江省总工会待办", caseNumber, acceptance);
    assertThat(browser.taskColumns(acceptance)).containsEntry("困难等级", "相对困难").containsEntry("转介服务", "困难帮扶金");
    assertThat(browser.formText()).contains("相对困难", "困难帮扶金");
    browser.claim();
    browser.tick(ACCEPTED);
    browser.complete();

    openInTasklist(null, "浙江省总工会待办", caseNumber, "制定帮扶方案 · " + caseNumber);
    assertThat(browser.formText()).contains("本单位资金余额", "工会困难帮扶资金");
    // the worker who accepted the referral has it already (docs/desk.md)
    browser.awaitMine();
    browser.choose(ProcessVariables.cashItem(1, "Fund"), "工会困难帮扶资金");
    browser.fill(ProcessVariables.cashItem(1, "Amount"), CASH);
    browser.fill(ProcessVariables.cashItem(1, "Purpose"), "生活补助");
    browser.fill(ProcessVariables.PLAN_NOTE, "发放困难帮扶金5000元。");
    browser.show(ProcessVariables.cashItem(1, "Amount"));
    ReadmeScreenshots.capture(browser, "plan-form");
    browser.complete();
  }

  private void approve(String caseNumber) {
    openInTasklist("union-lead", "浙江省总工会审批", caseNumber, "审批帮扶方案 · " + caseNumber);
    assertThat(browser.formText()).contains("合计 5,000.00 元", "生活补助");
    browser.claim();
    browser.tick(APPROVED);
    browser.fill(APPROVAL_NOTE, "同意。");
    browser.complete();
  }

  private void deliver(String caseNumber) {
    openInTasklist("union-worker", "浙江省总工会待办", caseNumber, "发放帮扶 · " + caseNumber);
    browser.awaitMine();
    browser.tick(DELIVERED);
    browser.tickOption(PAID_ITEMS, "第1项 现金帮扶 工会困难帮扶资金 5,000.00 元（生活补助）");
    browser.fill(ProcessVariables.DELIVERY_NOTE, "已转账至申请人银行卡。");
    browser.complete();
  }

  private void followUp(String caseNumber) {
    openInTasklist("union-worker", "浙江省总工会待办", caseNumber, "回访 · " + caseNumber);
    assertThat(browser.formText()).contains("转介结果", "第 1 次");
    browser.claim();
    browser.tickOption(FOLLOW_UP_OUTCOME, "已脱困");
    browser.fill(SATISFACTION, 5);
    browser.fill(ProcessVariables.FOLLOW_UP_NOTE, "申请人已重新就业，生活恢复正常。");
    browser.complete();
  }

  private void supervisorSeesTheCaseRunningInCockpit(String caseNumber) {
    findInCockpit(caseNumber);
    // the search's own label shows the case number at once; the list of instances follows when its query returns
    browser.await(d -> {
      List<WebElement> rows = d.findElements(By.cssSelector("table.process-instances tbody tr"));
      return !rows.isEmpty() && rows.stream().allMatch(row -> row.getText().contains(caseNumber)) ? true : null;
    });
    assertThat(browser.driver().findElements(By.cssSelector("table.process-instances tbody tr")))
        .extracting(WebElement::getText).singleElement().asString().contains(caseNumber);
    // the instance view: where the case waits (the follow-up timer) and its variables, e.g. the level in Chinese
    browser.driver().findElement(By.cssSelector("table.process-instances tbody tr a[title]")).click();
    browser.await(d -> browser.pageText().contains("相对困难") && browser.pageText().contains(caseNumber) ? true : null);
    ReadmeScreenshots.capture(browser, "cockpit");
  }

  private void supervisorSeesTheCaseClosedInCockpit(String caseNumber) {
    findInCockpit(caseNumber);
    // Cockpit of the Community Edition lists running instances only: a closed case is no longer among them
    browser.await(d -> browser.pageText().contains("没有与当前过滤器匹配的流程实例") ? true : null);
  }

  /** The supervisor opens Cockpit's processes, the aid case process, and searches its instances by case number. */
  private void findInCockpit(String caseNumber) {
    browser.logIn("cockpit", "supervisor");
    browser.clickLink("流程");
    browser.clickLink("求助案件");
    browser.await(d -> browser.pageText().contains("流程实例") ? true : null);
    browser.searchInCockpit(caseNumber);
    browser.await(d -> d.getCurrentUrl().contains(caseNumber) ? true : null);
  }

  /**
   * Logs the user in to Tasklist (or stays, with user null), opens the filter, looks the case number up and opens
   * the task of that title.
   */
  private void openInTasklist(String user, String filter, String caseNumber, String title) {
    if (user != null) {
      browser.logIn("tasklist", user);
    } else {
      browser.open("/camunda/app/tasklist/default/");
    }
    browser.openFilter(filter);
    browser.searchTasks(caseNumber);
    browser.openTask(title);
  }
}
