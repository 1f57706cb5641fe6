package org.aidflow.cockpit.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.aidflow.cockpit.projection.CockpitProjections;
import org.aidflow.cockpit.projection.CockpitRollup;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.support.ApplicationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The cockpit's figures over a small fixed data set of 2019 (a year no other test touches), each compared with the
 * figure worked out by hand in the comments, and who may see them.
 *
 * <pre>
 * case  org    channel        region  categories             form           person stage         closure      aid  days sat
 * 01    union  window         330106  living,wage-arrears    delivery-rider P1     CLOSED        RESOLVED     yes  10   5
 * 02    union  online         330106  medical                none           P2     CLOSED        IMPROVED     yes  20   3
 * 03    women  hotline-12338  330205  domestic-violence      none           P1     REFERRAL      -            no
 * 04    union  grid-referral  330106  education,living       courier        P3     VERIFICATION  -            no
 * 05    youth  hotline-12355  330302  psychological          live-streamer  P4     CLOSED        NOT_ELIGIBLE no
 * 06    union  window         330106  living                 none           P5     CLOSED        RESOLVED     yes  2    4
 * verification: 01 on time, 02 late (escalated), 03 on time, 04 due 2019-08-23 and still open, 05 and 06 on time
 * referrals: R1 union (01) all on time, 1000 paid, 6000 wages; R2 union (02) on time, 500 paid; R2b civil (02)
 * declined late; R3 women (03) acceptance due 2019-04-04, still open, escalated; R6 union (06) plan late, 2000 paid
 * </pre>
 */
class CockpitIndicatorsIT extends ApplicationTest {

  /** Reads decimals as sent, trailing zeros included (2 decimals for amounts, 4 for rates). */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
  private static final int YEAR = 2019;

  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired CockpitRollup rollup;
  @org.springframework.boot.test.web.server.LocalServerPort int port;

  @BeforeEach
  void fixedDataSet() {
    removeDataSet();
    caseRow("01", "union", "window", "330106", "living,wage-arrears", "delivery-rider", "P1", "CLOSED", "RESOLVED",
        at("2019-03-05T10:00"), at("2019-03-08T10:00"), at("2019-03-07T10:00"), false, at("2019-03-15T10:00"), 5);
    caseRow("02", "union", "online", "330106", "medical", "none", "P2", "CLOSED", "IMPROVED",
        at("2019-03-20T10:00"), at("2019-03-23T10:00"), at("2019-03-25T10:00"), true, at("2019-04-09T10:00"), 3);
    caseRow("03", "women", "hotline-12338", "330205", "domestic-violence", "none", "P1", "REFERRAL", null,
        at("2019-04-02T10:00"), at("2019-04-03T10:00"), at("2019-04-03T09:00"), false, null, null);
    caseRow("04", "union", "grid-referral", "330106", "education,living", "courier", "P3", "VERIFICATION", null,
        at("2019-08-20T10:00"), at("2019-08-23T10:00"), null, false, null, null);
    caseRow("05", "youth", "hotline-12355", "330302", "psychological", "live-streamer", "P4", "CLOSED", "NOT_ELIGIBLE",
        at("2019-09-10T10:00"), at("2019-09-11T10:00"), at("2019-09-10T15:00"), false, null, null);
    caseRow("06", "union", "window", "330106", "living", "none", "P5", "CLOSED", "RESOLVED",
        at("2019-09-15T10:00"), at("2019-09-18T10:00"), at("2019-09-16T10:00"), false, at("2019-09-17T10:00"), 4);
    referral(990001, "01", "union", "DELIVERED", at("2019-03-10T10:00"), at("2019-03-09T10:00"), false,
        at("2019-03-14T10:00"), at("2019-03-12T10:00"), at("2019-03-20T10:00"), at("2019-03-15T10:00"), "1000", "6000");
    referral(990002, "02", "union", "DELIVERED", at("2019-03-27T10:00"), at("2019-03-26T10:00"), false,
        at("2019-04-02T10:00"), at("2019-04-01T10:00"), at("2019-04-15T10:00"), at("2019-04-09T10:00"), "500", null);
    referral(990003, "02", "civil", "DECLINED", at("2019-03-27T10:00"), at("2019-03-28T10:00"), false,
        null, null, null, null, "0", null);
    referral(990004, "03", "women", "OPEN", at("2019-04-04T10:00"), null, true, null, null, null, null, "0", null);
    referral(990006, "06", "union", "DELIVERED", at("2019-09-17T10:00"), at("2019-09-16T10:00"), false,
        at("2019-09-16T10:00"), at("2019-09-17T10:00"), at("2019-09-20T10:00"), at("2019-09-17T10:00"), "2000", null);
    jdbc.update("INSERT INTO fund (code, fund_year, org, unit, name, budget) VALUES ('union-it-2019', 2019, 'union',"
        + " 'union-33', '困难帮扶金', 10000), ('women-it-2019', 2019, 'women', 'women-33', '维权援助金', 5000)");
    ledger(990001, "RESERVE", "1000", at("2019-03-12T10:00"));
    ledger(990001, "DISBURSE", "1000", at("2019-03-15T10:00"));
    ledger(990002, "RESERVE", "500", at("2019-04-01T10:00"));
    ledger(990002, "DISBURSE", "500", at("2019-04-09T10:00"));
    ledger(990006, "RESERVE", "2000", at("2019-09-17T09:00"));
    ledger(990006, "DISBURSE", "2000", at("2019-09-17T10:00"));
    ledger(990006, "RESERVE", "300", at("2019-09-17T09:00"));
    ledger(990006, "RELEASE", "300", at("2019-09-17T10:00"));
    // the province union's targets (a province unit's target covers its organisation), read from the table
    jdbc.update("INSERT INTO cockpit_target (target_year, unit, indicator, target, updated_by, updated_at) VALUES"
        + " (2019, 'union-33', 'casesReceived', 5, 'it', CURRENT_TIMESTAMP),"
        + " (2019, 'union-33', 'closureRate', 0.8, 'it', CURRENT_TIMESTAMP),"
        + " (2019, 'union-33', 'newEmploymentWorkersServed', 2, 'it', CURRENT_TIMESTAMP)");
    // the rows above are written around the projection listeners, as the synthetic rows are: count them in
    rollup.refill();
  }

  @AfterEach
  void removeDataSet() {
    jdbc.update("DELETE FROM cockpit_target WHERE target_year = 2019");
    jdbc.update("DELETE FROM ledger_entry WHERE fund_year = 2019");
    jdbc.update("DELETE FROM fund WHERE fund_year = 2019");
    jdbc.update("DELETE FROM cockpit_case WHERE case_number LIKE 'QBH-2019-9900%'");
    rollup.refill();
  }

  @Test
  void everyFigureOfTheYearForTheCrossOrganisationSupervisors() throws Exception {
    JsonNode report = indicators("supervisor", "year=2019");

    JsonNode figures = report.get("indicators");
    assertFigure(figures, "casesReceived", "6", "5", "1.2000");
    assertFigure(figures, "openCases", "2", null, null);
    // 04's verification (due 2019-08-23) and R3's acceptance (due 2019-04-04) are late now
    assertFigure(figures, "overdueSteps", "2", null, null);
    // closed 01, 02, 05, 06 of 6; 0.6667 / 0.8 = 0.833375
    assertFigure(figures, "closureRate", "0.6667", "0.8", "0.8334");
    // closed with aid delivered: 01, 02, 06; RESOLVED among them: 01, 06
    assertFigure(figures, "resolutionRate", "0.6667", null, null);
    // days to first delivery 2, 10, 20: median 10, p90 = 10 + 0.8 × (20 − 10)
    assertFigure(figures, "medianDaysToFirstDelivery", "10.00", null, null);
    assertFigure(figures, "p90DaysToFirstDelivery", "18.00", null, null);
    // aid delivered to P1 (01), P2 (02), P5 (06); P1's second case 03 has none yet
    assertFigure(figures, "distinctBeneficiaries", "3", null, null);
    assertFigure(figures, "cashDisbursed", "3500.00", null, null);
    assertFigure(figures, "averageSatisfaction", "4.00", null, null);
    assertFigure(figures, "wagesRecovered", "6000.00", null, null);
    // new-employment-form workers with aid delivered: the rider of 01 (the courier of 04 and the streamer of 05 got none)
    assertFigure(figures, "newEmploymentWorkersServed", "1", "2", "0.5000");
    assertFigure(figures, "verificationOnTimeRate", "0.8000", null, null);
    assertFigure(figures, "acceptanceOnTimeRate", "0.7500", null, null);
    assertFigure(figures, "planOnTimeRate", "0.6667", null, null);
    assertFigure(figures, "deliveryOnTimeRate", "1.0000", null, null);

    assertSteps(report.get("steps").get("verification"), 1, 1, 5, 4);
    assertSteps(report.get("steps").get("acceptance"), 1, 1, 4, 3);
    assertSteps(report.get("steps").get("plan"), 0, 0, 3, 2);
    assertSteps(report.get("steps").get("delivery"), 0, 0, 3, 3);

    assertThat(counts(report.get("openByStage"))).containsExactly(Map.entry("INTAKE", 0L),
        Map.entry("VERIFICATION", 1L), Map.entry("REFERRAL", 1L), Map.entry("SUPERVISOR_DECISION", 0L),
        Map.entry("FOLLOW_UP", 0L));
    JsonNode received = report.get("received");
    assertThat(counts(received.get("byMonth"))).containsExactly(Map.entry("2019-03", 2L), Map.entry("2019-04", 1L),
        Map.entry("2019-08", 1L), Map.entry("2019-09", 2L));
    assertThat(counts(received.get("byChannel"))).containsExactly(Map.entry("grid-referral", 1L),
        Map.entry("hotline-12338", 1L), Map.entry("hotline-12355", 1L), Map.entry("online", 1L),
        Map.entry("window", 2L));
    assertThat(counts(received.get("byCategory"))).containsExactly(Map.entry("domestic-violence", 1L),
        Map.entry("education", 1L), Map.entry("living", 3L), Map.entry("medical", 1L), Map.entry("psychological", 1L),
        Map.entry("wage-arrears", 1L));
    assertThat(counts(received.get("byOrg"))).containsExactly(Map.entry("union", 4L), Map.entry("women", 1L),
        Map.entry("youth", 1L));
    assertThat(counts(received.get("byRegion"))).containsExactly(Map.entry("330106", 4L), Map.entry("330205", 1L),
        Map.entry("330302", 1L));

    // union: budget 10000 less 1000 + 500 + 2000 paid (the 300 reserved was released); women: untouched
    JsonNode funds = report.get("funds");
    assertThat(funds).hasSize(2);
    assertFund(funds.get(0), "union", "union-it-2019", "10000.00", "3500.00", "6500.00");
    assertFund(funds.get(1), "women", "women-it-2019", "5000.00", "0", "5000.00");
  }

  @Test
  void anOrganisationsSupervisorsSeeTheirOwnCasesAndReferralsOnly() throws Exception {
    JsonNode report = indicators("union-lead", "year=2019");

    JsonNode figures = report.get("indicators");
    // union's cases 01, 02, 04, 06
    assertFigure(figures, "casesReceived", "4", "5", "0.8000");
    assertFigure(figures, "openCases", "1", null, null);
    assertFigure(figures, "overdueSteps", "1", null, null);
    assertFigure(figures, "closureRate", "0.7500", "0.8", "0.9375");
    assertFigure(figures, "resolutionRate", "0.6667", null, null);
    assertFigure(figures, "distinctBeneficiaries", "3", null, null);
    // union's referrals R1, R2, R6 (civil's declined R2b is not theirs)
    assertFigure(figures, "cashDisbursed", "3500.00", null, null);
    assertFigure(figures, "acceptanceOnTimeRate", "1.0000", null, null);
    assertFigure(figures, "verificationOnTimeRate", "0.6667", null, null);
    assertSteps(report.get("steps").get("verification"), 1, 1, 3, 2);
    assertThat(counts(report.get("received").get("byOrg"))).containsExactly(Map.entry("union", 4L));
    assertThat(report.get("funds")).hasSize(1);
    assertThat(report.get("funds").get(0).get("code").asText()).isEqualTo("union-it-2019");
  }

  @Test
  void aRegionAndAMonthRangeNarrowTheCases() throws Exception {
    // Ningbo (3302): only 03, whose acceptance is late
    JsonNode ningbo = indicators("supervisor", "year=2019&region=3302");
    assertFigure(ningbo.get("indicators"), "casesReceived", "1", "5", "0.2000");
    assertSteps(ningbo.get("steps").get("acceptance"), 1, 1, 0, 0);
    assertThat(ningbo.get("indicators").get("acceptanceOnTimeRate").get("value").isNull()).isTrue();

    // March and April: 01, 02, 03
    JsonNode spring = indicators("supervisor", "from=2019-03&to=2019-04");
    assertFigure(spring.get("indicators"), "casesReceived", "3", "5", "0.6000");
    assertThat(counts(spring.get("received").get("byMonth"))).containsExactly(Map.entry("2019-03", 2L),
        Map.entry("2019-04", 1L));
    // across two years there is no one year's target
    JsonNode twoYears = indicators("supervisor", "from=2019-09&to=2020-02");
    assertFigure(twoYears.get("indicators"), "casesReceived", "2", null, null);
  }

  @Test
  void theOverdueCountsDrillDownToTheLateCases() throws Exception {
    JsonNode verification = JSON.readTree(get("supervisor", "/api/cockpit/overdue?step=verification&year=2019")
        .getBody());
    assertThat(verification).hasSize(1);
    assertThat(verification.get(0).get("caseNumber").asText()).isEqualTo("QBH-2019-990004");
    assertThat(verification.get(0).get("org").asText()).isEqualTo("union");
    assertThat(verification.get(0).get("dueAt").asText()).isEqualTo("2019-08-23T10:00:00");
    JsonNode acceptance = JSON.readTree(get("supervisor", "/api/cockpit/overdue?step=acceptance&year=2019")
        .getBody());
    assertThat(acceptance).hasSize(1);
    assertThat(acceptance.get(0).get("caseNumber").asText()).isEqualTo("QBH-2019-990003");
    assertThat(acceptance.get(0).get("org").asText()).isEqualTo("women");
    assertThat(JSON.readTree(get("union-lead", "/api/cockpit/overdue?step=acceptance&year=2019").getBody()))
        .as("women's late referral is not union's").isEmpty();
  }

  @Test
  void theMonthlyReportOpensInExcelWithChineseHeaders() {
    ResponseEntity<byte[]> csv = http.withBasicAuth("supervisor", "demo")
        .exchange("/api/cockpit/indicators.csv?year=2019", HttpMethod.GET, null, byte[].class);

    assertThat(csv.getStatusCode().value()).isEqualTo(200);
    assertThat(csv.getHeaders().getContentType().isCompatibleWith(MediaType.parseMediaType("text/csv"))).isTrue();
    byte[] body = csv.getBody();
    assertThat(new byte[] {body[0], body[1], body[2]}).containsExactly(0xEF, 0xBB, 0xBF);
    String text = new String(body, StandardCharsets.UTF_8).substring(1);
    assertThat(text.lines().findFirst()).contains("类别,项目,数值,单位,目标,匹配度");
    assertThat(text.lines()).contains("核心指标,受理案件数,6,件,5,1.2000", "核心指标,结案率,0.6667,%,0.8,0.8334",
        "核心指标,脱困率,0.6667,%,,", "受理（按月）,2019-09,2,件,,", "超期环节,核实（当前超期）,1,个,,",
        "资金（剩余可用）,总工会 困难帮扶金（2019）,6500.00,元,,");
  }

  @ParameterizedTest(name = "{0} asking {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      supervisor    | year=2019            | 200
      supervisor    | year=2019&org=women  | 200
      union-lead    | year=2019            | 200
      union-lead    | year=2019&org=union  | 200
      union-lead    | year=2019&org=women  | 403
      women-lead    | year=2019&org=union  | 403
      union-worker  | year=2019            | 403
      intake        | year=2019            | 403
      designer      | year=2019            | 403
      admin         | year=2019            | 403
      """)
  void onlySupervisorsSeeTheCockpitAndAnOrganisationOnlyItsOwn(String user, String query, int status) {
    assertThat(get(user, "/api/cockpit/indicators?" + query).getStatusCode().value()).isEqualTo(status);
    assertThat(http.withBasicAuth(user, "demo").exchange("/api/cockpit/indicators.csv?" + query, HttpMethod.GET,
        null, byte[].class).getStatusCode().value()).isEqualTo(status);
  }

  @Test
  void withoutCredentialsTheApiAsksForThem() {
    assertThat(http.getForEntity("/api/cockpit/indicators", String.class).getStatusCode().value()).isEqualTo(401);
  }

  @ParameterizedTest(name = "{0} -> 400 naming {1}")
  @CsvSource(delimiter = '|', textBlock = """
      /api/cockpit/indicators?year=19                 | year
      /api/cockpit/indicators?year=2019&from=2019-01  | year
      /api/cockpit/indicators?org=unions              | org
      /api/cockpit/indicators?region=33a1             | region
      /api/cockpit/indicators?region=3301061          | region
      /api/cockpit/indicators?from=2019-13            | from
      /api/cockpit/indicators?from=2019-05&to=2019-04 | to
      /api/cockpit/indicators?from=2010-01&to=2019-04 | to
      /api/cockpit/indicators.csv?to=april            | to
      /api/cockpit/overdue?step=approval              | step
      """)
  void badFilterValuesAreRefusedNamingTheParameter(String path, String parameter) throws Exception {
    ResponseEntity<String> answer = get("supervisor", path);

    assertThat(answer.getStatusCode().value()).isEqualTo(400);
    assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
    assertThat(JSON.readTree(answer.getBody()).get("parameter").asText()).isEqualTo(parameter);
  }

  @Test
  void onlyAdministratorsRebuildTheProjectionsAndSyntheticRowsSurvive() throws Exception {
    assertThat(http.withBasicAuth("supervisor", "demo").postForEntity("/api/cockpit/projections/rebuild", null,
        String.class).getStatusCode().value()).isEqualTo(403);

    ResponseEntity<String> rebuilt = http.withBasicAuth("admin", "demo").postForEntity(
        "/api/cockpit/projections/rebuild", null, String.class);

    assertThat(rebuilt.getStatusCode().value()).isEqualTo(200);
    int registered = jdbc.queryForObject("SELECT COUNT(*) FROM aid_case", Integer.class);
    JsonNode outcome = JSON.readTree(rebuilt.getBody());
    int rebuiltCases = outcome.get("rebuiltCases").asInt();
    // cases whose history is gone are named, not guessed
    assertThat(rebuiltCases + outcome.get("skippedCases").size()).isEqualTo(registered);
    assertThat(rebuiltCases).isPositive();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cockpit_case WHERE synthetic = FALSE", Integer.class))
        .isEqualTo(rebuiltCases);
    assertFigure(indicators("supervisor", "year=2019").get("indicators"), "casesReceived", "6", "5", "1.2000");
  }

  @Test
  void aRebuildAskedForWhileAnotherRunsIsRefusedAndChangesNothing() throws Exception {
    // another node's rebuild, its heartbeat fresh
    java.sql.Timestamp now = new java.sql.Timestamp(System.currentTimeMillis());
    jdbc.update("UPDATE cockpit_rebuild_claim SET claim_token = 'another-node', claimed_by = 'ops-admin',"
        + " claimed_at = ?, heartbeat_at = ? WHERE id = 1", now, now);
    try {
      String rows = "SELECT case_number, stage, updated_at FROM cockpit_case ORDER BY case_number";
      List<Map<String, Object>> before = jdbc.queryForList(rows);

      ResponseEntity<String> refused = http.withBasicAuth("admin", "demo").postForEntity(
          "/api/cockpit/projections/rebuild", null, String.class);

      assertThat(refused.getStatusCode().value()).isEqualTo(409);
      assertThat(refused.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
      assertThat(JSON.readTree(refused.getBody()).get("claimedBy").asText()).isEqualTo("ops-admin");
      assertThat(jdbc.queryForList(rows)).isEqualTo(before);
      assertThat(jdbc.queryForObject("SELECT claim_token FROM cockpit_rebuild_claim WHERE id = 1", String.class))
          .as("the other rebuild keeps its claim").isEqualTo("another-node");
    } finally {
      jdbc.update("UPDATE cockpit_rebuild_claim SET claim_token = NULL, claimed_by = NULL, claimed_at = NULL,"
          + " heartbeat_at = NULL WHERE id = 1");
    }
  }

  // ------------------------------------------------------------------ the dashboard page

  @Test
  void theDashboardShowsTheApisFiguresToASupervisorSignedInToCockpit() throws Exception {
    WebappSession session = WebappSession.signIn(port, "supervisor");
    JsonNode api = indicators("supervisor", "year=2019");

    WebappSession.Page page = session.get("/cockpit-dashboard?year=2019");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("驾驶舱", "结案率", "匹配度", "<svg");
    api.get("indicators").fields().forEachRemaining(figure -> assertThat(page.attribute(
        "data-indicator=\"" + figure.getKey() + "\"", "data-value")).as(figure.getKey())
        .isEqualTo(decimal(figure.getValue().get("value")) == null ? "" : decimal(figure.getValue().get("value"))));
    assertThat(page.attribute("data-indicator=\"closureRate\"", "data-matching-degree")).isEqualTo("0.8334");
    assertThat(page.body()).contains("data-overdue=\"verification\" href=\"/cockpit-dashboard/overdue?step=verification&amp;year=2019\">1</a>");
    assertThat(page.body()).contains("data-key=\"2019-09\" data-count=\"2\"");
  }

  @Test
  void anOverdueCountDrillsDownToTheLateCasesWithTheirCockpitInstance() throws Exception {
    WebappSession session = WebappSession.signIn(port, "union-lead");

    WebappSession.Page page = session.get("/cockpit-dashboard/overdue?step=verification&year=2019");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("data-case=\"QBH-2019-990004\"", "总工会", "核实", "2019-08-23 10:00")
        .doesNotContain("QBH-2019-990003");
    // a real late case links to its instance in Cockpit
    jdbc.update("UPDATE cockpit_case SET process_instance_id = 'it-instance-4' WHERE case_number = 'QBH-2019-990004'");
    assertThat(session.get("/cockpit-dashboard/overdue?step=verification&year=2019").body())
        .contains("href=\"/camunda/app/cockpit/default/#/process-instance/it-instance-4\"");
  }

  @Test
  void theDashboardNeedsACockpitSessionOfASupervisor() throws Exception {
    assertThat(WebappSession.anonymous(port).get("/cockpit-dashboard").status()).isEqualTo(302);
    // a caseworker may use Tasklist, not Cockpit; the dashboard refuses the Tasklist session too
    assertThat(WebappSession.signIn(port, "union-worker", "tasklist").get("/cockpit-dashboard?year=2019").status())
        .isEqualTo(403);
    assertThat(WebappSession.signIn(port, "union-lead").get("/cockpit-dashboard?year=2019&org=women").status())
        .isEqualTo(403);
    WebappSession.Page bad = WebappSession.signIn(port, "supervisor").get("/cockpit-dashboard?region=abc");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("data-parameter=\"region\"");
  }

  // ------------------------------------------------------------------ helpers

  private JsonNode indicators(String user, String query) throws Exception {
    ResponseEntity<String> answer = get(user, "/api/cockpit/indicators?" + query);
    assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
    return JSON.readTree(answer.getBody());
  }

  private ResponseEntity<String> get(String user, String path) {
    return http.withBasicAuth(user, "demo").getForEntity(path, String.class);
  }

  private static void assertFigure(JsonNode figures, String key, String value, String target, String degree) {
    JsonNode figure = figures.get(key);
    assertThat(figure).as(key).isNotNull();
    assertThat(decimal(figure.get("value"))).as(key + " value").isEqualTo(value);
    assertThat(decimal(figure.get("target"))).as(key + " target").isEqualTo(target);
    assertThat(decimal(figure.get("matchingDegree"))).as(key + " matching degree").isEqualTo(degree);
  }

  private static String decimal(JsonNode node) {
    return node == null || node.isNull() ? null : node.decimalValue().toPlainString();
  }

  private static void assertSteps(JsonNode step, long overdue, long breached, long completed, long onTime) {
    assertThat(step.get("overdue").asLong()).as("overdue").isEqualTo(overdue);
    assertThat(step.get("breached").asLong()).as("breached").isEqualTo(breached);
    assertThat(step.get("completed").asLong()).as("completed").isEqualTo(completed);
    assertThat(step.get("onTime").asLong()).as("on time").isEqualTo(onTime);
  }

  private static void assertFund(JsonNode fund, String org, String code, String budget, String disbursed, String left) {
    assertThat(fund.get("org").asText()).isEqualTo(org);
    assertThat(fund.get("code").asText()).isEqualTo(code);
    assertThat(decimal(fund.get("budget"))).isEqualTo(budget);
    assertThat(decimal(fund.get("disbursed"))).isEqualTo(disbursed);
    assertThat(decimal(fund.get("left"))).isEqualTo(left);
  }

  private static Map<String, Long> counts(JsonNode object) {
    Map<String, Long> counts = new java.util.LinkedHashMap<>();
    object.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
    return counts;
  }

  private static Timestamp at(String chinaTime) {
    return Timestamp.from(LocalDateTime.parse(chinaTime).atZone(AidFlowConfiguration.ZONE).toInstant());
  }

  private void caseRow(String n, String org, String channel, String region, String categories, String form,
      String person, String stage, String closure, Timestamp received, Timestamp verificationDue,
      Timestamp verificationDone, boolean breached, Timestamp firstDelivery, Integer satisfaction) {
    String caseNumber = "QBH-2019-9900" + n;
    BigDecimal days = firstDelivery == null ? null
        : CockpitProjections.daysBetween(received.toInstant(), firstDelivery.toInstant());
    jdbc.update("INSERT INTO cockpit_case (case_number, person_hash, intake_org, channel, region, categories,"
            + " employment_form, new_employment_form, urgent, stage, received_at, received_month, verification_due_at,"
            + " verification_done_at, verification_breached, aid_delivered, first_delivery_at, days_to_first_delivery,"
            + " satisfaction, satisfaction_sum, satisfaction_count, closure_reason, closed_at, synthetic, updated_at,"
            + " unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?)",
        caseNumber, "it-person-" + person, org, channel, region, categories, form,
        CockpitProjections.NEW_EMPLOYMENT_FORMS.contains(form), stage, received,
        received.toLocalDateTime().toString().substring(0, 7), verificationDue, verificationDone, breached,
        firstDelivery != null, firstDelivery, days, satisfaction, satisfaction == null ? 0 : satisfaction,
        satisfaction == null ? 0 : 1, closure,
        closure == null ? null : received, received, cityUnit(org, region));
    for (String category : categories.split(",")) {
      jdbc.update("INSERT INTO cockpit_case_category (case_number, category, intake_org, region, received_at, unit)"
          + " VALUES (?, ?, ?, ?, ?, ?)", caseNumber, category, org, region, received, cityUnit(org, region));
    }
  }

  /** The rows' unit (V19): the organisation's city unit of the region. */
  private static String cityUnit(String org, String region) {
    return org + "-" + region.substring(0, 4);
  }

  private void referral(long id, String n, String org, String status, Timestamp acceptanceDue, Timestamp accepted,
      boolean acceptanceBreached, Timestamp planDue, Timestamp planned, Timestamp deliveryDue, Timestamp delivered,
      String cash, String wages) {
    String caseNumber = "QBH-2019-9900" + n;
    jdbc.update("INSERT INTO cockpit_referral (referral_id, case_number, org, region, received_at, services, status,"
            + " acceptance_due_at, accepted_at, acceptance_breached, plan_due_at, planned_at, delivery_due_at,"
            + " delivered_at, cash_disbursed, wages_recovered, created_at, ended_at, synthetic, updated_at, unit)"
            + " SELECT ?, case_number, ?, region, received_at, 'it', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, received_at, ?, TRUE,"
            + " received_at, CAST(? AS VARCHAR(16)) || '-' || SUBSTRING(region, 1, 4) FROM cockpit_case WHERE case_number = ?",
        id, org, status, acceptanceDue, accepted, acceptanceBreached, planDue, planned, deliveryDue, delivered,
        new BigDecimal(cash), wages == null ? null : new BigDecimal(wages),
        "OPEN".equals(status) ? null : (delivered != null ? delivered : accepted), org, caseNumber);
  }

  private void ledger(long referralId, String kind, String amount, Timestamp at) {
    String fund = referralId == 990004 ? "women-it-2019" : "union-it-2019";
    jdbc.update("INSERT INTO ledger_entry (fund_code, fund_year, kind, amount, case_number, referral_id, item,"
            + " idempotency_key, created_at) VALUES (?, 2019, ?, ?, ?, ?, 'cash-1', ?, ?)", fund, kind,
        new BigDecimal(amount), "QBH-2019-9900" + String.format("%02d", referralId - 990000), referralId,
        "it-" + referralId + "-" + kind + "-" + amount, at);
  }
}
