package org.aidflow.app;

import static org.aidflow.support.JsonBody.json;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The minimum living standard as data on PostgreSQL: administrators add lines through {@code /api/low-lines}, and a
 * case verified takes the line in force that day (China time) for the most specific prefix of its region. Lines are
 * dated relative to today, so "the day before a change" is a change tomorrow. Prefixes 3381 to 3385 are no real
 * city's (Zhejiang's are 3301 to 3311): the other tests' cases keep the province's line.
 */
class LowLinesIT extends ApplicationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;

  private final LocalDate today = LocalDate.now(AidFlowConfiguration.ZONE);

  @Test
  void aCaseVerifiedTheDayBeforeAChangeGetsTheOldLineAndOneVerifiedTheDayAfterTheNew() throws Exception {
    created(line("3381", "2000-01-01", 1000));
    created(line("3381", today.plusDays(1).toString(), 1300));
    created(line("3382", "2000-01-01", 1000));
    created(line("3382", today.minusDays(1).toString(), 1300));

    assertThat(lowLineOfCaseVerifiedNow("338101")).as("the change is tomorrow").isEqualTo(1000.0);
    assertThat(lowLineOfCaseVerifiedNow("338201")).as("the change was yesterday").isEqualTo(1300.0);
  }

  @Test
  void theMostSpecificRegionWithALineInForceWins() throws Exception {
    created(line("3384", "2000-01-01", 1050));
    created(line("338401", "2000-01-01", 1250));
    created(line("338402", today.plusDays(1).toString(), 1280));

    assertThat(lowLineOfCaseVerifiedNow("338401")).as("the district's line").isEqualTo(1250.0);
    assertThat(lowLineOfCaseVerifiedNow("338402")).as("the district's line is not in force yet: the city's")
        .isEqualTo(1050.0);
    assertThat(lowLineOfCaseVerifiedNow("338403")).as("no district line: the city's").isEqualTo(1050.0);
    assertThat(lowLineOfCaseVerifiedNow("338501")).as("no city line: the province's (V15)").isEqualTo(1200.0);
  }

  @Test
  void everyoneSignedInReadsTheLinesAndOnlyAdministratorsAddOne() throws Exception {
    ResponseEntity<String> list = http.withBasicAuth("union-worker", "demo").getForEntity("/api/low-lines",
        String.class);
    assertThat(list.getStatusCode().value()).isEqualTo(200);
    JsonNode province = null;
    for (JsonNode line : JSON.readTree(list.getBody())) {
      if (line.get("regionPrefix").asText().equals("33") && line.get("effectiveFrom").asText().equals("2000-01-01")) {
        province = line;
      }
    }
    assertThat(province).as("the province's line of V15").isNotNull();
    assertThat(province.get("monthlyAmount").decimalValue()).isEqualByComparingTo("1200");
    assertThat(http.withBasicAuth("union-lead", "demo").getForEntity("/api/low-lines", String.class)
        .getStatusCode().value()).isEqualTo(200);
    assertThat(http.getForEntity("/api/low-lines", String.class).getStatusCode().value()).isEqualTo(401);

    String body = line("3383", "2030-01-01", 1400);
    for (String user : new String[] {"union-worker", "union-lead", "supervisor", "designer", "intake"}) {
      ResponseEntity<String> refused = post(user, json(body));
      assertThat(refused.getStatusCode().value()).as(user).isEqualTo(403);
      assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
    }
    assertThat(http.postForEntity("/api/low-lines", json(body), String.class).getStatusCode().value()).isEqualTo(401);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM low_line WHERE region_prefix = '3383'", Integer.class))
        .isZero();

    ResponseEntity<String> added = post("admin", json(body));
    assertThat(added.getStatusCode().value()).as(added.getBody()).isEqualTo(201);
    JsonNode line = JSON.readTree(added.getBody());
    assertThat(line.get("regionPrefix").asText()).isEqualTo("3383");
    assertThat(line.get("effectiveFrom").asText()).isEqualTo("2030-01-01");
    assertThat(line.get("monthlyAmount").decimalValue()).isEqualByComparingTo("1400");
    assertThat(line.get("createdBy").asText()).isEqualTo("admin");
    assertThat(jdbc.queryForObject("SELECT created_by FROM low_line WHERE region_prefix = '3383'", String.class))
        .as("who entered it, on record").isEqualTo("admin");

    ResponseEntity<String> duplicate = post("admin", json(line("3383", "2030-01-01", 1500)));
    assertThat(duplicate.getStatusCode().value()).isEqualTo(409);
    assertThat(JSON.readTree(duplicate.getBody()).get("field").asText()).isEqualTo("effectiveFrom");
    assertThat(jdbc.queryForObject("SELECT monthly_amount FROM low_line WHERE region_prefix = '3383'",
        java.math.BigDecimal.class)).as("the first line stands").isEqualByComparingTo("1400");
  }

  @Test
  void badInputIsRefusedNamingTheField() throws Exception {
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("{\"regionPrefix\":\"338\",\"effectiveFrom\":\"2030-01-01\",\"monthlyAmount\":1000}", "regionPrefix");
    bad.put("{\"regionPrefix\":\"33a1\",\"effectiveFrom\":\"2030-01-01\",\"monthlyAmount\":1000}", "regionPrefix");
    bad.put("{\"regionPrefix\":3381,\"effectiveFrom\":\"2030-01-01\",\"monthlyAmount\":1000}", "regionPrefix");
    bad.put("{\"effectiveFrom\":\"2030-01-01\",\"monthlyAmount\":1000}", "regionPrefix");
    bad.put("{\"regionPrefix\":\"3381\",\"effectiveFrom\":\"2030-13-01\",\"monthlyAmount\":1000}", "effectiveFrom");
    bad.put("{\"regionPrefix\":\"3381\",\"effectiveFrom\":\"01/01/2030\",\"monthlyAmount\":1000}", "effectiveFrom");
    bad.put("{\"regionPrefix\":\"3381\",\"monthlyAmount\":1000}", "effectiveFrom");
    bad.put("{\"regionPrefix\":\"3381\",\"effectiveFrom\":\"2030-01-01\",\"monthlyAmount\":0}", "monthlyAmount");
    bad.put("{\"regionPrefix\":\"3381\",\"effectiveFrom\":\"2030-01-01\",\"monthlyAmount\":-5}", "monthlyAmount");
    bad.put("{\"regionPrefix\":\"3381\",\"effectiveFrom\":\"2030-01-01\",\"monthlyAmount\":\"1000\"}", "monthlyAmount");
    bad.put("{\"regionPrefix\":\"3381\",\"effectiveFrom\":\"2030-01-01\",\"monthlyAmount\":1000.005}", "monthlyAmount");
    bad.put("{\"regionPrefix\":\"3381\",\"effectiveFrom\":\"2030-01-01\"}", "monthlyAmount");
    bad.put("{\"regionPrefix\":", "body");
    bad.put("[]", "body");
    for (Map.Entry<String, String> entry : bad.entrySet()) {
      ResponseEntity<String> refused = post("admin", json(entry.getKey()));
      assertThat(refused.getStatusCode().value()).as(entry.getKey()).isEqualTo(400);
      assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
      assertThat(JSON.readTree(refused.getBody()).get("field").asText()).as(entry.getKey()).isEqualTo(entry.getValue());
    }
    HttpHeaders plain = new HttpHeaders();
    plain.setContentType(MediaType.TEXT_PLAIN);
    assertThat(post("admin", new HttpEntity<>(line("3381", "2030-01-01", 1000), plain)).getStatusCode().value())
        .isEqualTo(415);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM low_line WHERE effective_from = DATE '2030-01-01' "
        + "AND region_prefix = '3381'", Integer.class)).as("nothing stored").isZero();
  }

  /** Starts a case of the region and completes its verification now, as the system; the line it got. */
  private Object lowLineOfCaseVerifiedNow(String region) {
    ProcessInstance aidCase = as("intake",
        () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, applicant(REGION, region)));
    Task verify = taskService.createTaskQuery().processInstanceId(aidCase.getId())
        .taskDefinitionKey(AidCaseModel.VERIFY_CASE).singleResult();
    taskService.complete(verify.getId(), Variables.fromMap(Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实")));
    return historyService.createHistoricVariableInstanceQuery().processInstanceId(aidCase.getId())
        .variableName(LOW_LINE).singleResult().getValue();
  }

  private static String line(String prefix, String effectiveFrom, int amount) throws Exception {
    return JSON.writeValueAsString(Map.of("regionPrefix", prefix, "effectiveFrom", effectiveFrom, "monthlyAmount",
        amount));
  }

  private void created(String body) {
    ResponseEntity<String> added = post("admin", json(body));
    assertThat(added.getStatusCode().value()).as(added.getBody()).isEqualTo(201);
  }

  private ResponseEntity<String> post(String user, HttpEntity<String> request) {
    return http.withBasicAuth(user, "demo").postForEntity("/api/low-lines", request, String.class);
  }
}
