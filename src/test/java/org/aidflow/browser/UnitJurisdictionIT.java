package org.aidflow.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.aidflow.support.EmbeddedDatabase;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Jurisdiction in a real browser, on the demo as it starts (docs/organisation-units.md): Hangzhou's and Ningbo's units
 * with their logins ({@code DemoUnits}), the six demo cases spread over them and the synthetic cockpit history. A
 * district's worker (西湖区) finds the district's task in Tasklist and not the sibling district's (上城区); Hangzhou's
 * union lead sees Hangzhou's units in the dashboard (驾驶舱), not Ningbo's, and may narrow it to one district.
 *
 * <p>The demo's units would take the other application tests' applicants (Hangzhou) from the province units their
 * users belong to, so this test runs the application on a database of its own, with the demo units on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "postgres"})
class UnitJurisdictionIT {

  private static final String DATABASE = "aidflow_demo_units";

  @RegisterExtension
  static final Browser browser = new Browser();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired TaskService taskService;
  @Autowired IdentityService identityService;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("DB_URL", () -> EmbeddedDatabase.createDatabase(DATABASE, DATABASE, "demo"));
    registry.add("DB_USER", () -> DATABASE);
    registry.add("DB_PASSWORD", () -> "demo");
    registry.add("aidflow.demo.units", () -> "true");
    registry.add("aidflow.demo.cockpit-history-cases", () -> "1500");
    // the demo's 56 logins are created at start-up, each password hashed: with PBKDF2's 10,000 iterations instead of
    // 210,000 that takes a second instead of half a minute; the hashing is LoginsIT's to test
    registry.add("aidflow.login.hash-iterations", () -> "10000");
  }

  @Test
  void aDistrictWorkerSeesTheDistrictsTaskAndACityLeadTheCitysUnitsOnly() {
    browser.at("http://localhost:" + port);
    // the demo's rider of 西湖区 waits for 西湖区's union to accept the referral; 上城区's case for its verification
    String westLake = caseOf("union-330106");
    String shangcheng = caseOf("union-330102");
    String acceptance = "接收转介 · " + westLake;
    String siblingTask = "核实求助情况 · " + shangcheng;
    assertThat(taskCount("union-330106-worker", shangcheng)).as("the sibling district's task, by the engine").isZero();
    assertThat(taskCount("union-330102-worker", shangcheng)).isOne();

    browser.logIn("tasklist", "union-330106-worker");
    browser.openFilter("西湖区总工会待办");
    List<String> titles = taskTitles(acceptance);
    assertThat(titles).contains(acceptance).doesNotContain(siblingTask);
    // 上城区's worker sees its own verification, not 西湖区's referral
    browser.logIn("tasklist", "union-330102-worker");
    browser.openFilter("上城区总工会待办");
    assertThat(taskTitles(siblingTask)).contains(siblingTask).doesNotContain(acceptance);

    browser.logIn("cockpit", "union-3301-lead");
    browser.open("/cockpit-dashboard");
    browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#per-unit tr[data-unit]")));
    List<String> units = shownUnits();
    assertThat(units).contains("union-330106", "union-330102", "union-3301")
        .doesNotContain("union-3302", "union-330212", "union-33", "women-3301");
    Select unitFilter = new Select(browser.driver().findElement(By.id("filter-unit")));
    List<String> choices = unitFilter.getOptions().stream().map(WebElement::getText).toList();
    assertThat(choices).contains("全部可见单位", "杭州市总工会", "西湖区总工会")
        .noneMatch(choice -> choice.contains("宁波") || choice.contains("鄞州") || choice.contains("浙江省"));

    unitFilter.selectByValue("union-330106");
    browser.driver().findElement(By.cssSelector("#filters button[type='submit']")).click();
    browser.await(d -> d.getCurrentUrl().contains("unit=union-330106") ? true : null);
    browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#per-unit tr[data-unit]")));
    assertThat(shownUnits()).containsExactly("union-330106");

    // Ningbo's lead sees Ningbo's, not Hangzhou's
    browser.logIn("cockpit", "union-3302-lead");
    browser.open("/cockpit-dashboard");
    browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#per-unit tr[data-unit]")));
    assertThat(shownUnits()).contains("union-330212").doesNotContain("union-330106", "union-330102", "union-3301");
  }

  /** The case number of the demo case whose intake unit is the unit. */
  private String caseOf(String unit) {
    return jdbc.queryForObject("SELECT case_number FROM aid_case WHERE intake_unit = ? ORDER BY created_at LIMIT 1",
        String.class, unit);
  }

  /** The tasks of the case the user may see, as the engine answers them (Tasklist's own check). */
  private long taskCount(String user, String caseNumber) {
    List<String> groups = identityService.createGroupQuery().groupMember(user).list().stream().map(Group::getId)
        .toList();
    identityService.setAuthentication(user, groups);
    try {
      return taskService.createTaskQuery().processInstanceBusinessKey(caseNumber).count();
    } finally {
      identityService.clearAuthentication();
    }
  }

  /** The titles of the task list once it shows the expected task. */
  private List<String> taskTitles(String expected) {
    return browser.await(d -> {
      List<String> titles = d.findElements(By.cssSelector("li.task h4.task a")).stream()
          .map(a -> a.getText().trim()).toList();
      return titles.contains(expected) ? titles : null;
    });
  }

  private List<String> shownUnits() {
    return browser.driver().findElements(By.cssSelector("#per-unit tr[data-unit]")).stream()
        .map(row -> row.getDomAttribute("data-unit")).toList();
  }
}
