package org.aidflow.browser;

import static org.aidflow.shared.ProcessVariables.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import org.aidflow.intake.IdNumber;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.support.Applicants;
import org.aidflow.support.ApplicationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 21, item 1, in Chinese at China time: the intake officer's start form in Tasklist keeps what was typed through
 * Esc, a click outside and a refused ID number (shown beside the field, in Chinese only); a good start shows the case
 * number in a notice that stays; the same caller again is told the open case's number; 我受理的案件 lists the case.
 */
class IntakeFeedbackBrowserIT extends ApplicationTest {

  @RegisterExtension
  static final Browser browser = new Browser();

  private static final String APPLICANT = "受理反馈测试人";
  private static final String DESCRIPTION_TEXT = "工资被拖欠三个月，家庭生活困难。";

  @LocalServerPort int port;

  @Test
  void theIntakeOfficerKeepsWhatWasTypedAndLearnsTheCaseNumber() {
    browser.at("http://localhost:" + port);
    String idNumber = Applicants.idNumber("19880716", true);
    String wrongCheck = idNumber.substring(0, 17) + otherCheckCharacter(idNumber);

    browser.logIn("tasklist", "intake");
    // China time in the browser, as at the caseworkers' desks
    assertThat((String) ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
        "return Intl.DateTimeFormat().resolvedOptions().timeZone")).isEqualTo("Asia/Shanghai");
    browser.startProcess("求助案件");
    fillIntake(wrongCheck);

    // Esc and a stray click beside the dialogue keep the form and what was typed
    browser.pressEscape();
    assertThat(browser.startFormStaysOpen()).as("the start form after Esc").isTrue();
    browser.clickOutsideDialogue();
    assertThat(browser.startFormStaysOpen()).as("the start form after a click outside").isTrue();
    assertThat(browser.fieldValue(NAME)).isEqualTo(APPLICANT);
    assertThat(browser.fieldValue(DESCRIPTION)).isEqualTo(DESCRIPTION_TEXT);
    assertThat(browser.selectText(REGION_DISTRICT)).isEqualTo("上城区");

    // the ID number's check character is wrong: the refusal shows beside the field, in Chinese, the form as typed
    browser.pressStart();
    assertThat(browser.awaitRefusalBeside(ID_NUMBER)).isEqualTo("身份证号无效（校验位、出生日期或地区码不符）");
    assertThat(browser.startFormOpen()).isTrue();
    assertThat(browser.fieldValue(ID_NUMBER)).isEqualTo(wrongCheck);
    assertThat(browser.fieldValue(NAME)).isEqualTo(APPLICANT);
    assertThat(browser.fieldValue(PHONE)).isEqualTo("13912345678");
    assertThat(browser.fieldValue(DESCRIPTION)).isEqualTo(DESCRIPTION_TEXT);
    assertThat(browser.selectText(REGION_DISTRICT)).isEqualTo("上城区");
    String dialogue = browser.await(d -> {
      String text = d.findElement(By.cssSelector(".modal")).getText();
      return text.contains("请按表单中标出的提示修改") ? text : null;
    });
    assertThat(dialogue).doesNotContain("Cannot instantiate", "aidCase:", "（idNumber）");

    // corrected: the case number, in a notice that stays until dismissed, with the link to the case page
    Date before = new Date(System.currentTimeMillis() - 1000);
    browser.fill(ID_NUMBER, idNumber);
    assertThat(browser.driver().findElements(By.cssSelector(".aidflow-field-error"))).isEmpty();
    browser.submitStart();
    String caseNumber = historyService.createHistoricProcessInstanceQuery()
        .processDefinitionKey(AidCaseModel.PROCESS_KEY).startedBy("intake").startedAfter(before).singleResult()
        .getBusinessKey();
    WebElement notice = browser.awaitIntakeNotice();
    assertThat(notice.getText()).contains("已受理，案件编号 " + caseNumber);
    assertThat(notice.findElement(By.cssSelector("a.aidflow-intake-case-link")).getDomAttribute("href"))
        .endsWith("/aidflow/cases/" + caseNumber);
    // Tasklist's own 流程已发起 goes after 3 s; this one stays
    browser.await(d -> browser.notices().stream().noneMatch(n -> n.contains("流程已发起")) ? true : null);
    assertThat(browser.awaitIntakeNotice().getText()).contains(caseNumber);
    browser.driver().findElement(By.cssSelector(".aidflow-intake-notice-close")).click();
    browser.await(d -> d.findElements(By.cssSelector(".aidflow-intake-notice")).isEmpty() ? true : null);

    // the same caller again while the case is open: told the open case's number
    browser.startProcess("求助案件");
    fillIntake(idNumber);
    browser.submitStart();
    assertThat(browser.awaitIntakeNotice().getText()).contains("已并入在办案件 " + caseNumber);

    // 我受理的案件, from Tasklist's navbar: the case, in verification, with its next step
    String href = browser.await(d -> d.findElements(By.cssSelector("a.aidflow-my-intakes")).stream().findFirst()
        .map(a -> a.getDomAttribute("href")).orElse(null));
    assertThat(href).endsWith("/aidflow/intakes/mine");
    browser.open("/aidflow/intakes/mine");
    WebElement row = browser.await(d -> d.findElements(By.cssSelector("tr[data-case='" + caseNumber + "']")).stream()
        .findFirst().orElse(null));
    assertThat(row.findElement(By.cssSelector(".stage")).getText()).isEqualTo("核实");
    assertThat(row.findElement(By.cssSelector(".next")).getText()).contains("核实求助情况");
    assertThat(browser.pageText()).doesNotContain(idNumber, "13912345678");
  }

  private static char otherCheckCharacter(String idNumber) {
    char right = IdNumber.checkCharacter(idNumber.substring(0, 17));
    return right == '1' ? '2' : '1';
  }

  private void fillIntake(String idNumber) {
    browser.fill(NAME, APPLICANT);
    browser.fill(ID_NUMBER, idNumber);
    browser.fill(PHONE, "13912345678");
    browser.choose(REGION_CITY, "杭州市");
    browser.choose(REGION_DISTRICT, "上城区");
    browser.fill(ADDRESS, "浙江省杭州市上城区清波街道2号");
    browser.choose(EMPLOYMENT_FORM, "无");
    browser.fill(HOUSEHOLD_SIZE, 3);
    browser.fill(MONTHLY_INCOME, 3000);
    browser.fill(RIGID_EXPENSES, 300);
    browser.fill(CHILDREN_IN_SCHOOL, 0);
    browser.tickOption(CATEGORIES, "生活困难");
    browser.fill(DESCRIPTION, DESCRIPTION_TEXT);
    browser.choose(CHANNEL, "服务窗口");
    browser.tick(CONSENT);
  }
}
