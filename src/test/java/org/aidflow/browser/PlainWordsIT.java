package org.aidflow.browser;

import static org.aidflow.shared.ProcessVariables.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Words, not codes (issue 21, item 3), in a real browser: the intake officer picks the applicant's region as
 * 浙江省 → 杭州市 → 西湖区 and the case is registered with 330106; then every page the caseworkers and the supervisor
 * see on the case's way (the task list and each task form from verification to follow-up, and the cockpit dashboard)
 * is scanned by {@link CodesOnPage} for channel, category, fund and plan item codes, ISO times and bare region codes.
 */
class PlainWordsIT extends ApplicationTest {

  @RegisterExtension
  static final Browser browser = new Browser();

  private static final String APPLICANT = "名称测试申请人";
  /** Above 2,000 the union's supervisors approve. */
  private static final int CASH = 5000;

  @LocalServerPort int port;
  @Autowired ManagementService managementService;
  @Autowired JdbcTemplate jdbc;

  private CodesOnPage scan;

  @Test
  void theRegionIsPickedByNameAndNoPageOfTheCaseShowsACode() {
    browser.at("http://localhost:" + port);
    scan = new CodesOnPage(jdbc.queryForList("SELECT DISTINCT code FROM fund", String.class));
    Date started = new Date(System.currentTimeMillis() - 1000);

    registerTheCase(Applicants.idNumber("19880312", false));
    HistoricProcessInstance aidCase = browser.await(d -> historyService.createHistoricProcessInstanceQuery()
        .processDefinitionKey(AidCaseModel.PROCESS_KEY).startedBy("intake").startedAfter(started).singleResult());
    String caseNumber = aidCase.getBusinessKey();
    // the picker's choice is stored as the code, which routing, jurisdiction and low lines read
    assertThat(jdbc.queryForObject("SELECT region FROM aid_case WHERE case_number = ?", String.class, caseNumber))
        .isEqualTo("330106");

    String verification = "核实求助情况 · " + caseNumber;
    openInTasklist("union-worker", "浙江省总工会待办", caseNumber, verification);
    assertThat(scan.check(browser, "核实任务（任务列表与表单）")).contains("地区 浙江省杭州市西湖区");
    browser.claim();
    browser.tickOption(VERIFIED, "属实");
    browser.fill(VERIFICATION_NOTE, "电话核实，情况属实。");
    browser.complete();

    openInTasklist(null, "浙江省总工会待办", caseNumber, "接收转介 · " + caseNumber);
    scan.check(browser, "接收转介");
    browser.claim();
    browser.tick(ACCEPTED);
    browser.complete();

    openInTasklist(null, "浙江省总工会待办", caseNumber, "制定帮扶方案 · " + caseNumber);
    scan.check(browser, "制定帮扶方案");
    browser.awaitMine(); // the acceptor's already
    browser.choose(ProcessVariables.cashItem(1, "Fund"), "工会困难帮扶资金");
    assertThat(browser.selectText(ProcessVariables.cashItem(1, "Fund"))).as("the fund chosen, by name and amount")
        .matches("工会困难帮扶资金（可用 [\\d,]+\\.\\d{2} 元）");
    browser.fill(ProcessVariables.cashItem(1, "Amount"), CASH);
    browser.fill(ProcessVariables.cashItem(1, "Purpose"), "生活补助");
    browser.fill(ProcessVariables.PLAN_NOTE, "发放困难帮扶金。");
    scan.check(browser, "制定帮扶方案（已选资金）");
    fundNameStaysInItsBox(ProcessVariables.cashItem(1, "Fund"));
    browser.complete();

    openInTasklist("union-lead", "浙江省总工会审批", caseNumber, "审批帮扶方案 · " + caseNumber);
    assertThat(scan.check(browser, "审批帮扶方案")).contains("合计 5,000.00 元",
        "第1项 现金帮扶 工会困难帮扶资金 5,000.00 元（生活补助）");
    browser.claim();
    browser.tick(APPROVED);
    browser.fill(APPROVAL_NOTE, "同意。");
    browser.complete();

    openInTasklist("union-worker", "浙江省总工会待办", caseNumber, "发放帮扶 · " + caseNumber);
    scan.check(browser, "发放帮扶");
    browser.awaitMine();
    browser.tick(DELIVERED);
    browser.tickOption(PAID_ITEMS, "第1项 现金帮扶 工会困难帮扶资金 5,000.00 元（生活补助）");
    browser.fill(ProcessVariables.DELIVERY_NOTE, "已转账。");
    browser.complete();

    String referral = historyService.createHistoricProcessInstanceQuery().superProcessInstanceId(aidCase.getId())
        .singleResult().getId();
    awaitEnded(referral);
    Job followUpTimer = managementService.createJobQuery().processInstanceId(aidCase.getId()).timers().singleResult();
    assertThat(followUpTimer).as("the follow-up timer").isNotNull();
    managementService.executeJob(followUpTimer.getId());

    openInTasklist(null, "浙江省总工会待办", caseNumber, "回访 · " + caseNumber);
    assertThat(scan.check(browser, "回访")).contains("5,000.00 元");

    supervisorReadsTheDashboard();
    browser.open("/aidflow/cases/" + caseNumber);
    assertThat(scan.check(browser, "案件页")).contains("办理过程", "核实求助情况");
    scan.assertNoneFound();
  }

  private void registerTheCase(String idNumber) {
    browser.logIn("tasklist", "intake");
    browser.startProcess("求助案件");
    browser.fill(NAME, APPLICANT);
    browser.fill(ID_NUMBER, idNumber);
    browser.fill(PHONE, "13912345679");
    // 省 → 市 → 区: 浙江省 is chosen to begin with; another province has no cities to offer, Zhejiang has its 11
    browser.chooseInLongList(REGION_PROVINCE, "北京市");
    browser.await(ExpectedConditions.invisibilityOfElementLocated(
        By.cssSelector("[id$='-Field_" + REGION_CITY + "-display']")));
    browser.chooseInLongList(REGION_PROVINCE, "浙江省");
    browser.choose(REGION_CITY, "杭州市");
    browser.choose(REGION_DISTRICT, "西湖区");
    browser.fill(ADDRESS, "浙江省杭州市西湖区文三路1号");
    browser.choose(EMPLOYMENT_FORM, "无");
    browser.fill(HOUSEHOLD_SIZE, 3);
    browser.fill(MONTHLY_INCOME, 5000);
    browser.fill(RIGID_EXPENSES, 0);
    browser.fill(CHILDREN_IN_SCHOOL, 0);
    browser.tickOption(CATEGORIES, "生活困难");
    browser.fill(DESCRIPTION, "家庭收入不足以维持基本生活。");
    browser.choose(CHANNEL, "12351 职工服务热线");
    browser.tick(CONSENT);
    scan.check(browser, "受理登记（开始表单）");
    browser.submitStart();
  }

  /** The chosen fund's name is not cut off or spilled over the select's box (tasklist/styles/user-styles.css). */
  private void fundNameStaysInItsBox(String key) {
    Object fits = ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("const d = document.querySelector(\"[id$='-Field_" + key
        + "-display']\"); const box = d.closest('.fjs-select') || d.parentElement;"
        + "return d.scrollWidth <= d.clientWidth + 1 && d.getBoundingClientRect().right <= box.getBoundingClientRect().right + 1;");
    assertThat(fits).as("the fund's name fits its box").isEqualTo(true);
  }

  private void supervisorReadsTheDashboard() {
    browser.logIn("cockpit", "supervisor");
    browser.open("/camunda/app/cockpit/default/#/aidflow-dashboard");
    browser.await(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.id("aidflow-dashboard-frame")));
    browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#indicators [data-indicator]")));
    String dashboard = scan.check(browser, "驾驶舱");
    assertThat(dashboard).contains("浙江省杭州市西湖区", "12351 职工服务热线", "生活困难", "万元");
  }

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
