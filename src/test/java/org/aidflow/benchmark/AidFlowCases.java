package org.aidflow.benchmark;

import static org.aidflow.shared.AidCaseModel.*;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.shared.ReferralModel.*;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aidflow.AidFlowApplication;
import org.aidflow.assistance.FundLedger;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.Groups;
import org.aidflow.support.Plans;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * AidFlow as it runs in production (profile postgres, no demo data), on the benchmark's PostgreSQL, and its full case
 * loop through the Java API: an intake officer starts the case, a union caseworker claims and completes every task
 * (verification, acceptance, a 500 CNY plan that needs no approval, delivery), the disbursement job and the 30-day
 * follow-up timer are executed, and the follow-up closes the case RESOLVED.
 */
final class AidFlowCases implements ClosedLoop.CaseRun, AutoCloseable {

  static final String DATABASE = "aidflow";
  static final String INTAKE_OFFICER = "bench-intake";
  static final String CASEWORKER = "bench-union-worker";
  // meets the password policy (upper and lower case, digit, sign, 10 or more characters)
  static final String PASSWORD = "Bench-Password-2026";
  static final String FUND = "union-hardship";
  private static final List<String> INTAKE_GROUPS = List.of(Groups.INTAKE_OFFICERS);
  private static final List<String> CASEWORKER_GROUPS = List.of("union-33-caseworkers");

  private final ConfigurableApplicationContext context;
  private final RuntimeService runtimeService;
  private final TaskService taskService;
  private final FormService formService;
  private final ManagementService managementService;
  private final IdentityService identityService;
  private final JdbcTemplate jdbc;
  private final boolean jobExecutor;
  private final BenchmarkApplicants applicants = new BenchmarkApplicants();
  /** The funds plans draw on, in turn. */
  private List<String> funds;
  private final java.util.concurrent.atomic.AtomicLong plans = new java.util.concurrent.atomic.AtomicLong();
  /** Full loops run to their end, timed or not. */
  private final java.util.concurrent.atomic.AtomicLong loopsRun = new java.util.concurrent.atomic.AtomicLong();

  private AidFlowCases(ConfigurableApplicationContext context, boolean jobExecutor) {
    this.context = context;
    this.runtimeService = context.getBean(RuntimeService.class);
    this.taskService = context.getBean(TaskService.class);
    this.formService = context.getBean(FormService.class);
    this.managementService = context.getBean(ManagementService.class);
    this.identityService = context.getBean(IdentityService.class);
    this.jdbc = context.getBean(JdbcTemplate.class);
    this.jobExecutor = jobExecutor;
  }

  static AidFlowCases start(String jdbcUrl, BenchmarkSettings settings) {
    // command-line arguments, so that they win over application.yml; other -D properties still reach the application
    List<String> arguments = new ArrayList<>(List.of(
        "--DB_URL=" + jdbcUrl,
        "--DB_USER=" + BenchmarkDatabase.USER,
        "--DB_PASSWORD=" + BenchmarkDatabase.PASSWORD,
        "--AIDFLOW_PRIVACY_HASH_KEY=benchmark-only-hash-key-0123456789",
        // base64 of "benchmark-only-aes-key-32-bytes!"
        "--AIDFLOW_PRIVACY_ENCRYPTION_KEY=YmVuY2htYXJrLW9ubHktYWVzLWtleS0zMi1ieXRlcyE=",
        // outside the demo profile the first administrator comes from the settings
        "--AIDFLOW_ADMIN_USER=bench-admin",
        "--AIDFLOW_ADMIN_PASSWORD=Loop-Measure-7f3k-2026",
        "--server.port=0",
        "--camunda.bpm.history-level=" + settings.history(),
        "--camunda.bpm.job-execution.enabled=" + settings.jobExecutor(),
        "--spring.datasource.hikari.maximum-pool-size=" + settings.poolSize(),
        "--spring.datasource.hikari.data-source-properties.reWriteBatchedInserts=" + settings.rewriteBatchedInserts()));
    ConfigurableApplicationContext context = new SpringApplicationBuilder(AidFlowApplication.class)
        .profiles("postgres").run(arguments.toArray(String[]::new));
    AidFlowCases aidFlow = new AidFlowCases(context, settings.jobExecutor());
    aidFlow.prepare(settings.aidflowSql(), settings.funds());
    return aidFlow;
  }

  /** The two logins the loop works as, the fund its plans draw on, and any SQL under test. */
  private void prepare(List<String> sql, int fundCount) {
    funds = fundCount == 1 ? List.of(FUND)
        : java.util.stream.IntStream.rangeClosed(1, fundCount).mapToObj(i -> FUND + "-" + i).toList();
    createUser(INTAKE_OFFICER, Groups.INTAKE_OFFICERS);
    createUser(CASEWORKER, "union-33-caseworkers");
    for (String fund : funds) {
      context.getBean(FundLedger.class).openFund(fund, LocalDate.now(AidFlowConfiguration.ZONE).getYear(), "union",
          "工会困难帮扶资金", new BigDecimal("9999999999"));
    }
    sql.forEach(jdbc::execute);
  }

  private void createUser(String id, String group) {
    User user = identityService.newUser(id);
    user.setFirstName(id);
    user.setLastName("benchmark");
    user.setPassword(PASSWORD);
    identityService.saveUser(user);
    identityService.createMembership(id, group);
  }

  /** A login for the cockpit's figures, in the given group. */
  void createCockpitUser(String id, String group) {
    createUser(id, group);
  }

  /** Closes the pool's connections, those in use as they come back; the pool opens new ones. */
  void renewConnections() {
    context.getBean(com.zaxxer.hikari.HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
  }

  /** A bean of the application under test (the campaign part drives a batch through the engine). */
  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  boolean jobExecutor() {
    return jobExecutor;
  }

  int port() {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  BenchmarkApplicants applicants() {
    return applicants;
  }

  @Override
  public void runOneCase() throws InterruptedException {
    ProcessInstance aidCase;
    try {
      identityService.setAuthentication(INTAKE_OFFICER, INTAKE_GROUPS);
      aidCase = runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, applicants.next());
    } finally {
      identityService.clearAuthentication();
    }
    finishCase(aidCase.getId(), aidCase.getBusinessKey(), Step.VERIFY);
    loopsRun.incrementAndGet();
  }

  /** Where an open case of the loop's path waits: the steps a caseworker still has to take. */
  enum Step {
    VERIFY, ACCEPT, PLAN
  }

  /** Starts a case and takes it as far as the step (the open-cases part's templates), leaving it waiting there. */
  String openCaseAt(Step step) {
    ProcessInstance aidCase;
    try {
      identityService.setAuthentication(INTAKE_OFFICER, INTAKE_GROUPS);
      aidCase = runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, applicants.next());
      identityService.setAuthentication(CASEWORKER, CASEWORKER_GROUPS);
      if (step.compareTo(Step.VERIFY) > 0) {
        EngineSteps.work(taskService, formService, taskService.createTaskQuery().processInstanceId(aidCase.getId())
            .taskDefinitionKey(VERIFY_CASE), CASEWORKER, Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实"));
      }
      if (step.compareTo(Step.ACCEPT) > 0) {
        EngineSteps.work(taskService, formService, taskService.createTaskQuery().processInstanceBusinessKey(aidCase.getBusinessKey())
            .taskDefinitionKey(ACCEPT_REFERRAL), CASEWORKER, Map.of(ACCEPTED, true));
      }
      return aidCase.getId();
    } finally {
      identityService.clearAuthentication();
    }
  }

  /**
   * The rest of the loop for a case waiting at the step, as the union caseworker and the job executor take it: to
   * its closing, RESOLVED after one payment.
   */
  void finishCase(String aidCaseId, String businessKey, Step from) throws InterruptedException {
    try {
      identityService.setAuthentication(CASEWORKER, CASEWORKER_GROUPS);
      if (from == Step.VERIFY) {
        EngineSteps.work(taskService, formService,
            taskService.createTaskQuery().processInstanceId(aidCaseId).taskDefinitionKey(VERIFY_CASE), CASEWORKER,
            Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实"));
      }
      String referral;
      if (from != Step.PLAN) {
        referral = EngineSteps.work(taskService, formService,
            taskService.createTaskQuery().processInstanceBusinessKey(businessKey)
            .taskDefinitionKey(ACCEPT_REFERRAL), CASEWORKER, Map.of(ACCEPTED, true));
      } else {
        referral = taskService.createTaskQuery().processInstanceBusinessKey(businessKey)
            .taskDefinitionKey(PLAN_ASSISTANCE).singleResult().getProcessInstanceId();
      }
      EngineSteps.work(taskService, formService,
          taskService.createTaskQuery().processInstanceId(referral).taskDefinitionKey(PLAN_ASSISTANCE), CASEWORKER,
          Map.of(CASH_ITEMS, Plans.cash(funds.get((int) (plans.getAndIncrement() % funds.size())), 500), SERVICES,
              "hardship-grant"));
      EngineSteps.work(taskService, formService,
          taskService.createTaskQuery().processInstanceId(referral).taskDefinitionKey(DELIVER_ASSISTANCE), CASEWORKER,
          Map.of(DELIVERED, true, PAID_ITEMS, Plans.paid("cash-1"), "deliveryNote", "已发放"));

      // jobs run as the job executor runs them: as no user
      identityService.clearAuthentication();
      if (jobExecutor) {
        EngineSteps.awaitEnded(runtimeService, referral);
      } else {
        EngineSteps.executeJob(managementService, referral, DISBURSE_FUNDS);
      }
      // thirty days later
      EngineSteps.executeJob(managementService, aidCaseId, WAIT_FOR_FOLLOW_UP);

      identityService.setAuthentication(CASEWORKER, CASEWORKER_GROUPS);
      EngineSteps.work(taskService, formService,
          taskService.createTaskQuery().processInstanceId(aidCaseId).taskDefinitionKey(FOLLOW_UP), CASEWORKER,
          Map.of(CONTACT_MADE, true, FOLLOW_UP_OUTCOME, "RESOLVED", SATISFACTION, 5, "followUpNote", "已脱困"));
    } finally {
      identityService.clearAuthentication();
    }
  }

  JdbcTemplate jdbc() {
    return jdbc;
  }

  RuntimeService runtimeService() {
    return runtimeService;
  }

  TaskService taskService() {
    return taskService;
  }

  /** The task queries a union caseworker makes, authenticated as one (authorization checks apply). */
  <T> T asCaseworker(java.util.function.Supplier<T> query) {
    try {
      identityService.setAuthentication(CASEWORKER, CASEWORKER_GROUPS);
      return query.get();
    } finally {
      identityService.clearAuthentication();
    }
  }

  /** Starts cases as the intake officer, from several threads, and leaves them waiting for verification. */
  void startOpenCases(int count, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> started = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        started.add(pool.submit(() -> {
          identityService.setAuthentication(INTAKE_OFFICER, INTAKE_GROUPS);
          try {
            runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, applicants.next());
          } finally {
            identityService.clearAuthentication();
          }
        }));
      }
      for (Future<?> case_ : started) {
        case_.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  long openCases() {
    return runtimeService.createProcessInstanceQuery().processDefinitionKey(AidCaseModel.PROCESS_KEY).count();
  }

  long casesClosedResolved() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM aid_case WHERE status = 'CLOSED' AND closure_reason = 'RESOLVED'",
        Long.class);
  }

  /** Camunda's authorizations by resource type (7 task, 8 process instance, 20 historic process instance). */
  Map<Integer, Long> authorizationsByResourceType() {
    Map<Integer, Long> byType = new java.util.TreeMap<>();
    jdbc.query("SELECT resource_type_, COUNT(*) FROM act_ru_authorization GROUP BY resource_type_",
        rs -> {
          byType.put(rs.getInt(1), rs.getLong(2));
        });
    return byType;
  }

  long ledgerEntries() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry", Long.class);
  }

  long loopsRun() {
    return loopsRun.get();
  }

  /** Every case the loop started has ended, closed RESOLVED after one paid delivery. */
  void checkEveryCaseClosed() {
    long casesRun = loopsRun.get();
    long open = openCases();
    long resolved = casesClosedResolved();
    long paid = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE kind = 'DISBURSE'", Long.class);
    if (open != 0 || resolved != casesRun || paid != casesRun) {
      throw new IllegalStateException("AidFlow: " + casesRun + " cases run, but " + open + " open, " + resolved
          + " closed RESOLVED, " + paid + " disbursements");
    }
  }

  /** What a history cleanup removed and how long it took. */
  record Cleanup(long instancesBefore, long instancesAfter, long historyRowsBefore, long historyRowsAfter,
      int jobRuns, double seconds) {
  }

  /**
   * Camunda's history cleanup as it runs once the cases' time to live has passed: the clock is moved past it, the
   * cleanup job is run now (not waiting for its window) until no ended instance is left, and timed.
   */
  Cleanup cleanUpExpiredHistory(java.time.Duration timeToLive) {
    HistoryService history = context.getBean(HistoryService.class);
    long instancesBefore = history.createHistoricProcessInstanceQuery().finished().count();
    long rowsBefore = historyRows();
    org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(
        java.util.Date.from(java.time.Instant.now().plus(timeToLive).plus(java.time.Duration.ofDays(1))));
    try {
      long started = System.nanoTime();
      int runs = 0;
      history.cleanUpHistoryAsync(true);
      // each run removes up to a batch of each kind of history row; done when a run removes nothing more
      long rows = rowsBefore;
      long rowsLeft;
      do {
        rowsLeft = rows;
        for (org.camunda.bpm.engine.runtime.Job job : history.findHistoryCleanupJobs()) {
          managementService.executeJob(job.getId());
          runs++;
        }
        rows = historyRows();
      } while (rows < rowsLeft && runs < 100_000);
      double seconds = (System.nanoTime() - started) / 1e9;
      return new Cleanup(instancesBefore, history.createHistoricProcessInstanceQuery().finished().count(), rowsBefore,
          historyRows(), runs, seconds);
    } finally {
      org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    }
  }

  private long historyRows() {
    return jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        + " AND table_name LIKE 'act_hi_%'", String.class).stream()
        .mapToLong(table -> jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class)).sum();
  }

  @Override
  public void close() {
    context.close();
  }
}
