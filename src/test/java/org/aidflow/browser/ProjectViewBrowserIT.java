package org.aidflow.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.aidflow.organisation.OrganisationService;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.support.ApplicationTest;
import org.aidflow.support.TestUnits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A city lead (金华市总工会's supervisor; the tests' city, the demo's Hangzhou units being off in tests) signs in to
 * Cockpit, opens the project view of the dashboard and reads target, actual and 匹配度 of a service programme with
 * 3 of 12 legal services delivered (25%).
 */
class ProjectViewBrowserIT extends ApplicationTest {

  @RegisterExtension
  static final Browser browser = new Browser();

  private static final int YEAR = LocalDate.now(org.aidflow.shared.AidFlowConfiguration.ZONE).getYear();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired OrganisationUnits units;
  @Autowired OrganisationService organisations;

  @BeforeEach
  void dataSet() {
    TestUnits.ensure(units, organisations, identityService);
    remove();
    jdbc.update("INSERT INTO project (code, name, owning_unit, project_type, service, starts_on, ends_on, budget,"
        + " eligibility_decision, status, created_by, created_at) VALUES ('it-pb-legal', '金华新就业形态劳动者法律服务',"
        + " 'union-3307', 'SERVICE_PROGRAMME', 'legal-aid', ?, ?, 80000, 'projectLegalServicesEligibility', 'ACTIVE',"
        + " 'it', CURRENT_TIMESTAMP)", java.sql.Date.valueOf(LocalDate.of(YEAR, 1, 1)),
        java.sql.Date.valueOf(LocalDate.of(YEAR, 12, 31)));
    jdbc.update("INSERT INTO project_unit (project, unit) VALUES ('it-pb-legal', 'union-3307')");
    jdbc.update("INSERT INTO project_target (project, unit, indicator, target, updated_by, updated_at)"
        + " VALUES ('it-pb-legal', 'union-3307', 'legalServicesDelivered', ?, 'it', CURRENT_TIMESTAMP)",
        new BigDecimal("12"));
    for (int n = 1; n <= 3; n++) {
      jdbc.update("INSERT INTO service_order (case_number, referral_id, item, service, referring_unit, region, status,"
          + " attempts, delivered_on, created_at, updated_at, project) VALUES (?, ?, 'service-1', 'legal-aid',"
          + " 'union-3307', '330703', 'DELIVERED', 1, CURRENT_DATE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP,"
          + " 'it-pb-legal')", "QBH-1997-50000" + n, 1997500L + n);
    }
  }

  @AfterEach
  void remove() {
    jdbc.update("DELETE FROM service_order WHERE project = 'it-pb-legal'");
    jdbc.update("DELETE FROM project_target WHERE project = 'it-pb-legal'");
    jdbc.update("DELETE FROM project_unit WHERE project = 'it-pb-legal'");
    jdbc.update("DELETE FROM project WHERE code = 'it-pb-legal'");
  }

  @Test
  void aCityLeadReadsTargetActualAndMatchingDegreeOfAProject() {
    browser.at("http://localhost:" + port);
    browser.logIn("cockpit", "union-3307-lead");
    // from the dashboard's overview to its 项目 page (this year's projects)
    browser.driver().get("http://localhost:" + port + "/cockpit-dashboard");
    browser.driver().findElement(By.id("nav-projects")).click();
    assertThat(browser.driver().getCurrentUrl()).endsWith("/cockpit-dashboard/projects");

    WebElement project = browser.driver().findElement(By.cssSelector("section[data-project='it-pb-legal']"));
    assertThat(project.findElement(By.tagName("h2")).getText()).isEqualTo("金华新就业形态劳动者法律服务");
    WebElement row = project.findElement(By.cssSelector(
        "table.totals tr[data-indicator='legalServicesDelivered']"));
    assertThat(row.findElement(By.cssSelector("td.target")).getText()).isEqualTo("12 次");
    assertThat(row.findElement(By.cssSelector("td.actual")).getText()).isEqualTo("3 次");
    assertThat(row.findElement(By.cssSelector("td.match")).getText()).isEqualTo("25%");
    WebElement unitRow = project.findElement(By.cssSelector(
        "table.units tr[data-unit='union-3307'][data-indicator='legalServicesDelivered']"));
    assertThat(unitRow.findElement(By.cssSelector("td.match")).getText()).isEqualTo("25%");

    // the project's own page, and back to the dashboard by its link
    project.findElement(By.cssSelector("h2 a")).click();
    assertThat(browser.driver().getCurrentUrl()).endsWith("/cockpit-dashboard/projects/it-pb-legal");
    assertThat(browser.driver().findElement(By.cssSelector("table.totals td.match")).getText()).isNotBlank();
  }
}
