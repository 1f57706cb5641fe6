package org.aidflow.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * AidFlow's gauges for Prometheus: job backlog and failed jobs, open incidents, open and overdue tasks by step,
 * service-level breaches, intakes, payments and their amount, failed notices. The figures come from a few counting
 * queries, run at most once per {@code aidflow.metrics.refresh} (PT30S) however often the endpoint is scraped.
 */
@Component
public class AidFlowMetrics implements MeterBinder {

  /** One reading of all figures. */
  record Snapshot(Map<String, Double> figures, List<Map<String, Object>> tasks) {
  }

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final Duration refresh;
  private volatile Snapshot snapshot;
  private volatile Instant readAt = Instant.MIN;
  private MultiGauge openTasks;
  private MultiGauge overdueTasks;

  public AidFlowMetrics(JdbcTemplate jdbc, Clock clock, @Value("${aidflow.metrics.refresh:PT30S}") Duration refresh) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.refresh = refresh;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    gauge(registry, "aidflow.jobs.backlog", "jobs due and waiting for the job executor", "jobsDue");
    gauge(registry, "aidflow.jobs.failed", "jobs whose retries are spent", "jobsFailed");
    gauge(registry, "aidflow.incidents.open", "open incidents", "incidents");
    gauge(registry, "aidflow.servicelevel.breaches", "service-level breaches recorded (escalations)", "breaches");
    gauge(registry, "aidflow.servicelevel.breaches.open", "service-level breaches not handled yet", "breachesOpen");
    gauge(registry, "aidflow.intakes", "cases opened at intake", "intakes");
    gauge(registry, "aidflow.payments", "payments disbursed", "payments");
    gauge(registry, "aidflow.payments.amount", "amount disbursed, CNY", "paymentsAmount");
    gauge(registry, "aidflow.notifications.failed", "notices whose sending failed for good", "noticesFailed");
    openTasks = MultiGauge.builder("aidflow.tasks.open").description("open tasks by step").register(registry);
    overdueTasks = MultiGauge.builder("aidflow.tasks.overdue").description("open tasks past their due date by step")
        .register(registry);
    // the task gauges' rows change with the steps that have tasks: registered again on every refresh
  }

  private void gauge(MeterRegistry registry, String name, String description, String figure) {
    ToDoubleFunction<AidFlowMetrics> read = m -> m.current().figures().getOrDefault(figure, 0.0);
    Gauge.builder(name, this, read).description(description).register(registry);
  }

  /** The figures, read again when older than the refresh interval. */
  synchronized Snapshot current() {
    Instant now = clock.instant();
    if (snapshot == null || readAt.plus(refresh).isBefore(now)) {
      snapshot = read(now);
      readAt = now;
      if (openTasks != null) {
        openTasks.register(snapshot.tasks().stream().map(row -> MultiGauge.Row.of(Tags.of("step",
            String.valueOf(row.get("step"))), ((Number) row.get("open")).doubleValue())).toList(), true);
        overdueTasks.register(snapshot.tasks().stream().map(row -> MultiGauge.Row.of(Tags.of("step",
            String.valueOf(row.get("step"))), ((Number) row.get("overdue")).doubleValue())).toList(), true);
      }
    }
    return snapshot;
  }

  private Snapshot read(Instant now) {
    Timestamp at = Timestamp.from(now);
    Map<String, Object> row = jdbc.queryForMap("SELECT"
        + " (SELECT COUNT(*) FROM act_ru_job WHERE retries_ > 0 AND suspension_state_ = 1"
        + "   AND (duedate_ IS NULL OR duedate_ <= ?)) AS jobs_due,"
        + " (SELECT COUNT(*) FROM act_ru_job WHERE retries_ = 0) AS jobs_failed,"
        + " (SELECT COUNT(*) FROM act_ru_incident) AS incidents,"
        + " (SELECT COUNT(*) FROM escalation) AS breaches,"
        + " (SELECT COUNT(*) FROM escalation WHERE handled_at IS NULL) AS breaches_open,"
        + " (SELECT COUNT(*) FROM aid_case) AS intakes,"
        + " (SELECT COUNT(*) FROM ledger_entry WHERE kind = 'DISBURSE') AS payments,"
        + " (SELECT COALESCE(SUM(amount), 0) FROM ledger_entry WHERE kind = 'DISBURSE') AS payments_amount,"
        + " (SELECT COUNT(*) FROM notification WHERE failed_at IS NOT NULL) AS notices_failed", at);
    Map<String, Double> figures = Map.of("jobsDue", number(row, "jobs_due"), "jobsFailed", number(row, "jobs_failed"),
        "incidents", number(row, "incidents"), "breaches", number(row, "breaches"),
        "breachesOpen", number(row, "breaches_open"), "intakes", number(row, "intakes"),
        "payments", number(row, "payments"), "paymentsAmount", number(row, "payments_amount"),
        "noticesFailed", number(row, "notices_failed"));
    List<Map<String, Object>> tasks = jdbc.queryForList("SELECT task_def_key_ AS step, COUNT(*) AS open,"
        + " SUM(CASE WHEN due_date_ < ? THEN 1 ELSE 0 END) AS overdue FROM act_ru_task GROUP BY task_def_key_", at);
    return new Snapshot(figures, tasks);
  }

  private static double number(Map<String, Object> row, String column) {
    Object value = row.get(column);
    return value == null ? 0 : ((Number) value).doubleValue();
  }
}
