package org.aidflow.cockpit.report;

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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The project view of the dashboard (/cockpit-dashboard/projects, docs/projects.md) as a signed-in city lead reads
 * it: target, actual and 匹配度 per unit, an SVG bar as wide as 匹配度, the project's name escaped; a sibling
 * city's lead is refused, a visitor sent to sign in.
 */
class ProjectViewIT extends ApplicationTest {

  private static final int YEAR = LocalDate.now(org.aidflow.shared.AidFlowConfiguration.ZONE).getYear();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired OrganisationUnits units;
  @Autowired OrganisationService organisations;

  @BeforeEach
  void dataSet() {
    TestUnits.ensure(units, organisations, identityService);
    remove();
    jdbc.update("INSERT INTO aid_case (case_number, process_instance_id, id_number_hash, intake_org, channel, urgent,"
        + " status, created_at, region, intake_unit) VALUES ('QBH-1998-600001', 'it-pv-instance', 'it-pv-person',"
        + " 'union', 'window', FALSE, 'OPEN', CURRENT_TIMESTAMP, '330703', 'union-3307')");
    jdbc.update("INSERT INTO project (code, name, owning_unit, project_type, service, starts_on, ends_on, budget,"
        + " eligibility_decision, status, created_by, created_at) VALUES ('it-pv-legal', ?, 'union-3307',"
        + " 'SERVICE_PROGRAMME', 'legal-aid', ?, ?, 250000, 'projectLegalServicesEligibility', 'ACTIVE', 'it',"
        + " CURRENT_TIMESTAMP)", "金华<script>alert(1)</script>法律服务", java.sql.Date.valueOf(LocalDate.of(YEAR, 1, 1)),
        java.sql.Date.valueOf(LocalDate.of(YEAR, 12, 31)));
    jdbc.update("INSERT INTO project_unit (project, unit) VALUES ('it-pv-legal', 'union-3307')");
    jdbc.update("INSERT INTO project_target (project, unit, indicator, target, updated_by, updated_at)"
        + " VALUES ('it-pv-legal', 'union-3307', 'legalServicesDelivered', ?, 'it', CURRENT_TIMESTAMP)",
        new BigDecimal("4"));
    jdbc.update("INSERT INTO service_order (case_number, referral_id, item, service, referring_unit, region, status,"
        + " attempts, delivered_on, created_at, updated_at, project) VALUES ('QBH-1998-600001', 1998601, 'service-1',"
        + " 'legal-aid', 'union-3307', '330703', 'DELIVERED', 1, CURRENT_DATE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP,"
        + " 'it-pv-legal')");
  }

  @AfterEach
  void remove() {
    jdbc.update("DELETE FROM service_order WHERE case_number = 'QBH-1998-600001'");
    jdbc.update("DELETE FROM project_target WHERE project = 'it-pv-legal'");
    jdbc.update("DELETE FROM project_unit WHERE project = 'it-pv-legal'");
    jdbc.update("DELETE FROM project WHERE code = 'it-pv-legal'");
    jdbc.update("DELETE FROM aid_case WHERE case_number = 'QBH-1998-600001'");
  }

  @Test
  void aCityLeadReadsTargetActualAndMatchingDegree() throws Exception {
    WebappSession lead = WebappSession.signIn(port, "union-3307-lead");
    for (String path : new String[] {"/cockpit-dashboard/projects?year=" + YEAR, "/cockpit-dashboard/projects/it-pv-legal"}) {
      WebappSession.Page page = lead.get(path);
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      String row = row(page.body(), "data-unit=\"union-3307\" data-indicator=\"legalServicesDelivered\"");
      assertThat(row).contains("4 次").contains("1 次").contains("25%");
      // the bar: 25 % of the full 200
      assertThat(row).contains("width=\"50\"");
      assertThat(page.body()).contains("25.00 万元"); // the budget, in 万元
      assertThat(page.body()).doesNotContain("<script>").contains("&lt;script&gt;");
      assertThat(page.body()).contains("href=\"/cockpit-dashboard\"");
    }
    assertThat(WebappSession.signIn(port, "union-3306-lead").get("/cockpit-dashboard/projects/it-pv-legal").status())
        .isEqualTo(403);
    assertThat(WebappSession.signIn(port, "union-3307-worker", "tasklist").get("/cockpit-dashboard/projects").status())
        .isEqualTo(403);
    assertThat(WebappSession.anonymous(port).get("/cockpit-dashboard/projects").status()).isEqualTo(302);
    assertThat(lead.get("/cockpit-dashboard/projects?year=20x6").status()).isEqualTo(400);
  }

  private static String row(String body, String marker) {
    int start = body.indexOf(marker);
    assertThat(start).as("row " + marker).isGreaterThanOrEqualTo(0);
    return body.substring(start, body.indexOf("</tr>", start));
  }
}
