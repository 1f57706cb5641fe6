package org.aidflow.app;

import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aidflow.ops.AidFlowMetrics;
import org.aidflow.organisation.OrganisationService;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.shared.ProcessVariables;
import org.aidflow.support.ApplicationTest;
import org.aidflow.support.TestUnits;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * /actuator/prometheus: authenticated, with AidFlow's figures, which move when a case is worked. Spring Boot turns
 * metrics export off in tests unless asked: ApplicationTest asks, for the one shared context. The figures are read
 * on a schedule; the tests read them at once ({@link AidFlowMetrics#refresh()}) instead of waiting for it.
 */
class MetricsIT extends ApplicationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate http;
  @Autowired AidFlowMetrics metrics;
  @Autowired JdbcTemplate jdbc;
  @Autowired OrganisationUnits units;
  @Autowired OrganisationService organisations;

  @Test
  void anonymousGets401() {
    assertThat(http.getForEntity("/actuator/prometheus", String.class).getStatusCode().value()).isEqualTo(401);
    assertThat(http.withBasicAuth("intake", "wrong").getForEntity("/actuator/prometheus", String.class)
        .getStatusCode().value()).isEqualTo(401);
  }

  @Test
  void theNamedMetricsExistAndMoveWhenACaseIsOpened() throws Exception {
    String before = scrape();
    for (String name : new String[] {"aidflow_jobs_backlog", "aidflow_jobs_failed", "aidflow_incidents_open",
        "aidflow_servicelevel_breaches", "aidflow_servicelevel_breaches_open", "aidflow_intakes", "aidflow_payments",
        "aidflow_payments_amount", "aidflow_notifications_failed", "aidflow_history_cleanup_removable",
        "aidflow_history_cleanup_jobs", "aidflow_history_cleanup_failing",
        "aidflow_history_cleanup_last_run_timestamp_seconds", "aidflow_history_cleanup_next_run_timestamp_seconds",
        "jvm_memory_used_bytes", "hikaricp_connections_active", "http_server_requests_seconds_count",
        "http_server_requests_seconds_bucket"}) {
      assertThat(before).as(name).containsPattern("(?m)^" + name + "[ {]");
    }
    // by organisation: a row for each of the five, even before it has anything to count
    for (String org : new String[] {"union", "youth", "women", "charity", "civil"}) {
      assertThat(before).containsPattern("(?m)^aidflow_intakes\\{org=\"" + org + "\"\\} ");
      assertThat(before).containsPattern("(?m)^aidflow_servicelevel_breaches\\{org=\"" + org + "\"\\} ");
      assertThat(before).containsPattern("(?m)^aidflow_payments_amount\\{org=\"" + org + "\"\\} ");
    }
    // the history cleanup: scheduled (the window is configured), what is removable by kind
    assertThat(sum(before, "aidflow_history_cleanup_jobs")).isGreaterThanOrEqualTo(1);
    assertThat(before).containsPattern("(?m)^aidflow_history_cleanup_removable\\{kind=\"process\"\\} ");
    assertThat(sum(before, "aidflow_history_cleanup_next_run_timestamp_seconds")).isPositive();

    String caseNumber = intake(applicant());

    String after = scrape();
    String org = jdbc.queryForObject("SELECT intake_org FROM aid_case WHERE case_number = ?", String.class, caseNumber);
    assertThat(sum(after, "aidflow_intakes")).isEqualTo(sum(before, "aidflow_intakes") + 1);
    assertThat(sum(after, "aidflow_intakes\\{org=\"" + org + "\"\\}"))
        .isEqualTo(sum(before, "aidflow_intakes\\{org=\"" + org + "\"\\}") + 1);
    assertThat(sum(after, "aidflow_tasks_open\\{[^}]*step=\"verifyCase\"[^}]*\\}"))
        .isEqualTo(sum(before, "aidflow_tasks_open\\{[^}]*step=\"verifyCase\"[^}]*\\}") + 1);
    assertThat(after).containsPattern("(?m)^aidflow_tasks_overdue\\{[^}]*step=\"verifyCase\"[^}]*\\} ");
  }

  @Test
  void openTasksByUnitMoveWhenACaseIsWorkedInAUnit() throws Exception {
    TestUnits.ensure(units, organisations, identityService);
    String series = "aidflow_tasks_open\\{org=\"union\",step=\"verifyCase\",unit=\"" + TestUnits.DISTRICT + "\"\\}";
    String before = scrape();

    Map<String, Object> applicant = applicant();
    applicant.put(ProcessVariables.REGION, TestUnits.DISTRICT_REGION);
    String caseNumber = intake(applicant);
    assertThat(jdbc.queryForObject("SELECT intake_unit FROM aid_case WHERE case_number = ?", String.class,
        caseNumber)).isEqualTo(TestUnits.DISTRICT);

    double opened = sum(before, series) + 1;
    assertThat(sum(scrape(), series)).isEqualTo(opened);

    // the applicant withdraws: the unit's verification task goes away
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> withdrawn = http.withBasicAuth("intake", "demo").postForEntity(
        "/api/cases/" + caseNumber + "/withdrawal", new HttpEntity<>("{\"reason\":\"申请人撤回\"}", headers),
        String.class);
    assertThat(withdrawn.getStatusCode().value()).as(withdrawn.getBody()).isEqualTo(200);
    long deadline = System.currentTimeMillis() + 30_000;
    double now;
    while ((now = sum(scrape(), series)) != opened - 1 && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    assertThat(now).isEqualTo(opened - 1);
  }

  private String intake(Map<String, Object> applicant) throws Exception {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> created = http.withBasicAuth("intake", "demo").postForEntity("/api/cases",
        new HttpEntity<>(JSON.writeValueAsString(applicant), headers), String.class);
    assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
    return JSON.readTree(created.getBody()).get("caseNumber").asText();
  }

  /** The figures read now (and the history cleanup's too), then scraped. */
  private String scrape() {
    ReflectionTestUtils.setField(metrics, "cleanupReadAt", Instant.MIN);
    metrics.refresh();
    ResponseEntity<String> answer = http.withBasicAuth("intake", "demo").getForEntity("/actuator/prometheus",
        String.class);
    assertThat(answer.getStatusCode().value()).isEqualTo(200);
    return answer.getBody();
  }

  /** The sum of a metric's series matching the pattern (name, or name and tags); 0 when there is none. */
  private static double sum(String scrape, String series) {
    Matcher m = Pattern.compile("(?m)^" + series + (series.endsWith("}") ? "" : "(?:\\{[^}]*\\})?") + " (\\S+)$")
        .matcher(scrape);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return sum;
  }
}
