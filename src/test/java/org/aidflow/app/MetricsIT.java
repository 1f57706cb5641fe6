package org.aidflow.app;

import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aidflow.ops.AidFlowMetrics;
import org.aidflow.support.ApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * /actuator/prometheus: authenticated, with AidFlow's figures, which move when a case is worked. Spring Boot turns
 * metrics export off in tests unless asked: ApplicationTest asks, for the one shared context.
 */
class MetricsIT extends ApplicationTest {

  @Autowired TestRestTemplate http;
  @Autowired AidFlowMetrics metrics;

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
        "aidflow_servicelevel_breaches", "aidflow_intakes", "aidflow_payments", "aidflow_payments_amount",
        "aidflow_notifications_failed", "jvm_memory_used_bytes", "hikaricp_connections_active",
        "http_server_requests_seconds_count"}) {
      assertThat(before).as(name).containsPattern("(?m)^" + name + "[ {]");
    }

    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> created = http.withBasicAuth("intake", "demo").postForEntity("/api/cases",
        new HttpEntity<>(new ObjectMapper().writeValueAsString(applicant()), headers), String.class);
    assertThat(created.getStatusCode().value()).isEqualTo(201);

    String after = scrape();
    assertThat(value(after, "aidflow_intakes")).isEqualTo(value(before, "aidflow_intakes") + 1);
    assertThat(value(after, "aidflow_tasks_open\\{step=\"verifyCase\"\\}"))
        .isGreaterThan(valueOrZero(before, "aidflow_tasks_open\\{step=\"verifyCase\"\\}"));
    assertThat(after).containsPattern("(?m)^aidflow_tasks_overdue\\{step=\"verifyCase\"\\} ");
  }

  /** Two scrapes with the cache expired: the first reads the figures, the second shows the task rows as well. */
  private String scrape() {
    ReflectionTestUtils.setField(metrics, "readAt", Instant.MIN);
    get();
    return get();
  }

  private String get() {
    ResponseEntity<String> answer = http.withBasicAuth("intake", "demo").getForEntity("/actuator/prometheus",
        String.class);
    assertThat(answer.getStatusCode().value()).isEqualTo(200);
    return answer.getBody();
  }

  private static double value(String scrape, String series) {
    Matcher m = Pattern.compile("(?m)^" + series + "(?:\\{[^}]*\\})? (\\S+)$").matcher(scrape);
    assertThat(m.find()).as(series).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static double valueOrZero(String scrape, String series) {
    Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
