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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.shared.Databases;
import org.aidflow.shared.Organisation;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.CleanableHistoricBatchReportResult;
import org.camunda.bpm.engine.history.CleanableHistoricDecisionInstanceReportResult;
import org.camunda.bpm.engine.history.CleanableHistoricProcessInstanceReportResult;
import org.camunda.bpm.engine.history.HistoricJobLog;
import org.camunda.bpm.engine.runtime.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * AidFlow's gauges for Prometheus (docs/operations.md, "Metrics"): job backlog and failed jobs, open incidents, open
 * and overdue tasks by step, organisation and unit, service-level breaches, intakes, payments and their amount by
 * organisation, failed notices, and the history cleanup's progress. The database is read by a scheduled
 * {@link #refresh()} every {@code aidflow.metrics.refresh} (PT30S), the history cleanup's figures at most once per
 * {@code aidflow.metrics.history-cleanup-refresh} (PT10M); a scrape only reads the last figures and never queries.
 * Tags are bounded: steps, organisation codes and unit codes, never users or cases.
 */
@Component
public class AidFlowMetrics implements MeterBinder {

  private static final Logger LOG = LoggerFactory.getLogger(AidFlowMetrics.class);

  /** The tag value of tasks no unit's group is a candidate for (assignee only, cross-organisation supervisors). */
  static final String NO_UNIT = "none";

  /** Every gauge AidFlowMetrics registers (Micrometer names; Prometheus writes dots as underscores). */
  public static final List<String> NAMES = List.of("aidflow.jobs.backlog", "aidflow.jobs.failed",
      "aidflow.incidents.open", "aidflow.notifications.failed", "aidflow.tasks.open", "aidflow.tasks.overdue",
      "aidflow.servicelevel.breaches", "aidflow.servicelevel.breaches.open", "aidflow.intakes", "aidflow.payments",
      "aidflow.payments.amount", "aidflow.history.cleanup.removable", "aidflow.history.cleanup.jobs",
      "aidflow.history.cleanup.failing", "aidflow.history.cleanup.last.run.timestamp.seconds",
      "aidflow.history.cleanup.next.run.timestamp.seconds");

  /** Open and overdue tasks of one step in one unit. */
  record TaskRow(String step, String unit, double open, double overdue) {
  }

  /** One reading of the database figures. */
  record Snapshot(Map<String, Double> figures, List<TaskRow> tasks, Map<String, Map<String, Double>> byOrg) {
    static final Snapshot EMPTY = new Snapshot(Map.of(), List.of(), Map.of());
  }

  /** One reading of the history cleanup's state. */
  record Cleanup(Map<String, Double> removable, double jobs, double failing, double lastRun, double nextRun) {
    static final Cleanup EMPTY = new Cleanup(Map.of(), 0, 0, 0, 0);
  }

  private final JdbcTemplate jdbc;
  private final ObjectProvider<HistoryService> history;
  private final Clock clock;
  private final Duration cleanupRefresh;
  private final TransactionTemplate readings;
  private final Duration readingLimit;
  private volatile Snapshot snapshot = Snapshot.EMPTY;
  private volatile Cleanup cleanup = Cleanup.EMPTY;
  private volatile Instant cleanupReadAt = Instant.MIN;
  private final List<MultiGauge> taskGauges = new ArrayList<>();
  private final Map<String, MultiGauge> orgGauges = new LinkedHashMap<>();
  private MultiGauge removableGauge;

  public AidFlowMetrics(JdbcTemplate jdbc, ObjectProvider<HistoryService> history, Clock clock,
      @Value("${aidflow.metrics.history-cleanup-refresh:PT10M}") Duration cleanupRefresh,
      PlatformTransactionManager transactions, @Value("${aidflow.metrics.reading-limit:PT20S}") Duration readingLimit) {
    this.jdbc = jdbc;
    this.history = history;
    this.clock = clock;
    this.cleanupRefresh = cleanupRefresh;
    this.readings = new TransactionTemplate(transactions);
    readings.setReadOnly(true);
    this.readingLimit = readingLimit;
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    gauge(registry, "aidflow.jobs.backlog", "jobs due and waiting for the job executor", "jobsDue");
    gauge(registry, "aidflow.jobs.failed", "jobs whose retries are spent", "jobsFailed");
    gauge(registry, "aidflow.incidents.open", "open incidents", "incidents");
    gauge(registry, "aidflow.notifications.failed", "notices whose sending failed for good", "noticesFailed");
    taskGauges.add(MultiGauge.builder("aidflow.tasks.open").description("open tasks by step and unit")
        .register(registry));
    taskGauges.add(MultiGauge.builder("aidflow.tasks.overdue")
        .description("open tasks past their due date by step and unit").register(registry));
    orgGauge(registry, "aidflow.servicelevel.breaches", "service-level breaches recorded (escalations) by organisation");
    orgGauge(registry, "aidflow.servicelevel.breaches.open", "service-level breaches not handled yet by organisation");
    orgGauge(registry, "aidflow.intakes", "cases opened at intake by intake organisation");
    orgGauge(registry, "aidflow.payments", "payments disbursed by the fund's organisation");
    orgGauge(registry, "aidflow.payments.amount", "amount disbursed by the fund's organisation, CNY");
    removableGauge = MultiGauge.builder("aidflow.history.cleanup.removable")
        .description("history past its removal time, not yet removed by the history cleanup (process, decision, batch)")
        .register(registry);
    Gauge.builder("aidflow.history.cleanup.jobs", this, m -> m.cleanup.jobs())
        .description("history cleanup jobs scheduled (0: no cleanup window configured)").register(registry);
    Gauge.builder("aidflow.history.cleanup.failing", this, m -> m.cleanup.failing())
        .description("history cleanup jobs whose last run failed").register(registry);
    Gauge.builder("aidflow.history.cleanup.last.run.timestamp.seconds", this, m -> m.cleanup.lastRun())
        .description("when a history cleanup job last ran without failure, epoch seconds (0: never)").register(registry);
    Gauge.builder("aidflow.history.cleanup.next.run.timestamp.seconds", this, m -> m.cleanup.nextRun())
        .description("when the history cleanup job is due next, epoch seconds (0: not scheduled)").register(registry);
    publishRows();
  }

  private void gauge(MeterRegistry registry, String name, String description, String figure) {
    ToDoubleFunction<AidFlowMetrics> read = m -> m.snapshot.figures().getOrDefault(figure, 0.0);
    Gauge.builder(name, this, read).description(description).register(registry);
  }

  private void orgGauge(MeterRegistry registry, String name, String description) {
    orgGauges.put(name, MultiGauge.builder(name).description(description).register(registry));
  }

  /** Reads the figures from the database; the gauges show them until the next refresh. */
  @Scheduled(fixedDelayString = "${aidflow.metrics.refresh:PT30S}")
  public void refresh() {
    Instant now = clock.instant();
    try {
      snapshot = withinLimit(() -> read(now));
    } catch (RuntimeException e) {
      LOG.warn("指标读取失败 / reading the metrics failed: {}", e.toString());
    }
    if (cleanupReadAt.plus(cleanupRefresh).isBefore(now) || cleanupReadAt.isAfter(now)) {
      // tried again only after the interval, also when it failed: the reports read the whole history
      cleanupReadAt = now;
      try {
        cleanup = withinLimit(() -> readCleanup(now));
      } catch (RuntimeException e) {
        LOG.warn("历史清理指标读取失败 / reading the history cleanup metrics failed: {}", e.toString());
      }
    }
    publishRows();
  }

  /**
   * Runs a reading in a read-only transaction. On PostgreSQL its statements are planned with their values at every
   * reading, never from a plan the pooled connection kept while the tables were small, and each is stopped after
   * {@code aidflow.metrics.reading-limit} (PT20S). The reading of open tasks once ran one statement for more than ten
   * minutes, a core's worth, while 100,000 open cases were copied in (docs/benchmark-and-tuning.md); now such a
   * reading fails, the figures read before stay shown, and the next refresh reads again.
   */
  <T> T withinLimit(Supplier<T> reading) {
    return readings.execute(status -> {
      if (Databases.isPostgres(jdbc)) {
        // both settings in one round trip
        jdbc.execute("SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL statement_timeout = "
            + readingLimit.toMillis());
      }
      return reading.get();
    });
  }

  /** Shows these figures (tests: a reading without a database). */
  void show(Snapshot figures, Cleanup cleanupFigures) {
    snapshot = figures;
    cleanup = cleanupFigures;
    publishRows();
  }

  /** The tagged gauges' rows change with the steps and units that have tasks: registered again on every refresh. */
  private synchronized void publishRows() {
    if (taskGauges.isEmpty()) {
      return;
    }
    Snapshot current = snapshot;
    taskGauges.get(0).register(current.tasks().stream().map(row -> MultiGauge.Row.of(taskTags(row), row.open()))
        .toList(), true);
    taskGauges.get(1).register(current.tasks().stream().map(row -> MultiGauge.Row.of(taskTags(row), row.overdue()))
        .toList(), true);
    orgGauges.forEach((name, gauge) -> gauge.register(
        withAllOrganisations(current.byOrg().getOrDefault(name, Map.of())).entrySet().stream()
            .map(e -> MultiGauge.Row.of(Tags.of("org", e.getKey()), e.getValue())).toList(), true));
    Map<String, Double> removable = new LinkedHashMap<>(Map.of("process", 0.0, "decision", 0.0, "batch", 0.0));
    removable.putAll(cleanup.removable());
    removableGauge.register(removable.entrySet().stream()
        .map(e -> MultiGauge.Row.of(Tags.of("kind", e.getKey()), e.getValue())).toList(), true);
  }

  private static Tags taskTags(TaskRow row) {
    String org = NO_UNIT.equals(row.unit()) ? NO_UNIT : OrganisationUnit.typeOf(row.unit());
    return Tags.of("step", row.step(), "org", org, "unit", row.unit());
  }

  /** Each of the five organisations has a row, 0 until it has something to count. */
  private static Map<String, Double> withAllOrganisations(Map<String, Double> figures) {
    Map<String, Double> rows = new LinkedHashMap<>();
    for (Organisation org : Organisation.values()) {
      rows.put(org.code(), 0.0);
    }
    rows.putAll(figures);
    return rows;
  }

  Snapshot read(Instant now) {
    Timestamp at = Timestamp.from(now);
    Map<String, Object> row = jdbc.queryForMap("SELECT"
        + " (SELECT COUNT(*) FROM act_ru_job WHERE retries_ > 0 AND suspension_state_ = 1"
        + "   AND (duedate_ IS NULL OR duedate_ <= ?)) AS jobs_due,"
        + " (SELECT COUNT(*) FROM act_ru_job WHERE retries_ = 0) AS jobs_failed,"
        + " (SELECT COUNT(*) FROM act_ru_incident) AS incidents,"
        + " (SELECT COUNT(*) FROM notification WHERE failed_at IS NOT NULL) AS notices_failed", at);
    Map<String, Double> figures = Map.of("jobsDue", number(row.get("jobs_due")),
        "jobsFailed", number(row.get("jobs_failed")), "incidents", number(row.get("incidents")),
        "noticesFailed", number(row.get("notices_failed")));

    // a task belongs to the unit whose group is its candidate (docs/organisation-units.md); one unit per task
    Map<List<String>, double[]> tasks = new LinkedHashMap<>();
    jdbc.query("SELECT t.task_def_key_ AS step, g.grp, COUNT(*) AS open,"
        + " SUM(CASE WHEN t.due_date_ < ? THEN 1 ELSE 0 END) AS overdue"
        + " FROM act_ru_task t LEFT JOIN (SELECT task_id_, MIN(group_id_) AS grp FROM act_ru_identitylink"
        + "   WHERE type_ = 'candidate' AND (group_id_ LIKE '%-caseworkers' OR group_id_ LIKE '%-supervisors')"
        + "   GROUP BY task_id_) g ON g.task_id_ = t.id_"
        + " GROUP BY t.task_def_key_, g.grp", rs -> {
          String unit = Objects.requireNonNullElse(OrganisationUnit.unitOfGroup(rs.getString("grp")), NO_UNIT);
          double[] sums = tasks.computeIfAbsent(List.of(String.valueOf(rs.getString("step")), unit),
              k -> new double[2]);
          sums[0] += rs.getLong("open");
          sums[1] += rs.getLong("overdue");
        }, at);
    List<TaskRow> taskRows = tasks.entrySet().stream()
        .map(e -> new TaskRow(e.getKey().get(0), e.getKey().get(1), e.getValue()[0], e.getValue()[1])).toList();

    Map<String, Map<String, Double>> byOrg = new LinkedHashMap<>();
    jdbc.query("SELECT org, COUNT(*) AS breaches, SUM(CASE WHEN handled_at IS NULL THEN 1 ELSE 0 END) AS open"
        + " FROM escalation GROUP BY org", rs -> {
          put(byOrg, "aidflow.servicelevel.breaches", rs.getString("org"), rs.getLong("breaches"));
          put(byOrg, "aidflow.servicelevel.breaches.open", rs.getString("org"), rs.getLong("open"));
        });
    jdbc.query("SELECT intake_org AS org, COUNT(*) AS intakes FROM aid_case GROUP BY intake_org",
        (RowCallbackHandler) rs -> put(byOrg, "aidflow.intakes", rs.getString("org"), rs.getLong("intakes")));
    // the ledger grouped by fund first, then the few funds' rows joined for their organisation
    jdbc.query("SELECT f.org, SUM(d.payments) AS payments, SUM(d.amount) AS amount FROM (SELECT fund_code, fund_year,"
        + " COUNT(*) AS payments, SUM(amount) AS amount FROM ledger_entry WHERE kind = 'DISBURSE'"
        + " GROUP BY fund_code, fund_year) d JOIN fund f ON f.code = d.fund_code AND f.fund_year = d.fund_year"
        + " GROUP BY f.org", rs -> {
          put(byOrg, "aidflow.payments", rs.getString("org"), rs.getLong("payments"));
          put(byOrg, "aidflow.payments.amount", rs.getString("org"), number(rs.getBigDecimal("amount")));
        });
    return new Snapshot(figures, taskRows, byOrg);
  }

  private static void put(Map<String, Map<String, Double>> byOrg, String name, String org, double value) {
    byOrg.computeIfAbsent(name, k -> new LinkedHashMap<>()).merge(String.valueOf(org), value, Double::sum);
  }

  /**
   * Camunda's cleanable-history reports (what is past its removal time and waits for the cleanup) and the cleanup
   * jobs' own state: whether their last run failed, when they are due next, and when one last ran without failure
   * (its newest success in the job log).
   */
  Cleanup readCleanup(Instant now) {
    HistoryService historyService = history.getObject();
    Map<String, Double> removable = new LinkedHashMap<>();
    removable.put("process", historyService.createCleanableHistoricProcessInstanceReport().list().stream()
        .mapToDouble(CleanableHistoricProcessInstanceReportResult::getCleanableProcessInstanceCount).sum());
    removable.put("decision", historyService.createCleanableHistoricDecisionInstanceReport().list().stream()
        .mapToDouble(CleanableHistoricDecisionInstanceReportResult::getCleanableDecisionInstanceCount).sum());
    removable.put("batch", historyService.createCleanableHistoricBatchReport().list().stream()
        .mapToDouble(CleanableHistoricBatchReportResult::getCleanableBatchesCount).sum());
    List<Job> jobs = historyService.findHistoryCleanupJobs();
    double failing = jobs.stream().filter(job -> job.getExceptionMessage() != null).count();
    double nextRun = jobs.stream().map(Job::getDuedate).filter(Objects::nonNull).mapToDouble(d -> d.getTime() / 1000.0)
        .min().orElse(0);
    double lastRun = 0;
    for (Job job : jobs) {
      List<HistoricJobLog> logs = historyService.createHistoricJobLogQuery().jobId(job.getId()).successLog()
          .orderByTimestamp().desc().listPage(0, 1);
      if (!logs.isEmpty()) {
        lastRun = Math.max(lastRun, logs.get(0).getTimestamp().getTime() / 1000.0);
      }
    }
    return new Cleanup(removable, jobs.size(), failing, lastRun, nextRun);
  }

  private static double number(Object value) {
    return value == null ? 0 : ((Number) value).doubleValue();
  }
}
