package org.aidflow.project;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.aidflow.assistance.FundLedger;
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
 * /api/projects (docs/projects.md): the owning unit's supervisors create a project and keep its targets; other
 * units' supervisors are refused (403) and bad input is a 400 naming the field, and neither changes anything.
 */
class ProjectsIT extends ApplicationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int YEAR = LocalDate.now(org.aidflow.shared.AidFlowConfiguration.ZONE).getYear();

  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired OrganisationUnits units;
  @Autowired OrganisationService organisations;
  @Autowired FundLedger ledger;

  @BeforeEach
  void units() {
    TestUnits.ensure(units, organisations, identityService);
    clean();
    ledger.openFund("it-pj-jinhua", YEAR, "union-3307", "金华项目测试资金", new BigDecimal("50000"));
    ledger.openFund("it-pj-shaoxing", YEAR, "union-3306", "绍兴项目测试资金", new BigDecimal("50000"));
  }

  @AfterEach
  void clean() {
    jdbc.update("DELETE FROM project_target WHERE project LIKE 'it-pj-%'");
    jdbc.update("DELETE FROM project_unit WHERE project LIKE 'it-pj-%'");
    jdbc.update("DELETE FROM project WHERE code LIKE 'it-pj-%'");
    jdbc.update("DELETE FROM fund WHERE code LIKE 'it-pj-%'");
  }

  private String project(String code, String owner, String fund, String startsOn, String endsOn, String service,
      String decision, String unitsJson) {
    return "{\"code\": \"" + code + "\", \"name\": \"金华新就业形态劳动者法律服务\", \"owningUnit\": \"" + owner
        + "\", \"type\": \"SERVICE_PROGRAMME\", \"service\": \"" + service + "\", \"startsOn\": \"" + startsOn
        + "\", \"endsOn\": \"" + endsOn + "\", \"fundCode\": \"" + fund + "\", \"fundYear\": " + YEAR
        + ", \"budget\": 30000, \"eligibilityDecision\": \"" + decision + "\", \"units\": " + unitsJson + "}";
  }

  private String valid(String code) {
    return project(code, "union-3307", "it-pj-jinhua", YEAR + "-01-01", YEAR + "-12-31", "legal-aid",
        "projectLegalServicesEligibility", "[\"union-3307\", \"union-330702\"]");
  }

  @Test
  void theOwningUnitsSupervisorsCreateAProjectAndKeepItsTargets() throws Exception {
    ResponseEntity<String> created = post("union-3307-lead", valid("it-pj-legal"));
    assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
    JsonNode body = JSON.readTree(created.getBody());
    assertThat(body.get("owningUnit").asText()).isEqualTo("union-3307");
    assertThat(body.get("units")).hasSize(2);
    assertThat(jdbc.queryForObject("SELECT created_by FROM project WHERE code = 'it-pj-legal'", String.class))
        .isEqualTo("union-3307-lead");

    // the district below and the city see it; a sibling city does not
    assertThat(codes(get("union-330702-lead", "/api/projects"))).contains("it-pj-legal");
    assertThat(codes(get("union-3307-worker", "/api/projects"))).contains("it-pj-legal");
    assertThat(codes(get("supervisor", "/api/projects"))).contains("it-pj-legal");
    assertThat(codes(get("union-3306-lead", "/api/projects"))).doesNotContain("it-pj-legal");
    assertThat(get("union-3306-lead", "/api/projects/it-pj-legal").getStatusCode().value()).isEqualTo(403);
    assertThat(get("union-330702-lead", "/api/projects/it-pj-legal").getStatusCode().value()).isEqualTo(200);

    // targets: the owning unit's supervisors only
    ResponseEntity<String> set = put("union-3307-lead", "it-pj-legal/union-330702/legalServicesDelivered", "{\"target\": 120}");
    assertThat(set.getStatusCode().value()).as(set.getBody()).isEqualTo(200);
    assertThat(put("union-3307-lead", "it-pj-legal/union-3307/beneficiaries", "{\"target\": 300}").getStatusCode()
        .value()).isEqualTo(200);
    assertThat(put("union-3307-lead", "it-pj-legal/union-330702/legalServicesDelivered", "{\"target\": 150}")
        .getStatusCode().value()).isEqualTo(200);
    for (String other : new String[] {"union-330702-lead", "union-3306-lead", "union-3307-worker", "union-lead"}) {
      assertThat(put(other, "it-pj-legal/union-330702/legalServicesDelivered", "{\"target\": 1}").getStatusCode()
          .value()).as(other).isEqualTo(403);
    }
    JsonNode one = JSON.readTree(get("union-3307-lead", "/api/projects/it-pj-legal").getBody());
    assertThat(one.get("targets")).hasSize(2);
    assertThat(jdbc.queryForObject("SELECT target FROM project_target WHERE project = 'it-pj-legal'"
        + " AND unit = 'union-330702'", BigDecimal.class)).isEqualByComparingTo("150");

    // bad targets
    assertBad(put("union-3307-lead", "it-pj-legal/union-330702/noSuchIndicator", "{\"target\": 1}"), "indicator");
    assertBad(put("union-3307-lead", "it-pj-legal/union-3306/beneficiaries", "{\"target\": 1}"), "unit");
    assertBad(put("union-3307-lead", "it-pj-legal/union-330702/beneficiaries", "{\"target\": -1}"), "target");
    assertBad(put("union-3307-lead", "it-pj-legal/union-330702/beneficiaries", "{\"target\": \"many\"}"), "target");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM project_target WHERE project = 'it-pj-legal'",
        Integer.class)).isEqualTo(2);
  }

  @Test
  void otherUnitsSupervisorsAreRefusedAndNothingChanges() {
    assertThat(post("union-3306-lead", valid("it-pj-a")).getStatusCode().value()).isEqualTo(403);
    assertThat(post("union-330702-lead", valid("it-pj-b")).getStatusCode().value()).isEqualTo(403);
    assertThat(post("union-3307-worker", valid("it-pj-c")).getStatusCode().value()).isEqualTo(403);
    assertThat(post("union-lead", valid("it-pj-d")).getStatusCode().value()).isEqualTo(403);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM project WHERE code LIKE 'it-pj-%'", Integer.class)).isZero();
    // admins may create for any unit
    assertThat(post("admin", valid("it-pj-admin")).getStatusCode().value()).isEqualTo(201);
  }

  @Test
  void badInputIsRefusedNamingTheField() throws Exception {
    String lead = "union-3307-lead";
    String from = YEAR + "-01-01";
    String to = YEAR + "-12-31";
    assertBad(post(lead, project("it-pj-x", "union-9999", "it-pj-jinhua", from, to, "legal-aid",
        "projectLegalServicesEligibility", "[\"union-3307\"]")), "owningUnit");
    assertBad(post(lead, project("it-pj-x", "union-3307", "it-pj-jinhua", from, to, "legal-aid",
        "projectLegalServicesEligibility", "[\"union-330799\"]")), "units");
    assertBad(post(lead, project("it-pj-x", "union-3307", "it-pj-jinhua", from, to, "legal-aid",
        "projectLegalServicesEligibility", "[\"union-3306\"]")), "units");
    assertBad(post(lead, project("it-pj-x", "union-3307", "it-pj-jinhua", from, to, "massage",
        "projectLegalServicesEligibility", "[\"union-3307\"]")), "service");
    assertBad(post(lead, project("it-pj-x", "union-3307", "it-pj-jinhua", to, from, "legal-aid",
        "projectLegalServicesEligibility", "[\"union-3307\"]")), "endsOn");
    assertBad(post(lead, project("it-pj-x", "union-3307", "it-pj-jinhua", "2026-13-01", to, "legal-aid",
        "projectLegalServicesEligibility", "[\"union-3307\"]")), "startsOn");
    assertBad(post(lead, project("it-pj-x", "union-3307", "it-pj-shaoxing", from, to, "legal-aid",
        "projectLegalServicesEligibility", "[\"union-3307\"]")), "fundCode");
    assertBad(post(lead, project("it-pj-x", "union-3307", "it-pj-jinhua", from, to, "legal-aid",
        "noSuchDecision", "[\"union-3307\"]")), "eligibilityDecision");
    assertBad(post(lead, project("IT PJ", "union-3307", "it-pj-jinhua", from, to, "legal-aid",
        "projectLegalServicesEligibility", "[\"union-3307\"]")), "code");
    ResponseEntity<String> badType = post(lead, "{\"code\": \"it-pj-x\", \"owningUnit\": \"union-3307\", \"name\": \"x\","
        + " \"type\": \"GIFT\"}");
    assertBad(badType, "type");
    assertThat(JSON.readTree(badType.getBody()).get("detail").asText())
        .isEqualTo("type 须为 CASH_CAMPAIGN 或 SERVICE_PROGRAMME / type must be CASH_CAMPAIGN or SERVICE_PROGRAMME");
    ResponseEntity<String> badBudget = post(lead, valid("it-pj-y").replace("\"budget\": 30000", "\"budget\": -5"));
    assertBad(badBudget, "budget");
    assertThat(JSON.readTree(badBudget.getBody()).get("detail").asText())
        .isEqualTo("budget 须为不小于0的金额（元，最多两位小数） / budget: an amount in yuan, 0 or more");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM project WHERE code LIKE 'it-pj-%'", Integer.class)).isZero();
    assertThat(post(lead, valid("it-pj-z")).getStatusCode().value()).isEqualTo(201);
    ResponseEntity<String> again = post(lead, valid("it-pj-z"));
    assertThat(again.getStatusCode().value()).isEqualTo(409);
    assertThat(again.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    JsonNode duplicate = JSON.readTree(again.getBody());
    assertThat(duplicate.get("detail").asText()).isEqualTo("已有该编码的项目 / a project of this code exists");
    assertThat(duplicate.get("field").asText()).isEqualTo("code");
  }

  // ------------------------------------------------------------------ helpers

  private static java.util.List<String> codes(ResponseEntity<String> answer) throws Exception {
    assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
    java.util.List<String> codes = new java.util.ArrayList<>();
    JSON.readTree(answer.getBody()).forEach(p -> codes.add(p.get("code").asText()));
    return codes;
  }

  private ResponseEntity<String> get(String user, String path) {
    return http.withBasicAuth(user, "demo").getForEntity(path, String.class);
  }

  private ResponseEntity<String> post(String user, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.withBasicAuth(user, "demo").exchange("/api/projects", HttpMethod.POST,
        new HttpEntity<>(body, headers), String.class);
  }

  private ResponseEntity<String> put(String user, String path, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.withBasicAuth(user, "demo").exchange("/api/projects/" + path.replaceFirst("/", "/targets/"),
        HttpMethod.PUT, new HttpEntity<>(body, headers), String.class);
  }

  private static void assertBad(ResponseEntity<String> answer, String field) throws Exception {
    assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(400);
    assertThat(answer.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(JSON.readTree(answer.getBody()).get("field").asText()).as(answer.getBody()).isEqualTo(field);
  }
}
