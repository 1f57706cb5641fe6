package org.aidflow.cockpit.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.aidflow.organisation.OrganisationService;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.support.ApplicationTest;
import org.aidflow.support.TestUnits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Targets held in the database, set through the API by each unit's supervisors, and the service indicators counted
 * from delivered service orders, on a fixed data set of 2018 whose figures are computed by hand:
 * <pre>
 * order  service                    referring unit  region  status     delivered
 * 1      legal-aid                  union-330702    330702  DELIVERED  2018-03-01
 * 2      legal-aid                  union-330702    330702  DELIVERED  2018-05-02
 * 3      legal-aid                  union-3306      330602  DELIVERED  2018-06-01
 * 4      health-check               union-3307      330703  DELIVERED  2018-07-01
 * 5      training                   union-330702    330702  ACCEPTED   -            (not delivered: not counted)
 * 6      legal-aid                  union-330702    330702  DELIVERED  2017-12-31   (another year)
 * 7      enterprise-legal-checkup   women-3307    330703  DELIVERED  2018-08-01
 * 8      training                   union-33        330702  DELIVERED  2018-09-01
 * targets 2018 (set below through the API): legal services union-33 10, union-3307 4, union-3306 2;
 * health checks union-3307 3
 * </pre>
 */
class CockpitTargetsIT extends ApplicationTest {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired OrganisationUnits units;
  @Autowired OrganisationService organisations;

  @BeforeEach
  void fixedDataSet() {
    // the test units (金华, 婺城区, 绍兴, 金华's women's federation) with their leads
    TestUnits.ensure(units, organisations, identityService);
    removeDataSet();
    order(1, "legal-aid", "union-330702", "330702", "DELIVERED", "2018-03-01");
    order(2, "legal-aid", "union-330702", "330702", "DELIVERED", "2018-05-02");
    order(3, "legal-aid", "union-3306", "330602", "DELIVERED", "2018-06-01");
    order(4, "health-check", "union-3307", "330703", "DELIVERED", "2018-07-01");
    order(5, "training", "union-330702", "330702", "ACCEPTED", null);
    order(6, "legal-aid", "union-330702", "330702", "DELIVERED", "2017-12-31");
    order(7, "enterprise-legal-checkup", "women-3307", "330703", "DELIVERED", "2018-08-01");
    order(8, "training", "union-33", "330702", "DELIVERED", "2018-09-01");
  }

  @AfterEach
  void removeDataSet() {
    jdbc.update("DELETE FROM service_order WHERE referral_id BETWEEN 880001 AND 880099");
    jdbc.update("DELETE FROM cockpit_target WHERE target_year = 2018");
  }

  @Test
  void eachUnitsSupervisorsSetItsTargetsAndTheCockpitMeasuresAgainstThem() throws Exception {
    assertThat(put("union-lead", "2018/union-33/legalServicesDelivered", "{\"target\": 10}").getStatusCode().value())
        .isEqualTo(200);
    ResponseEntity<String> set = put("union-3307-lead", "2018/union-3307/legalServicesDelivered", "{\"target\": 4}");
    assertThat(set.getStatusCode().value()).as(set.getBody()).isEqualTo(200);
    assertThat(JSON.readTree(set.getBody()).get("target").decimalValue()).isEqualByComparingTo("4");
    assertThat(put("union-3306-lead", "2018/union-3306/legalServicesDelivered", "{\"target\": 2}").getStatusCode()
        .value()).isEqualTo(200);
    // the cross-organisation supervisors may set any unit's
    assertThat(put("supervisor", "2018/union-3307/healthChecksDelivered", "{\"target\": 3}").getStatusCode().value())
        .isEqualTo(200);
    assertThat(jdbc.queryForObject("SELECT updated_by FROM cockpit_target WHERE target_year = 2018"
        + " AND unit = 'union-3307' AND indicator = 'legalServicesDelivered'", String.class))
        .isEqualTo("union-3307-lead");

    // 金华 city lead: union-3307 and 婺城区 below it (orders 1, 2 legal; 4 health; 5 not delivered, 6 of 2017)
    JsonNode jinhua = indicators("union-3307-lead", "year=2018");
    assertFigure(jinhua, "legalServicesDelivered", "2", "4", "0.5000");
    assertFigure(jinhua, "healthChecksDelivered", "1", "3", "0.3333");
    assertFigure(jinhua, "trainingsDelivered", "0", null, null);
    assertFigure(jinhua, "enterpriseLegalCheckupsDelivered", "0", null, null);
    // 绍兴 city lead: order 3
    assertFigure(indicators("union-3306-lead", "year=2018"), "legalServicesDelivered", "1", "2", "0.5000");
    // the province union: 1, 2, 3 legal (its own target, not the sum of its cities'), 8 training
    JsonNode province = indicators("union-lead", "year=2018");
    assertFigure(province, "legalServicesDelivered", "3", "10", "0.3000");
    assertFigure(province, "trainingsDelivered", "1", null, null);
    assertFigure(province, "enterpriseLegalCheckupsDelivered", "0", null, null);
    // the cross-organisation supervisors: every organisation's province unit's targets; the women's check-up counts
    JsonNode all = indicators("supervisor", "year=2018");
    assertFigure(all, "legalServicesDelivered", "3", "10", "0.3000");
    assertFigure(all, "enterpriseLegalCheckupsDelivered", "1", null, null);
    assertFigure(indicators("supervisor", "year=2018&unit=union-3307"), "legalServicesDelivered", "2", "4", "0.5000");
    assertFigure(indicators("supervisor", "year=2018&unit=union-330702"), "legalServicesDelivered", "2", null, null);
    assertFigure(indicators("supervisor", "year=2018&org=women"), "enterpriseLegalCheckupsDelivered", "1", null,
        null);
    // a region narrows the orders by the applicant's region; the target stays the units' (a contribution)
    assertFigure(indicators("supervisor", "year=2018&region=3306"), "legalServicesDelivered", "1", "10", "0.1000");
    // 2017: order 6, and no targets that year
    assertFigure(indicators("union-3307-lead", "year=2017"), "legalServicesDelivered", "1", null, null);

    // the targets as the API lists them: a unit's own, and those of every unit one sees
    JsonNode listed = JSON.readTree(get("union-3307-lead", "/api/cockpit/targets?year=2018&unit=union-3307").getBody());
    assertThat(listed).hasSize(2);
    assertThat(listed.get(0).get("indicator").asText()).isEqualTo("healthChecksDelivered");
    JsonNode shaoxing = JSON.readTree(get("union-3306-lead", "/api/cockpit/targets?year=2018").getBody());
    assertThat(shaoxing).hasSize(1);
    assertThat(shaoxing.get(0).get("unit").asText()).isEqualTo("union-3306");
    assertThat(get("union-3306-lead", "/api/cockpit/targets?year=2018&unit=union-3307").getStatusCode().value())
        .isEqualTo(403);
  }

  @Test
  void anotherUnitsSupervisorMayNotChangeATarget() {
    assertThat(put("union-3307-lead", "2018/union-3307/legalServicesDelivered", "{\"target\": 4}").getStatusCode()
        .value()).isEqualTo(200);
    // a sibling city's lead, a lower unit's lead, a worker: refused, nothing changed
    assertThat(put("union-3306-lead", "2018/union-3307/legalServicesDelivered", "{\"target\": 99}").getStatusCode()
        .value()).isEqualTo(403);
    assertThat(put("union-330702-lead", "2018/union-3307/legalServicesDelivered", "{\"target\": 99}").getStatusCode()
        .value()).isEqualTo(403);
    assertThat(put("union-3307-lead", "2018/union-33/legalServicesDelivered", "{\"target\": 99}").getStatusCode()
        .value()).isEqualTo(403);
    assertThat(put("union-worker", "2018/union-33/legalServicesDelivered", "{\"target\": 99}").getStatusCode()
        .value()).isEqualTo(403);
    assertThat(jdbc.queryForList("SELECT unit, target FROM cockpit_target WHERE target_year = 2018")).hasSize(1);
    assertThat(jdbc.queryForObject("SELECT target FROM cockpit_target WHERE target_year = 2018 AND unit = 'union-3307'",
        java.math.BigDecimal.class)).isEqualByComparingTo("4");
  }

  @Test
  void badInputIsRefusedNamingTheField() throws Exception {
    assertBad(put("supervisor", "18/union-33/casesReceived", "{\"target\": 5}"), "year");
    assertBad(put("supervisor", "2018/union-9999/casesReceived", "{\"target\": 5}"), "unit");
    assertBad(put("supervisor", "2018/union-33/noSuchIndicator", "{\"target\": 5}"), "indicator");
    assertBad(put("supervisor", "2018/union-33/casesReceived", "{\"target\": -1}"), "target");
    assertBad(put("supervisor", "2018/union-33/casesReceived", "{\"target\": \"many\"}"), "target");
    assertBad(put("supervisor", "2018/union-33/casesReceived", "{}"), "target");
    assertBad(put("supervisor", "2018/union-33/closureRate", "{\"target\": 1.5}"), "target");
    assertBad(get("supervisor", "/api/cockpit/targets?year=abc"), "year");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cockpit_target WHERE target_year = 2018", Integer.class))
        .isZero();
  }

  // ------------------------------------------------------------------ helpers

  private void order(int n, String service, String unit, String region, String status, String deliveredOn) {
    jdbc.update("INSERT INTO service_order (case_number, referral_id, item, service, referring_unit, region, status,"
        + " attempts, delivered_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, CAST(? AS DATE),"
        + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", "QBH-2018-88000" + n, 880000 + n, "it-" + n, service, unit, region,
        status, deliveredOn);
  }

  private JsonNode indicators(String user, String query) throws Exception {
    ResponseEntity<String> answer = get(user, "/api/cockpit/indicators?" + query);
    assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
    return JSON.readTree(answer.getBody()).get("indicators");
  }

  private ResponseEntity<String> get(String user, String path) {
    return http.withBasicAuth(user, "demo").getForEntity(path, String.class);
  }

  private ResponseEntity<String> put(String user, String path, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.withBasicAuth(user, "demo").exchange("/api/cockpit/targets/" + path, HttpMethod.PUT,
        new HttpEntity<>(body, headers), String.class);
  }

  private static void assertBad(ResponseEntity<String> answer, String field) throws Exception {
    assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(400);
    assertThat(answer.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(JSON.readTree(answer.getBody()).get("parameter").asText()).isEqualTo(field);
  }

  private static void assertFigure(JsonNode figures, String key, String value, String target, String degree) {
    JsonNode figure = figures.get(key);
    assertThat(figure).as(key).isNotNull();
    assertThat(text(figure.get("value"))).as(key + " value").isEqualTo(value);
    assertThat(text(figure.get("target"))).as(key + " target").isEqualTo(target);
    assertThat(text(figure.get("matchingDegree"))).as(key + " matching degree").isEqualTo(degree);
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.decimalValue().toPlainString();
  }
}
