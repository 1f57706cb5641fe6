package org.aidflow.project;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.aidflow.assistance.CashItem;
import org.aidflow.assistance.FundLedger;
import org.aidflow.organisation.OrganisationService;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.serviceorder.ServiceOrderRouting;
import org.aidflow.serviceorder.ServiceOrders;
import org.aidflow.support.ApplicationTest;
import org.aidflow.support.TestUnits;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The cockpit's project figures (docs/projects.md) on a fixed data set in 金华 (union-3307 with 婺城区 union-330702
 * below it), whose figures are computed by hand; the targets are read from project_target.
 * <pre>
 * cases: C1 person P1, C2 person P2, C3 person P1 (a second case), C4 person P3
 * project it-pi-legal (legal-aid, fund it-pi-fund, budget 10,000.00, runs in union-3307 and union-330702)
 *   order 1  legal-aid  C1  union-330702  DELIVERED
 *   order 2  legal-aid  C2  union-330702  DELIVERED
 *   order 3  legal-aid  C3  union-3307    DELIVERED   (P1 again)
 *   order 4  legal-aid  C4  union-3307    ACCEPTED    (not delivered: not counted)
 *   order 5  legal-aid  C4  union-3307    DELIVERED   (no project: not counted)
 *   cash     referral R1 (C4, union-330702) 1,200.00 reserved and paid; R2 (C2, union-3307) 800.00 reserved only
 *   targets  union-3307: legal 4, beneficiaries 4, cash 5,000; union-330702: legal 2, beneficiaries 2
 *   union-330702: legal 2 (2/2 = 1.0000), beneficiaries P1 P2 P3 = 3 (3/2 = 1.5000), cash 1,200 (no target)
 *   union-3307:   legal 1 (1/4 = 0.2500), beneficiaries P1 = 1 (1/4 = 0.2500), cash 0 (0/5,000 = 0.0000)
 *   project:      legal 3 (3/6 = 0.5000), beneficiaries P1 P2 P3 = 3 (3/6 = 0.5000; P1 counts once), cash 1,200
 *                 (1,200/5,000 = 0.2400); budget left 8,800
 * project it-pi-health (health-check, no fund, runs in union-3307 only; target union-3307 health checks 3)
 *   order 6  health-check  C4  union-330702  DELIVERED  (counts for union-3307, the project's unit above)
 *   union-3307 and project: health checks 1 (1/3 = 0.3333), beneficiaries 1 (no target)
 * </pre>
 */
class ProjectIndicatorsIT extends ApplicationTest {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
  private static final int YEAR = LocalDate.now(org.aidflow.shared.AidFlowConfiguration.ZONE).getYear();

  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired OrganisationUnits units;
  @Autowired OrganisationService organisations;
  @Autowired FundLedger ledger;
  @Autowired Projects projects;
  @Autowired ServiceOrders orders;
  @Autowired ServiceOrderRouting routing;
  @Autowired ProcessEngine engine;

  @BeforeEach
  void fixedDataSet() {
    TestUnits.ensure(units, organisations, identityService);
    removeDataSet();
    for (int c = 1; c <= 5; c++) {
      String person = c == 3 ? "it-pi-person-1" : "it-pi-person-" + c;
      jdbc.update("INSERT INTO aid_case (case_number, process_instance_id, id_number_hash, intake_org, channel, urgent,"
          + " status, created_at, region, intake_unit) VALUES (?, ?, ?, 'union', 'window', FALSE, 'OPEN',"
          + " CURRENT_TIMESTAMP, '330702', 'union-330702')", caseNumber(c), "it-pi-instance-" + c, person);
    }
    ledger.openFund("it-pi-fund", YEAR, "union-3307", "金华法律服务项目资金", new BigDecimal("10000"),
        true);
    insertProject("it-pi-legal", "legal-aid", "projectLegalServicesEligibility", "it-pi-fund", "10000.00",
        "union-3307", "union-330702");
    insertProject("it-pi-health", "health-check", "projectHealthChecksEligibility", null, "0", "union-3307");
    order(1, "legal-aid", 1, "union-330702", "DELIVERED", "it-pi-legal");
    order(2, "legal-aid", 2, "union-330702", "DELIVERED", "it-pi-legal");
    order(3, "legal-aid", 3, "union-3307", "DELIVERED", "it-pi-legal");
    order(4, "legal-aid", 4, "union-3307", "ACCEPTED", "it-pi-legal");
    order(5, "legal-aid", 4, "union-3307", "DELIVERED", null);
    order(6, "health-check", 4, "union-330702", "DELIVERED", "it-pi-health");
    referral(1, 4, "union-330702");
    referral(2, 2, "union-3307");
    assertThat(ledger.reservePlan("union-330702", caseNumber(4), referralId(1),
        List.of(new CashItem("cash-1", "it-pi-fund", new BigDecimal("1200.00"), "法律服务补助")), "it")).isEmpty();
    ledger.settle(referralId(1), Set.of("cash-1"), "it");
    assertThat(ledger.reservePlan("union-3307", caseNumber(2), referralId(2),
        List.of(new CashItem("cash-1", "it-pi-fund", new BigDecimal("800.00"), "法律服务补助")), "it")).isEmpty();
    target("it-pi-legal", "union-3307", "legalServicesDelivered", 4);
    target("it-pi-legal", "union-3307", "beneficiaries", 4);
    target("it-pi-legal", "union-3307", "cashPaid", 5000);
    target("it-pi-legal", "union-330702", "legalServicesDelivered", 2);
    target("it-pi-legal", "union-330702", "beneficiaries", 2);
    target("it-pi-health", "union-3307", "healthChecksDelivered", 3);
  }

  @AfterEach
  void removeDataSet() {
    for (String instance : jdbc.queryForList("SELECT process_instance_id FROM service_order WHERE case_number LIKE"
        + " 'QBH-1999-%' AND process_instance_id IS NOT NULL", String.class)) {
      if (engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(instance).count() > 0) {
        engine.getRuntimeService().deleteProcessInstance(instance, "test data removed");
      }
    }
    jdbc.update("DELETE FROM service_order WHERE case_number LIKE 'QBH-1999-%'");
    jdbc.update("DELETE FROM ledger_entry WHERE fund_code = 'it-pi-fund'");
    jdbc.update("DELETE FROM project_target WHERE project LIKE 'it-pi-%'");
    jdbc.update("DELETE FROM project_unit WHERE project LIKE 'it-pi-%'");
    jdbc.update("DELETE FROM project WHERE code LIKE 'it-pi-%'");
    jdbc.update("DELETE FROM fund WHERE code = 'it-pi-fund'");
    jdbc.update("DELETE FROM cockpit_case WHERE case_number LIKE 'QBH-1999-%'");
    jdbc.update("DELETE FROM case_referral WHERE case_number LIKE 'QBH-1999-%'");
    jdbc.update("DELETE FROM aid_case WHERE case_number LIKE 'QBH-1999-%'");
  }

  @Test
  void theFiguresPerProjectAndUnitAreTheHandComputedOnes() throws Exception {
    // the paid cash item names its project, the reservation too
    assertThat(jdbc.queryForList("SELECT DISTINCT project FROM ledger_entry WHERE fund_code = 'it-pi-fund'",
        String.class)).containsExactly("it-pi-legal");

    JsonNode legal = project("union-3307-lead", "it-pi-legal");
    assertThat(legal.get("budget").decimalValue()).isEqualByComparingTo("10000");
    assertThat(legal.get("cashPaid").decimalValue()).isEqualByComparingTo("1200");
    assertThat(legal.get("budgetLeft").decimalValue()).isEqualByComparingTo("8800");
    assertFigure(legal.get("totals"), "legalServicesDelivered", "3", "6", "0.5000");
    assertFigure(legal.get("totals"), "beneficiaries", "3", "6", "0.5000");
    assertFigure(legal.get("totals"), "cashPaid", "1200", "5000", "0.2400");
    JsonNode district = unit(legal, "union-330702");
    assertFigure(district.get("figures"), "legalServicesDelivered", "2", "2", "1.0000");
    assertFigure(district.get("figures"), "beneficiaries", "3", "2", "1.5000");
    assertFigure(district.get("figures"), "cashPaid", "1200", null, null);
    JsonNode city = unit(legal, "union-3307");
    assertFigure(city.get("figures"), "legalServicesDelivered", "1", "4", "0.2500");
    assertFigure(city.get("figures"), "beneficiaries", "1", "4", "0.2500");
    assertFigure(city.get("figures"), "cashPaid", "0", "5000", "0.0000");

    JsonNode health = project("union-3307-lead", "it-pi-health");
    assertFigure(health.get("totals"), "healthChecksDelivered", "1", "3", "0.3333");
    assertFigure(health.get("totals"), "beneficiaries", "1", null, null);
    assertFigure(unit(health, "union-3307").get("figures"), "healthChecksDelivered", "1", "3", "0.3333");
    assertThat(health.get("units")).hasSize(1);

    // a target changed in the database is the one measured against
    jdbc.update("UPDATE project_target SET target = 12 WHERE project = 'it-pi-legal' AND unit = 'union-3307'"
        + " AND indicator = 'legalServicesDelivered'");
    assertFigure(project("union-3307-lead", "it-pi-legal").get("totals"), "legalServicesDelivered", "3", "14",
        "0.2143");

    // the year's list: both projects; the district's lead sees its own row only and no totals
    ResponseEntity<String> list = get("union-3307-lead", "/api/cockpit/projects?year=" + YEAR);
    assertThat(list.getStatusCode().value()).as(list.getBody()).isEqualTo(200);
    List<String> codes = new java.util.ArrayList<>();
    JSON.readTree(list.getBody()).forEach(p -> codes.add(p.get("code").asText()));
    assertThat(codes).contains("it-pi-legal", "it-pi-health");
    JsonNode seenBelow = project("union-330702-lead", "it-pi-legal");
    assertThat(seenBelow.get("totals").isNull()).isTrue();
    assertThat(seenBelow.get("units")).hasSize(1);
    assertFigure(unit(seenBelow, "union-330702").get("figures"), "legalServicesDelivered", "2", "2", "1.0000");
    // a sibling city's lead and a worker are refused; the cross-organisation supervisors see it all
    assertThat(get("union-3306-lead", "/api/cockpit/projects/it-pi-legal").getStatusCode().value()).isEqualTo(403);
    assertThat(get("union-3307-worker", "/api/cockpit/projects/it-pi-legal").getStatusCode().value()).isEqualTo(403);
    assertFigure(project("supervisor", "it-pi-legal").get("totals"), "beneficiaries", "3", "6", "0.5000");
    assertThat(get("supervisor", "/api/cockpit/projects?year=20x6").getStatusCode().value()).isEqualTo(400);
  }

  @Test
  void aLegalAidOrderOfAnEligibleCaseNamesTheProjectAndCountsOnce() throws Exception {
    // C5: a delivery rider owed wages (eligible); C1: no new employment form (not eligible)
    caseFacts(5, "wage-arrears", "delivery-rider", true);
    caseFacts(1, "wage-arrears", "none", false);
    long eligible = routing.start(engine, new ServiceOrderRouting.NewOrder(caseNumber(5), 1999_701L, "service-1",
        "legal-aid", "union-330702", "330702", false, null, null, null, "张*", null, null));
    long other = routing.start(engine, new ServiceOrderRouting.NewOrder(caseNumber(1), 1999_702L, "service-1",
        "legal-aid", "union-330702", "330702", false, null, null, null, "李*", null, null));
    assertThat(orders.projectOf(eligible)).isEqualTo("it-pi-legal");
    assertThat(orders.projectOf(other)).isNull();
    // a retried start makes no second order
    assertThat(routing.start(engine, new ServiceOrderRouting.NewOrder(caseNumber(5), 1999_701L, "service-1",
        "legal-aid", "union-330702", "330702", false, null, null, null, "张*", null, null))).isEqualTo(eligible);

    awaitRouted(eligible);
    awaitRouted(other);
    orders.delivered(eligible, LocalDate.now(org.aidflow.shared.AidFlowConfiguration.ZONE), new BigDecimal("2"),
        "劳动仲裁代理", "RESOLVED");
    orders.delivered(other, LocalDate.now(org.aidflow.shared.AidFlowConfiguration.ZONE), new BigDecimal("1"),
        "法律咨询", "RESOLVED");
    JsonNode legal = project("union-3307-lead", "it-pi-legal");
    // 3 before, and the eligible case's order once
    assertFigure(legal.get("totals"), "legalServicesDelivered", "4", "6", "0.6667");
    assertFigure(legal.get("totals"), "beneficiaries", "4", "6", "0.6667");
    assertFigure(unit(legal, "union-330702").get("figures"), "legalServicesDelivered", "3", "2", "1.5000");
  }

  // ------------------------------------------------------------------ helpers

  /** Waits until the order's routing (an asynchronous step) has run, so that it no longer changes the order. */
  private void awaitRouted(long orderId) throws InterruptedException {
    String instance = orders.find(orderId).orElseThrow().processInstanceId();
    long deadline = System.currentTimeMillis() + 30_000;
    while (engine.getManagementService().createJobQuery().processInstanceId(instance).executable().count() > 0) {
      assertThat(System.currentTimeMillis()).as("routing of order " + orderId).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static String caseNumber(int n) {
    return "QBH-1999-70000" + n;
  }

  private static long referralId(int n) {
    return 1999_000L + n;
  }

  private void insertProject(String code, String service, String decision, String fund, String budget,
      String... runsIn) {
    jdbc.update("INSERT INTO project (code, name, owning_unit, project_type, service, starts_on, ends_on, fund_code,"
        + " fund_year, budget, eligibility_decision, status, created_by, created_at) VALUES (?, ?, 'union-3307',"
        + " 'SERVICE_PROGRAMME', ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', 'it', CURRENT_TIMESTAMP)", code, "金华" + code, service,
        java.sql.Date.valueOf(LocalDate.of(YEAR, 1, 1)), java.sql.Date.valueOf(LocalDate.of(YEAR, 12, 31)), fund,
        fund == null ? null : YEAR, new BigDecimal(budget), decision);
    for (String unit : runsIn) {
      jdbc.update("INSERT INTO project_unit (project, unit) VALUES (?, ?)", code, unit);
    }
  }

  private void order(int n, String service, int caseNo, String unit, String status, String project) {
    jdbc.update("INSERT INTO service_order (case_number, referral_id, item, service, referring_unit, region, status,"
        + " attempts, delivered_on, created_at, updated_at, project) VALUES (?, ?, ?, ?, ?, '330702', ?, 1, ?,"
        + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ?)", caseNumber(caseNo), 1999_100L + n, "service-" + n, service, unit,
        status, "DELIVERED".equals(status) ? java.sql.Date.valueOf(LocalDate.of(YEAR, 1, 2)) : null, project);
  }

  private void referral(int n, int caseNo, String unit) {
    jdbc.update("INSERT INTO case_referral (id, case_number, process_instance_id, assessment_cycle, org, services,"
        + " status, created_at, unit) VALUES (?, ?, ?, 1, 'union', 'hardship-grant', 'ACCEPTED', CURRENT_TIMESTAMP, ?)",
        referralId(n), caseNumber(caseNo), "it-pi-referral-" + n, unit);
  }

  private void target(String project, String unit, String indicator, int target) {
    jdbc.update("INSERT INTO project_target (project, unit, indicator, target, updated_by, updated_at)"
        + " VALUES (?, ?, ?, ?, 'it', CURRENT_TIMESTAMP)", project, unit, indicator, target);
  }

  private void caseFacts(int n, String categories, String employmentForm, boolean newForm) {
    jdbc.update("INSERT INTO cockpit_case (case_number, person_hash, intake_org, channel, region, categories,"
        + " employment_form, new_employment_form, urgent, stage, received_at, received_month, updated_at, unit)"
        + " VALUES (?, ?, 'union', 'window', '330702', ?, ?, ?, FALSE, 'REFERRAL', CURRENT_TIMESTAMP, '1999-01',"
        + " CURRENT_TIMESTAMP, 'union-330702')", caseNumber(n), "it-pi-person-" + n, categories, employmentForm,
        newForm);
  }

  private JsonNode project(String user, String code) throws Exception {
    ResponseEntity<String> answer = get(user, "/api/cockpit/projects/" + code);
    assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
    return JSON.readTree(answer.getBody());
  }

  private static JsonNode unit(JsonNode project, String unit) {
    for (JsonNode row : project.get("units")) {
      if (row.get("unit").asText().equals(unit)) {
        return row;
      }
    }
    throw new AssertionError("no row of unit " + unit + " in " + project);
  }

  private ResponseEntity<String> get(String user, String path) {
    return http.withBasicAuth(user, "demo").getForEntity(path, String.class);
  }

  private static void assertFigure(JsonNode figures, String indicator, String actual, String target, String match) {
    JsonNode figure = null;
    for (JsonNode f : figures) {
      if (f.get("indicator").asText().equals(indicator)) {
        figure = f;
      }
    }
    assertThat(figure).as(indicator + " in " + figures).isNotNull();
    assertThat(text(figure.get("actual"))).as(indicator + " actual").isEqualTo(actual);
    assertThat(text(figure.get("target"))).as(indicator + " target").isEqualTo(target);
    assertThat(text(figure.get("match"))).as(indicator + " 匹配度").isEqualTo(match);
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.decimalValue().toPlainString();
  }
}
