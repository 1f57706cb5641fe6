package org.aidflow.browser;

import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Issue 21, items 2 and 4, in a real browser in Chinese: the verifier (the intake organisation's caseworker) opens
 * the verification task and, in its 案件 tab, reads the applicant's full phone; once verified, the supervisor opens
 * the case from Cockpit's process instance view (案件页 tab) and reads the timeline (steps with who and when, China
 * time) and the hardship decision with the inputs that decided it — no code, no ISO timestamp.
 */
class CasePageIT extends ApplicationTest {

  @RegisterExtension
  static final Browser browser = new Browser();

  private static final String PHONE_NUMBER = "13611223344";
  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
      .withZone(AidFlowConfiguration.ZONE);

  @LocalServerPort int port;
  @Autowired TestRestTemplate http;
  @Autowired TaskService taskService;

  @Test
  void theVerifierSeesTheFullPhoneAndTheSupervisorTheCasePageFromCockpit() throws Exception {
    browser.at("http://localhost:" + port);
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    Map<String, Object> person = applicant(PHONE, PHONE_NUMBER, NAME, "案件页申请人");
    ResponseEntity<String> created = http.withBasicAuth("intake", "demo").postForEntity("/api/cases",
        new HttpEntity<>(new ObjectMapper().writeValueAsString(person), headers), String.class);
    assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
    String caseNumber = new ObjectMapper().readTree(created.getBody()).get("caseNumber").asText();

    // the verifier: the task's 案件 tab shows the full phone (the form itself keeps the masked one)
    browser.logIn("tasklist", "union-worker");
    browser.openFilter("浙江省总工会待办");
    browser.searchTasks(caseNumber);
    String title = "核实求助情况 · " + caseNumber;
    browser.openTask(title);
    assertThat(browser.formText()).contains("136****3344").doesNotContain(PHONE_NUMBER);
    browser.clickLink("案件");
    String phone = browser.await(d -> {
      List<WebElement> shown = d.findElements(By.id("aidflow-contact-phone"));
      return shown.isEmpty() || shown.get(0).getText().isBlank() ? null : shown.get(0).getText().trim();
    });
    assertThat(phone).isEqualTo(PHONE_NUMBER);
    assertThat(browser.driver().findElement(By.id("aidflow-case-number")).getText()).contains(caseNumber);
    assertThat(browser.driver().getCurrentUrl()).doesNotContain(PHONE_NUMBER);

    // verified by the same worker (claimed, so the timeline names them)
    as("union-worker", () -> {
      Task verify = taskService.createTaskQuery().processInstanceBusinessKey(caseNumber)
          .taskDefinitionKey(AidCaseModel.VERIFY_CASE).singleResult();
      taskService.claim(verify.getId(), "union-worker");
      taskService.complete(verify.getId(), Map.of(VERIFIED, true, VERIFICATION_NOTE, "电话核实属实"));
      return null;
    });
    HistoricTaskInstance verified = historyService.createHistoricTaskInstanceQuery()
        .processInstanceBusinessKey(caseNumber).taskDefinitionKey(AidCaseModel.VERIFY_CASE).singleResult();
    String verifiedAt = MINUTES.format(verified.getEndTime().toInstant());

    // the supervisor: Cockpit, the case's instance, its 案件页 tab
    browser.logIn("cockpit", "supervisor");
    browser.clickLink("流程");
    browser.clickLink("求助案件");
    browser.await(d -> browser.pageText().contains("流程实例") ? true : null);
    browser.searchInCockpit(caseNumber);
    browser.await(d -> {
      List<WebElement> rows = d.findElements(By.cssSelector("table.process-instances tbody tr"));
      return rows.size() == 1 && rows.get(0).getText().contains(caseNumber) ? true : null;
    });
    browser.driver().findElement(By.cssSelector("table.process-instances tbody tr a[title]")).click();
    browser.clickLink("案件页");
    WebElement frame = browser.await(d -> d.findElements(By.id("aidflow-case-frame")).stream().findFirst()
        .orElse(null));
    browser.driver().switchTo().frame(frame);
    try {
      WebElement step = browser.await(d -> d.findElements(By.cssSelector("#timeline tr.step")).stream()
          .filter(row -> row.getText().contains("核实求助情况")).findFirst().orElse(null));
      assertThat(step.getText()).contains("张工经办", verifiedAt);
      WebElement hardship = browser.await(d -> d.findElements(By.cssSelector("#decisions article.decision"))
          .stream().filter(a -> a.getText().contains("困难等级认定")).findFirst().orElse(null));
      assertThat(hardship.getText()).contains("家庭人均月收入", "意外或灾害", "困难等级");
      String page = browser.pageText();
      assertThat(page).contains("案件 " + caseNumber, "浙江省总工会", "办理中")
          .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}")
          .doesNotContain("union-", "hardship-grant", "cash-1", "RELATIVE", "DEEP", PHONE_NUMBER);
      ReadmeScreenshots.capture(browser, "case-page");
    } finally {
      browser.driver().switchTo().defaultContent();
    }
  }
}
