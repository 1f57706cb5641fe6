package org.aidflow.cockpit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aidflow.cockpit.projection.CockpitRollup;
import org.aidflow.organisation.OrganisationService;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.support.ApplicationTest;
import org.aidflow.support.TestUnits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dashboard's pages as templates: what the data holds is escaped on every page (an attacker's unit name, channel,
 * region and case number), every page answers with the strict Content-Security-Policy, and the per-unit comparison
 * shows 匹配度 worked out by hand over a fixed data set of 2016 (a year no other test touches):
 * <pre>
 * case            unit          region  stage         verification
 * QBH-2016-7701   union-3307    330703  CLOSED        done
 * QBH-2016-7702   union-3307    330703  CLOSED        done
 * QBH-2016-7703   union-3307    330703  REFERRAL      done
 * QBH-2016-7704   union-330702  330702  VERIFICATION  due 2016-06-04, open (late)
 * QBH-2016-7705   union-3306    330602  CLOSED        done
 * targets 2016: casesReceived union-3307 4, union-330702 2, union-3306 5; closureRate union-3307 0.8
 * union-3307 (with 婺城区 below it): 4 received → 4 / 4 = 100.0 %; closed 2 of 4 = 0.5 → 0.5 / 0.8 = 62.5 %
 * union-330702: 1 → 1 / 2 = 50.0 %; union-3306: 1 → 1 / 5 = 20.0 %
 * </pre>
 */
class CockpitDashboardPagesIT extends ApplicationTest {

  private static final String ATTACK_UNIT = "civil-3310";
  private static final String ATTACK_NAME = "<script>alert(\"unit\")</script>'台州";
  private static final String ATTACK_CASE = "QBH<script>\"'&";
  private static final String ATTACK_CHANNEL = "<script>alert(\"ch\")</script>";
  private static final String ATTACK_REGION = "<i>'\"";
  private static final List<String> PAGES = List.of("/cockpit-dashboard?year=2016",
      "/cockpit-dashboard/overdue?step=verification&year=2016", "/cockpit-dashboard/units?year=2016");

  @Autowired JdbcTemplate jdbc;
  @Autowired CockpitRollup rollup;
  @Autowired OrganisationUnits units;
  @Autowired OrganisationService organisations;
  @LocalServerPort int port;

  @BeforeEach
  void fixedDataSet() {
    TestUnits.ensure(units, organisations, identityService);
    removeDataSet();
    caseRow("QBH-2016-7701", "union-3307", "330703", "window", "CLOSED", at("2016-03-01T10:00"), true);
    caseRow("QBH-2016-7702", "union-3307", "330703", "window", "CLOSED", at("2016-04-01T10:00"), true);
    caseRow("QBH-2016-7703", "union-3307", "330703", "online", "REFERRAL", at("2016-05-01T10:00"), true);
    caseRow("QBH-2016-7704", "union-330702", "330702", "online", "VERIFICATION", at("2016-06-01T10:00"), false);
    caseRow("QBH-2016-7705", "union-3306", "330602", "window", "CLOSED", at("2016-07-01T10:00"), true);
    target("union-3307", "casesReceived", "4");
    target("union-330702", "casesReceived", "2");
    target("union-3306", "casesReceived", "5");
    target("union-3307", "closureRate", "0.8");
    rollup.refill();
  }

  @AfterEach
  void removeDataSet() {
    jdbc.update("DELETE FROM cockpit_target WHERE target_year = 2016");
    jdbc.update("DELETE FROM cockpit_case WHERE case_number LIKE 'QBH-2016-77%' OR case_number = ?", ATTACK_CASE);
    jdbc.update("DELETE FROM organisation_unit WHERE code = ?", ATTACK_UNIT);
    rollup.refill();
  }

  @Test
  void theComparisonShowsEachVisibleUnitsActualTargetAndMatchingDegree() throws Exception {
    WebappSession.Page page = WebappSession.signIn(port, "supervisor").get("/cockpit-dashboard/units?year=2016");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("<h1>单位对比</h1>", "href=\"/cockpit-dashboard/projects\"");
    String cases = section(page, "casesReceived");
    assertRow(cases, "union-3307", "4", "4", "1.0000", "金华市总工会", "4 件", "100.0%");
    assertRow(cases, "union-330702", "1", "2", "0.5000", "婺城区总工会", "1 件", "50.0%");
    assertRow(cases, "union-3306", "1", "5", "0.2000", "绍兴市总工会", "1 件", "20.0%");
    // a unit without a target of its own: its figure, no 匹配度
    assertRow(cases, "union-330602", "0", "", "", "越城区总工会", "0 件", "—");
    // in the order of the region codes
    assertThat(cases.indexOf("data-unit=\"union-3306\"")).isLessThan(cases.indexOf("data-unit=\"union-330602\""));
    assertThat(cases.indexOf("data-unit=\"union-330602\"")).isLessThan(cases.indexOf("data-unit=\"union-3307\""));
    assertThat(cases.indexOf("data-unit=\"union-3307\"")).isLessThan(cases.indexOf("data-unit=\"union-330702\""));
    // the bar: full at 100 %, half at 50 %
    assertThat(row(cases, "union-3307")).contains("class=\"gauge-bar full\" width=\"160\"");
    assertThat(row(cases, "union-330702")).contains("class=\"gauge-bar\" width=\"80\"");
    // a rate: closed 2 of 4 = 50.0 % against 80.0 %
    assertRow(section(page, "closureRate"), "union-3307", "0.5000", "0.8", "0.6250", "金华市总工会", "50.0%", "62.5%");
    // an indicator no unit has a target for is not compared
    assertThat(page.body()).doesNotContain("data-comparison=\"wagesRecovered\"");

    // 金华's lead sees 金华 and 婺城区, not 绍兴 nor the province
    String jinhua = section(WebappSession.signIn(port, "union-3307-lead").get("/cockpit-dashboard/units?year=2016"),
        "casesReceived");
    assertRow(jinhua, "union-3307", "4", "4", "1.0000", "金华市总工会", "4 件", "100.0%");
    assertThat(jinhua).contains("data-unit=\"union-330702\"").doesNotContain("data-unit=\"union-3306\"",
        "data-unit=\"union-33\"", "data-unit=\"women-3307\"");
  }

  @Test
  void whatTheDataHoldsIsEscapedOnEveryPage() throws Exception {
    jdbc.update("INSERT INTO organisation_unit (code, type, region, name, parent, active, created_at)"
        + " VALUES (?, 'civil', '3310', ?, 'civil-33', TRUE, CURRENT_TIMESTAMP)", ATTACK_UNIT, ATTACK_NAME);
    caseRow(ATTACK_CASE, ATTACK_UNIT, ATTACK_REGION, ATTACK_CHANNEL, "VERIFICATION", at("2016-08-01T10:00"), false);
    rollup.refill();
    WebappSession session = WebappSession.signIn(port, "supervisor");

    for (String path : PAGES) {
      WebappSession.Page page = session.get(path);
      assertThat(page.status()).as(path).isEqualTo(200);
      assertThat(page.body().toLowerCase()).as(path).doesNotContain("<script", "<i>");
      assertThat(page.body()).as(path).doesNotContain("alert(\"", "QBH<", "'\"");
    }
    String dashboard = session.get(PAGES.get(0)).body();
    // the unit filter and the table per unit name it; the charts label the channel and the region
    assertThat(dashboard).contains("&lt;script&gt;alert(&quot;unit&quot;)&lt;/script&gt;&#39;台州",
        "&lt;script&gt;alert(&quot;ch&quot;)&lt;/script&gt;", "&lt;i&gt;&#39;&quot;",
        "data-unit=\"civil-3310\"");
    assertThat(session.get(PAGES.get(1)).body()).contains("data-case=\"QBH&lt;script&gt;&quot;&#39;&amp;\"",
        ">QBH&lt;script&gt;&quot;&#39;&amp;（演示数据，无流程实例）<");
    assertThat(session.get(PAGES.get(2)).body()).contains("&lt;script&gt;alert(&quot;unit&quot;)&lt;/script&gt;&#39;台州");
  }

  @Test
  void everyPageAnswersWithTheStrictPolicyAndItsOwnStyleSheet() throws Exception {
    WebappSession supervisor = WebappSession.signIn(port, "supervisor");
    List<WebappSession.Page> pages = new java.util.ArrayList<>();
    for (String path : PAGES) {
      pages.add(supervisor.get(path));
    }
    pages.add(supervisor.get("/cockpit-dashboard?region=abc"));
    pages.add(supervisor.get("/cockpit-dashboard/units?year=20x6"));
    pages.add(WebappSession.signIn(port, "union-3307-lead").get("/cockpit-dashboard?year=2016&org=women"));
    assertThat(pages).extracting(WebappSession.Page::status).containsExactly(200, 200, 200, 400, 400, 403);
    for (WebappSession.Page page : pages) {
      String policy = page.header("Content-Security-Policy");
      assertThat(policy).as("%d", page.status()).isNotNull().contains("default-src 'none'", "style-src 'self'",
          "frame-ancestors 'self'", "form-action 'self'", "base-uri 'none'").doesNotContain("unsafe", "script-src", "*");
      assertThat(page.header("Cache-Control")).isEqualTo("no-store");
      assertThat(page.header("Content-Type")).startsWith("text/html");
      // nothing the policy would block: no script, no inline style; the style sheet of the same origin
      assertThat(page.body().toLowerCase()).doesNotContain("<script", "<style", " style=", "javascript:")
          .doesNotContainPattern("\\son[a-z]+=")
          .contains("<link rel=\"stylesheet\" href=\"/cockpit-dashboard/dashboard.css\">");
    }
    WebappSession.Page css = WebappSession.anonymous(port).get("/cockpit-dashboard/dashboard.css");
    assertThat(css.status()).isEqualTo(200);
    assertThat(css.header("Content-Type")).startsWith("text/css");
    assertThat(css.body()).contains(".tile{");
    // signed out: to Cockpit's sign-in, for the comparison too
    WebappSession.Page anonymous = WebappSession.anonymous(port).get("/cockpit-dashboard/units");
    assertThat(anonymous.status()).isEqualTo(302);
    assertThat(anonymous.header("Location")).endsWith("/camunda/app/cockpit/default/");
  }

  // ------------------------------------------------------------------ helpers

  /** The comparison's section of one indicator. */
  private static String section(WebappSession.Page page, String indicator) {
    Matcher section = Pattern.compile("<section[^>]*data-comparison=\"" + indicator + "\".*?</section>", Pattern.DOTALL)
        .matcher(page.body());
    assertThat(section.find()).as("section " + indicator).isTrue();
    return section.group();
  }

  private static String row(String section, String unit) {
    Matcher row = Pattern.compile("<tr[^>]*data-unit=\"" + unit + "\".*?</tr>", Pattern.DOTALL).matcher(section);
    assertThat(row.find()).as("row of " + unit).isTrue();
    return row.group();
  }

  private static void assertRow(String section, String unit, String value, String target, String degree,
      String... shown) {
    String row = row(section, unit);
    WebappSession.Page cells = new WebappSession.Page(200, row, null);
    String marker = "data-unit=\"" + unit + "\"";
    assertThat(cells.attribute(marker, "data-value")).as(unit + " value").isEqualTo(value);
    assertThat(cells.attribute(marker, "data-target")).as(unit + " target").isEqualTo(target);
    assertThat(cells.attribute(marker, "data-matching-degree")).as(unit + " 匹配度")
        .isEqualTo(degree);
    assertThat(row).as(unit).contains(shown);
  }

  private void target(String unit, String indicator, String target) {
    jdbc.update("INSERT INTO cockpit_target (target_year, unit, indicator, target, updated_by, updated_at)"
        + " VALUES (2016, ?, ?, CAST(? AS NUMERIC), 'it', CURRENT_TIMESTAMP)", unit, indicator, target);
  }

  private void caseRow(String caseNumber, String unit, String region, String channel, String stage,
      Timestamp received, boolean verified) {
    String org = unit.substring(0, unit.indexOf('-'));
    Timestamp due = Timestamp.valueOf(received.toLocalDateTime().plusDays(3));
    jdbc.update("INSERT INTO cockpit_case (case_number, person_hash, intake_org, channel, region, categories,"
            + " new_employment_form, urgent, stage, received_at, received_month, verification_due_at,"
            + " verification_done_at, closure_reason, closed_at, synthetic, updated_at, unit)"
            + " VALUES (?, ?, ?, ?, ?, 'living', FALSE, FALSE, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?)",
        caseNumber, "it-person-" + caseNumber, org, channel, region, stage, received,
        received.toLocalDateTime().toString().substring(0, 7), due, verified ? received : null,
        "CLOSED".equals(stage) ? "RESOLVED" : null, "CLOSED".equals(stage) ? received : null, received, unit);
  }

  private static Timestamp at(String chinaTime) {
    return Timestamp.from(LocalDateTime.parse(chinaTime).atZone(AidFlowConfiguration.ZONE).toInstant());
  }
}
