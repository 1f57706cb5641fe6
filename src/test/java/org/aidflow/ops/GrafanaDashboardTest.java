package org.aidflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * deploy/grafana/aidflow-dashboard.json never drifts from the metrics: every metric AidFlowMetrics registers (read
 * from a registry it is bound to, with a row for every tagged gauge) is in some panel's expression, and the
 * dashboard's datasource is the variable DS_PROMETHEUS.
 */
class GrafanaDashboardTest {

  private static final Path DASHBOARD = Path.of("deploy/grafana/aidflow-dashboard.json");

  @Test
  void everyAidFlowMetricIsInAPanel() throws Exception {
    String expressions = String.join("\n", expressions());

    Set<String> registered = registeredNames();

    assertThat(registered).as("AidFlowMetrics.NAMES lists what it registers")
        .isEqualTo(new TreeSet<>(AidFlowMetrics.NAMES.stream().map(n -> n.replace('.', '_')).toList()));
    for (String name : registered) {
      assertThat(expressions).as("a panel of %s shows %s", DASHBOARD, name).containsPattern(name + "(?![a-z_])");
    }
    for (String springMetric : List.of("jvm_memory_used_bytes", "http_server_requests_seconds_bucket",
        "hikaricp_connections_active", "hikaricp_connections_pending")) {
      assertThat(expressions).contains(springMetric);
    }
    assertThat(expressions).contains("histogram_quantile(0.95");
  }

  @Test
  void theDatasourceIsAVariable() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    assertThat(dashboard.get("__inputs").get(0).get("name").asText()).isEqualTo("DS_PROMETHEUS");
    assertThat(dashboard.findValues("datasource")).isNotEmpty().allSatisfy(datasource ->
        assertThat(datasource.get("uid").asText()).isEqualTo("${DS_PROMETHEUS}"));
  }

  private static List<String> expressions() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    List<String> expressions = new ArrayList<>();
    for (JsonNode target : dashboard.findValues("targets")) {
      target.forEach(t -> expressions.add(t.get("expr").asText()));
    }
    assertThat(expressions).isNotEmpty();
    return expressions;
  }

  /** The Prometheus names of the meters AidFlowMetrics registers once every tagged gauge has a row. */
  private static Set<String> registeredNames() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AidFlowMetrics metrics = new AidFlowMetrics(new JdbcTemplate(), null, Clock.systemUTC(), Duration.ofMinutes(10), null,
        Duration.ofSeconds(20));
    metrics.bindTo(registry);
    metrics.show(new AidFlowMetrics.Snapshot(Map.of(), List.of(new AidFlowMetrics.TaskRow("verifyCase", "union-33", 1, 0)),
        Map.of()), new AidFlowMetrics.Cleanup(Map.of("process", 2.0), 1, 0, 0, 0));
    Set<String> names = new TreeSet<>();
    for (Meter meter : registry.getMeters()) {
      names.add(registry.config().namingConvention().name(meter.getId().getName(), meter.getId().getType(),
          meter.getId().getBaseUnit()));
    }
    assertThat(names).contains("aidflow_tasks_open", "aidflow_history_cleanup_removable", "aidflow_intakes");
    return names;
  }
}
