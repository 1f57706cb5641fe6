package org.aidflow.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.shared.Organisation;
import org.aidflow.support.Applicants;
import org.aidflow.support.ApplicationTest;
import org.aidflow.support.JobExecutors;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The supervisors' dashboard (驾驶舱) in a real browser: opened from the entry the Cockpit plugin
 * (cockpit/scripts/aidflow-dashboard.js) adds to Cockpit's menu, inside Cockpit's page (an iframe on the same
 * session), its numbers read off the page and compared with {@code GET /api/cockpit/indicators} for the same filter
 * over HTTP Basic; a late step drilled down to its case and on to the case's instance in Cockpit; and an
 * organisation's supervisor seeing their organisation's figures only.
 */
class CockpitDashboardIT extends ApplicationTest {

  @RegisterExtension
  static final Browser browser = new Browser();

  /** Decimals as sent, trailing zeros included, as the page writes them into data-value. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  @LocalServerPort int port;
  @Autowired TestRestTemplate http;
  @Autowired RuntimeService runtimeService;
  @Autowired ManagementService managementService;
  @Autowired ProcessEngine engine;
  @Autowired JdbcTemplate jdbc;

  @Test
  void theSupervisorReadsTheApisFiguresOnTheDashboardAndFollowsALateStepToItsCase() throws Exception {
    LateCase late = aCaseLateForVerification();
    browser.at("http://localhost:" + port);

    browser.logIn("cockpit", "supervisor");
    openDashboardFromTheMenu();

    Dashboard page = readUntilSteady("supervisor", "");
    assertThat(page.filterOrg()).as("the organisation filter of a cross-organisation supervisor").isEmpty();
    page.assertShows(page.api);
    assertThat(page.receivedByOrg.keySet()).as("organisations in the per-organisation table")
        .hasSizeGreaterThan(1).contains(late.org);
    long verificationOverdue = page.api.get("steps").get("verification").get("overdue").asLong();
    assertThat(verificationOverdue).as("late verifications, the new case among them").isPositive();

    // the late verifications' count leads to the list of the late cases
    click(browser.driver().findElement(By.cssSelector("a[data-overdue='verification']")));
    browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#overdue-cases[data-step='verification']")));
    List<WebElement> rows = browser.driver().findElements(By.cssSelector("#overdue-cases tbody tr[data-case]"));
    assertThat((long) rows.size()).as("cases listed for the count clicked")
        .isEqualTo(Math.min(verificationOverdue, 500));
    WebElement row = rows.stream().filter(r -> late.caseNumber.equals(r.getDomAttribute("data-case"))).findFirst()
        .orElseThrow(() -> new AssertionError("the late case " + late.caseNumber + " is not listed"));
    assertThat(row.getText()).contains(late.caseNumber, Organisation.fromCode(late.org).chineseName(), "核实");
    WebElement link = row.findElement(By.cssSelector("a"));
    assertThat(link.getDomAttribute("href"))
        .isEqualTo("/camunda/app/cockpit/default/#/process-instance/" + late.processInstanceId);

    // the case number opens the case's instance in Cockpit itself, not inside the frame
    click(link);
    browser.driver().switchTo().defaultContent();
    browser.await(d -> d.getCurrentUrl().contains("#/process-instance/" + late.processInstanceId) ? true : null);
    browser.await(ExpectedConditions.numberOfElementsToBe(By.id("aidflow-dashboard-frame"), 0));
    // Cockpit's instance view of the case: its business key, the case number, in the page
    browser.await(d -> browser.pageText().contains(late.caseNumber) ? true : null);
  }

  @Test
  void theUnionsSupervisorSeesTheUnionsFiguresOnly() throws Exception {
    aCaseLateForVerification();
    browser.at("http://localhost:" + port);

    browser.logIn("cockpit", "union-lead");
    openDashboardFromTheMenu();

    Dashboard page = readUntilSteady("union-lead", "org=union");
    assertThat(page.filterOrg()).as("the organisation the filter shows").isEqualTo("union");
    page.assertShows(page.api);
    // the same figures the cross-organisation supervisors get for the union
    assertThat(indicators("supervisor", "org=union&from=" + page.from + "&to=" + page.to).get("indicators"))
        .isEqualTo(page.api.get("indicators"));
    assertThat(page.receivedByOrg.keySet()).as("organisations in the per-organisation table").containsExactly("union");
    assertThat(page.fundOrgs).as("organisations of the funds listed").isNotEmpty().containsOnly("总工会");
    assertThat(page.api.get("funds")).allSatisfy(fund -> assertThat(fund.get("org").asText()).isEqualTo("union"));

    // the drill-down lists the union's late cases only
    click(browser.driver().findElement(By.cssSelector("a[data-overdue='verification']")));
    browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#overdue-cases")));
    List<WebElement> rows = browser.driver().findElements(By.cssSelector("#overdue-cases tbody tr[data-case]"));
    assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.findElements(By.tagName("td")).get(1).getText())
        .isEqualTo("总工会"));
    click(browser.driver().findElement(By.linkText("← 返回驾驶舱")));
    browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#filter-org")));

    // asking the page for the women's federation is refused, and shows no figures
    new Select(browser.driver().findElement(By.id("filter-org"))).selectByValue("women");
    click(browser.driver().findElement(By.cssSelector("#filters button[type='submit']")));
    browser.await(d -> String.valueOf(((org.openqa.selenium.JavascriptExecutor) d).executeScript(
        "return location.search")).contains("org=women") ? true : null);
    browser.await(ExpectedConditions.textToBe(By.tagName("h1"), "无权查看"));
    assertThat(browser.pageText()).contains("只能查看本单位的数据");
    assertThat(browser.driver().findElements(By.cssSelector("[data-indicator], [data-received-by-org], [data-fund]")))
        .isEmpty();
    assertThat(http.withBasicAuth("union-lead", "demo").getForEntity("/api/cockpit/indicators?org=women",
        String.class).getStatusCode().value()).as("the API's answer to the same question").isEqualTo(403);
  }

  // ------------------------------------------------------------------ the steps

  private record LateCase(String caseNumber, String processInstanceId, String org) {
  }

  /**
   * A case registered through the engine three weeks ago (the engine's clock set back while it starts), whose
   * verification is due since long: late now. Its escalation timers, due at once, are left to the job executor, woken
   * for them.
   */
  private LateCase aCaseLateForVerification() {
    Instant now = Instant.now();
    Instant received = now.minus(Duration.ofDays(21));
    LocalDate firstOfYear = LocalDate.now(AidFlowConfiguration.ZONE).withDayOfYear(1);
    if (received.isBefore(firstOfYear.atStartOfDay(AidFlowConfiguration.ZONE).toInstant())) {
      // early in January the dashboard's default year holds nothing three weeks old: one hour into the year then
      received = firstOfYear.atStartOfDay(AidFlowConfiguration.ZONE).toInstant().plus(Duration.ofHours(1));
    }
    ProcessInstance aidCase;
    ClockUtil.setCurrentTime(Date.from(received));
    try {
      aidCase = as("intake", () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
          Applicants.applicant()));
    } finally {
      ClockUtil.reset();
    }
    String caseNumber = aidCase.getBusinessKey();
    // the reminder and the escalation are due: wait until the job executor has run them, so the figures stand still
    JobExecutors.wake(List.of(engine));
    browser.await(d -> managementService.createJobQuery().processInstanceId(aidCase.getId())
        .duedateLowerThan(new Date()).count() == 0 ? true : null);
    Map<String, Object> row = jdbc.queryForMap("SELECT intake_org, verification_due_at FROM cockpit_case"
        + " WHERE case_number = ?", caseNumber);
    assertThat(((java.sql.Timestamp) row.get("verification_due_at")).toInstant()).as("verification due")
        .isBefore(Instant.now());
    return new LateCase(caseNumber, aidCase.getId(), (String) row.get("intake_org"));
  }

  /** Cockpit's menu entry 驾驶舱, clicked; the dashboard shows in Cockpit's page, in the plugin's frame. */
  private void openDashboardFromTheMenu() {
    WebDriver driver = browser.driver();
    WebElement entry = browser.await(ExpectedConditions.elementToBeClickable(By.id("aidflow-dashboard-link")));
    assertThat(entry.getText().trim()).isEqualTo("驾驶舱");
    click(entry);
    browser.await(d -> d.getCurrentUrl().contains("#/aidflow-dashboard") ? true : null);
    browser.await(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.id("aidflow-dashboard-frame")));
    browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#indicators [data-indicator]")));
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("驾驶舱");
  }

  /**
   * The page's figures with the API's for the filter the page shows, asked for before and after reading them: the
   * clock may make a step late in between; then the page is read again.
   */
  private Dashboard readUntilSteady(String user, String orgQuery) throws Exception {
    for (int attempt = 1; ; attempt++) {
      String from = browser.driver().findElement(By.id("filter-from")).getDomProperty("value");
      String to = browser.driver().findElement(By.id("filter-to")).getDomProperty("value");
      assertThat(YearMonth.parse(from)).as("the period shown by default: this year")
          .isEqualTo(YearMonth.now(AidFlowConfiguration.ZONE).withMonth(1));
      assertThat(YearMonth.parse(to)).isEqualTo(YearMonth.now(AidFlowConfiguration.ZONE).withMonth(12));
      String query = (orgQuery.isEmpty() ? "" : orgQuery + "&") + "from=" + from + "&to=" + to;
      JsonNode before = indicators(user, query);
      Dashboard page = Dashboard.read(browser.driver(), from, to, before);
      JsonNode after = indicators(user, query);
      if (without(before).equals(without(after)) || attempt == 3) {
        return page;
      }
      browser.driver().navigate().refresh();
      browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#indicators [data-indicator]")));
    }
  }

  /** The report without its time stamp. */
  private static JsonNode without(JsonNode report) {
    return ((com.fasterxml.jackson.databind.node.ObjectNode) report.deepCopy()).without("asOf");
  }

  private JsonNode indicators(String user, String query) throws Exception {
    ResponseEntity<String> answer = http.withBasicAuth(user, "demo")
        .getForEntity("/api/cockpit/indicators?" + query, String.class);
    assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
    return JSON.readTree(answer.getBody());
  }

  private static void click(WebElement element) {
    ((org.openqa.selenium.JavascriptExecutor) browser.driver())
        .executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    element.click();
  }

  // ------------------------------------------------------------------ what the page shows

  /** The figures as the page shows them, with the API's answer read beside them. */
  private static final class Dashboard {
    final String from;
    final String to;
    final JsonNode api;
    final WebDriver driver;
    final Map<String, Map<String, String>> tiles = new LinkedHashMap<>();
    final Map<String, String> receivedByOrg = new LinkedHashMap<>();
    final Map<String, String> byMonth = new LinkedHashMap<>();
    final Map<String, String> overdue = new LinkedHashMap<>();
    final Map<String, String> breached = new LinkedHashMap<>();
    final Map<String, String> fundDisbursed = new LinkedHashMap<>();
    final Map<String, String> fundLeft = new LinkedHashMap<>();
    final List<String> fundOrgs;

    private Dashboard(WebDriver driver, String from, String to, JsonNode api) {
      this.driver = driver;
      this.from = from;
      this.to = to;
      this.api = api;
      for (WebElement tile : driver.findElements(By.cssSelector("#indicators [data-indicator]"))) {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("value", tile.getDomAttribute("data-value"));
        shown.put("target", tile.getDomAttribute("data-target"));
        shown.put("matchingDegree", tile.getDomAttribute("data-matching-degree"));
        shown.put("label", tile.findElement(By.cssSelector(".label")).getText().trim());
        shown.put("text", tile.findElement(By.cssSelector(".value")).getText().trim());
        tiles.put(tile.getDomAttribute("data-indicator"), shown);
      }
      driver.findElements(By.cssSelector("[data-received-by-org]")).forEach(cell ->
          receivedByOrg.put(cell.getDomAttribute("data-received-by-org"), cell.getText().trim()));
      driver.findElements(By.cssSelector("#cases-per-month g[data-key]")).forEach(bar ->
          byMonth.put(bar.getDomAttribute("data-key"), bar.getDomAttribute("data-count")));
      driver.findElements(By.cssSelector("a[data-overdue]")).forEach(link ->
          overdue.put(link.getDomAttribute("data-overdue"), link.getText().trim()));
      driver.findElements(By.cssSelector("[data-breached]")).forEach(cell ->
          breached.put(cell.getDomAttribute("data-breached"), cell.getText().trim()));
      driver.findElements(By.cssSelector("[data-fund-disbursed]")).forEach(cell ->
          fundDisbursed.put(cell.getDomAttribute("data-fund-disbursed"), cell.getText().trim()));
      driver.findElements(By.cssSelector("[data-fund-left]")).forEach(cell ->
          fundLeft.put(cell.getDomAttribute("data-fund-left"), cell.getText().trim()));
      fundOrgs = driver.findElements(By.cssSelector("#funds tbody tr[data-fund]")).stream()
          .map(row -> row.findElement(By.tagName("td")).getText().trim()).toList();
    }

    static Dashboard read(WebDriver driver, String from, String to, JsonNode api) {
      return new Dashboard(driver, from, to, api);
    }

    String filterOrg() {
      return new Select(driver.findElement(By.id("filter-org"))).getFirstSelectedOption().getDomAttribute("value");
    }

    /** Every tile, the per-organisation table, the months' chart, the late steps and the funds equal the API's. */
    void assertShows(JsonNode report) {
      JsonNode indicators = report.get("indicators");
      List<String> keys = new java.util.ArrayList<>();
      indicators.fieldNames().forEachRemaining(keys::add);
      assertThat(tiles.keySet()).as("the tiles").containsExactlyElementsOf(keys);
      for (String key : keys) {
        JsonNode figure = indicators.get(key);
        Map<String, String> tile = tiles.get(key);
        assertThat(tile.get("value")).as(key + " value").isEqualTo(raw(figure.get("value")));
        assertThat(tile.get("target")).as(key + " target").isEqualTo(raw(figure.get("target")));
        assertThat(tile.get("matchingDegree")).as(key + " matching degree").isEqualTo(raw(figure.get("matchingDegree")));
        assertThat(tile.get("label")).as(key + " label").isEqualTo(figure.get("label").asText());
        assertThat(tile.get("text")).as(key + " as the supervisor reads it")
            .isEqualTo(shown(figure.get("value"), figure.get("unit").asText()));
      }
      assertThat(tiles.get("casesReceived").get("value")).as("cases received this year").isNotEqualTo("0");

      assertThat(receivedByOrg).as("received per organisation").isEqualTo(counts(report.get("received").get("byOrg")));
      assertThat(byMonth).as("the months' chart").isNotEmpty()
          .isEqualTo(counts(report.get("received").get("byMonth")));
      Map<String, String> overdueSteps = new LinkedHashMap<>();
      Map<String, String> breachedSteps = new LinkedHashMap<>();
      report.get("steps").fields().forEachRemaining(step -> {
        overdueSteps.put(step.getKey(), step.getValue().get("overdue").asText());
        breachedSteps.put(step.getKey(), step.getValue().get("breached").asText());
      });
      assertThat(overdue).as("late steps now").isEqualTo(overdueSteps);
      assertThat(breached).as("steps escalated").isEqualTo(breachedSteps);
      Map<String, String> disbursed = new LinkedHashMap<>();
      Map<String, String> left = new LinkedHashMap<>();
      report.get("funds").forEach(fund -> {
        // as people read money: 3,000,000.00 (the column says 元)
        disbursed.put(fund.get("code").asText(), IntakeVocabulary.amountText(fund.get("disbursed").decimalValue()));
        left.put(fund.get("code").asText(), IntakeVocabulary.amountText(fund.get("left").decimalValue()));
      });
      assertThat(fundDisbursed).as("funds paid out in the period").isEqualTo(disbursed);
      assertThat(fundLeft).as("funds left").isEqualTo(left);
    }

    private static Map<String, String> counts(JsonNode object) {
      Map<String, String> counts = new LinkedHashMap<>();
      object.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asText()));
      return counts;
    }

    private static String raw(JsonNode node) {
      return node == null || node.isNull() ? "" : node.decimalValue().toPlainString();
    }

    /** The value as the tile writes it: 83.3% for a rate, 120 件 for a count, 1,185.63 万元 for money, — for none. */
    private static String shown(JsonNode value, String unit) {
      if (value == null || value.isNull()) {
        return "—";
      }
      BigDecimal decimal = value.decimalValue();
      if ("%".equals(unit)) {
        return decimal.multiply(BigDecimal.valueOf(100)).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
      }
      if ("元".equals(unit)) {
        // large sums in 万元 on the tiles: 11856300 → 1,185.63 万元
        return new java.text.DecimalFormat("#,##0.00", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT))
            .format(decimal.movePointLeft(4).setScale(2, RoundingMode.HALF_UP)) + " 万元";
      }
      return decimal.toPlainString() + " " + unit;
    }
  }
}
