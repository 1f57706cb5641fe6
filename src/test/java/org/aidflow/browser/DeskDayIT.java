package org.aidflow.browser;

import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.ProcessVariables;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 21 items 5 and 6 in a real browser (docs/desk.md): a wage-arrears case of the union from acceptance through
 * mediation (16,000 元 recovered), planning with its running total and approval level, an approval sent back with a
 * note and the second approval that reads it. The worker who accepted needs no second claim; after each 完成 the
 * notice names the next step; the task list reads 普通 instead of a number.
 */
class DeskDayIT extends ApplicationTest {

  @RegisterExtension
  static final Browser browser = new Browser();

  private static final String TODO = "浙江省总工会待办";
  private static final String APPROVALS = "浙江省总工会审批";

  @LocalServerPort int port;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;

  @Test
  void mediationPlanningAndApprovalShowWhatTheyNeedAndTheNoticeSaysWhereTheCaseWent() {
    browser.at("http://localhost:" + port);
    // intake and verification are not this test's subject: the engine, as the demo users
    ProcessInstance aidCase = as("intake", () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(CATEGORIES, List.of("wage-arrears"), EMPLOYER, "某建筑公司", UNION_MEMBER, true,
            MONTHLY_INCOME, 5000, RIGID_EXPENSES, 0)));
    String caseNumber = aidCase.getBusinessKey();
    as("union-worker", () -> {
      Task verify = taskService.createTaskQuery().processInstanceId(aidCase.getId()).singleResult();
      taskService.claim(verify.getId(), "union-worker");
      taskService.complete(verify.getId(), Variables.fromMap(Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实")));
      return null;
    });

    // acceptance: priority in words, then the notice names mediation
    String acceptance = "接收转介 · " + caseNumber;
    openInTasklist("union-worker", TODO, caseNumber, acceptance);
    assertThat(browser.listedPriority(acceptance)).isEqualTo("普通");
    browser.claim();
    browser.tick(ACCEPTED);
    browser.complete();
    assertThat(browser.awaitNextStepNotice("下一步：调解")).contains("已提交：案件 " + caseNumber);

    // mediation: already the acceptor's
    openInTasklist(null, TODO, caseNumber, "调解 · " + caseNumber);
    browser.awaitMine();
    assertThat(browser.formText()).contains("尚无维权记录");
    browser.tick(RIGHTS_RESOLVED);
    browser.fill(RECOVERED_AMOUNT, 16000);
    browser.fill(RIGHTS_NOTE, "调解达成协议，单位补发工资");
    browser.complete();
    browser.awaitNextStepNotice("下一步：制定帮扶方案");

    // planning: the mediation outcome, the running total and the approval level it will need
    openInTasklist(null, TODO, caseNumber, "制定帮扶方案 · " + caseNumber);
    browser.awaitMine();
    assertThat(browser.formText()).contains("追回 16,000.00 元");
    plan(3000);
    assertThat(browser.awaitFormText("现金合计：3000 元")).contains("所需审批：本单位审批");
    browser.complete();
    browser.awaitNextStepNotice("下一步：审批帮扶方案");

    // the first approval sends the plan back with a note
    openInTasklist("union-lead", APPROVALS, caseNumber, "审批帮扶方案 · " + caseNumber);
    assertThat(browser.formText()).contains("追回 16,000.00 元", "上次审批意见：无");
    browser.claim();
    browser.fill(APPROVAL_NOTE, "金额偏高，请调整为2500元");
    browser.complete();
    browser.awaitNextStepNotice("下一步：制定帮扶方案");

    // the acceptor has the plan again, changes the amount and sees the total follow
    openInTasklist("union-worker", TODO, caseNumber, "制定帮扶方案 · " + caseNumber);
    browser.awaitMine();
    browser.fill(ProcessVariables.cashItem(1, "Amount"), 2500);
    assertThat(browser.awaitFormText("现金合计：2500 元")).contains("所需审批：本单位审批");
    browser.complete();

    // the second approval reads the first one's note and the mediation outcome
    openInTasklist("union-lead", APPROVALS, caseNumber, "审批帮扶方案 · " + caseNumber);
    assertThat(browser.formText()).contains("上次审批意见：金额偏高，请调整为2500元", "追回 16,000.00 元");
    browser.claim();
    browser.tick(APPROVED);
    browser.fill(APPROVAL_NOTE, "同意。");
    browser.complete();
    browser.awaitNextStepNotice("下一步：发放帮扶");
  }

  private void plan(int amount) {
    browser.choose(ProcessVariables.cashItem(1, "Fund"), "工会困难帮扶资金");
    browser.fill(ProcessVariables.cashItem(1, "Amount"), amount);
    browser.fill(ProcessVariables.cashItem(1, "Purpose"), "生活补助");
    browser.fill(ProcessVariables.PLAN_NOTE, "追回欠薪后仍有缺口，发放困难帮扶金。");
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
