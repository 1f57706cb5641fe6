package org.aidflow.benchmark;

import static org.aidflow.shared.ProcessVariables.*;

import com.zaxxer.hikari.HikariDataSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.aidflow.ops.RuntimeTablePlans;
import org.aidflow.ops.TimeOrderedIds;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Camunda alone: a standalone engine on a database of its own, with Camunda's defaults except where AidFlow's
 * configuration changes the cost (history level, UUID ids, pool size, job executor settings), running the
 * {@link BareModels} loop through the same Java API calls as {@link AidFlowCases}: start, claim and complete each task,
 * execute the payment job and the follow-up timer.
 */
final class BareEngineCases implements ClosedLoop.CaseRun, AutoCloseable {

  static final String DATABASE = "bare_engine";
  private static final String CASEWORKER = "caseworker";

  private final ProcessEngine engine;
  private final HikariDataSource dataSource;
  private final RuntimeService runtimeService;
  private final TaskService taskService;
  private final FormService formService;
  private final ManagementService managementService;
  private final boolean jobExecutor;
  private final BenchmarkApplicants applicants = new BenchmarkApplicants();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong loopsRun = new AtomicLong();

  private BareEngineCases(ProcessEngine engine, HikariDataSource dataSource, boolean jobExecutor) {
    this.engine = engine;
    this.dataSource = dataSource;
    this.runtimeService = engine.getRuntimeService();
    this.taskService = engine.getTaskService();
    this.formService = engine.getFormService();
    this.managementService = engine.getManagementService();
    this.jobExecutor = jobExecutor;
  }

  /** Closes the pool's connections, those in use as they come back; the pool opens new ones. */
  void renewConnections() {
    dataSource.getHikariPoolMXBean().softEvictConnections();
  }

  static BareEngineCases start(String jdbcUrl, BenchmarkSettings settings) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(jdbcUrl);
    dataSource.setUsername(BenchmarkDatabase.USER);
    dataSource.setPassword(BenchmarkDatabase.PASSWORD);
    dataSource.setMaximumPoolSize(settings.poolSize());
    dataSource.addDataSourceProperty("reWriteBatchedInserts", String.valueOf(settings.rewriteBatchedInserts()));
    dataSource.setPoolName("bare-engine");

    StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
    configuration.setProcessEngineName("bare-engine");
    configuration.setDataSource(dataSource);
    configuration.setDatabaseSchemaUpdate("true");
    configuration.setHistory(settings.history());
    // AidFlow's ids (ops.TimeOrderedIds); before 7 December the Spring Boot starter's version 1 UUIDs
    // (StrongUuidGenerator), AidFlow's then; Camunda's standalone default draws ids from a table row
    configuration.setIdGenerator(new TimeOrderedIds());
    if (settings.bareCleanupByEndTime()) {
      // AidFlow's history cleanup (application.yml, ADR 9): by end time, so no removal time is stamped on every
      // history row of an instance when it ends; the bare engine stamped them (Camunda's default) before 5 December
      configuration.setHistoryCleanupStrategy("endTimeBased");
      configuration.setHistoryRemovalTimeStrategy("none");
    }
    configuration.setJobExecutor(jobExecutorLikeAidFlows());
    configuration.setJobExecutorActivate(settings.jobExecutor());
    ProcessEngine engine = configuration.buildProcessEngine();
    if (settings.bareRuntimeTablesKeptSized()) {
      // as AidFlow sets its own tables at start-up (ops.RuntimeTablePlans); before 5 December 04:40 UTC the bare
      // engine's were cut back by vacuum, and it read them whole from then on
      RuntimeTablePlans.keepSized(new JdbcTemplate(dataSource));
    }
    engine.getRepositoryService().createDeployment().name("bare")
        .addModelInstance(BareModels.CASE + ".bpmn", BareModels.aidCase())
        .addModelInstance(BareModels.REFERRAL + ".bpmn", BareModels.referral()).deploy();
    return new BareEngineCases(engine, dataSource, settings.jobExecutor());
  }

  /**
   * Camunda's defaults equal the Spring Boot starter's; a job-execution setting given to AidFlow as a system property
   * (camunda.bpm.job-execution.*) is given to the bare engine too.
   */
  private static DefaultJobExecutor jobExecutorLikeAidFlows() {
    DefaultJobExecutor jobExecutor = new DefaultJobExecutor();
    String prefix = "camunda.bpm.job-execution.";
    jobExecutor.setCorePoolSize(Integer.getInteger(prefix + "core-pool-size", jobExecutor.getCorePoolSize()));
    jobExecutor.setMaxPoolSize(Integer.getInteger(prefix + "max-pool-size", jobExecutor.getMaxPoolSize()));
    jobExecutor.setQueueSize(Integer.getInteger(prefix + "queue-capacity", jobExecutor.getQueueSize()));
    jobExecutor.setMaxJobsPerAcquisition(Integer.getInteger(prefix + "max-jobs-per-acquisition",
        jobExecutor.getMaxJobsPerAcquisition()));
    jobExecutor.setWaitTimeInMillis(Integer.getInteger(prefix + "wait-time-in-millis",
        jobExecutor.getWaitTimeInMillis()));
    jobExecutor.setMaxWait(Long.getLong(prefix + "max-wait", jobExecutor.getMaxWait()));
    return jobExecutor;
  }

  @Override
  public void runOneCase() throws InterruptedException {
    // the intake record as plain values (no JSON list), and the flags AidFlow's delegates would have set
    Map<String, Object> intake = new HashMap<>(applicants.next());
    intake.put(CATEGORIES, "living");
    intake.put("eligible", true);
    intake.put(ALL_DECLINED, false);
    ProcessInstance aidCase = runtimeService.startProcessInstanceByKey(BareModels.CASE,
        "BARE-" + sequence.incrementAndGet(), intake);

    EngineSteps.work(taskService, formService,
        taskService.createTaskQuery().processInstanceId(aidCase.getId()).taskDefinitionKey("verifyCase"), CASEWORKER,
        Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实"));
    String referral = EngineSteps.work(taskService, formService,
        taskService.createTaskQuery().processInstanceBusinessKey(aidCase.getBusinessKey())
        .taskDefinitionKey("acceptReferral"), CASEWORKER, Map.of(ACCEPTED, true, "rightsCase", false));
    EngineSteps.work(taskService, formService,
        taskService.createTaskQuery().processInstanceId(referral).taskDefinitionKey("planAssistance"), CASEWORKER,
        Map.of(CASH_ITEMS, "[{\"item\":\"cash-1\",\"fund\":\"union-hardship\",\"amount\":500,\"purpose\":\"测试\"}]",
            SERVICES, "hardship-grant", "doubleAid", false, "approvalNeeded", false));
    EngineSteps.work(taskService, formService,
        taskService.createTaskQuery().processInstanceId(referral).taskDefinitionKey("deliverAssistance"), CASEWORKER,
        Map.of(DELIVERED, true, PAID_ITEMS, "[\"cash-1\"]", "deliveryNote", "已发放"));
    if (jobExecutor) {
      EngineSteps.awaitEnded(runtimeService, referral);
    } else {
      EngineSteps.executeJob(managementService, referral, "disburseFunds");
    }
    EngineSteps.executeJob(managementService, aidCase.getId(), "waitForFollowUp");
    EngineSteps.work(taskService, formService,
        taskService.createTaskQuery().processInstanceId(aidCase.getId()).taskDefinitionKey("followUp"), CASEWORKER,
        Map.of(CONTACT_MADE, true, FOLLOW_UP_OUTCOME, "RESOLVED", SATISFACTION, 5, "followUpNote", "已脱困"));
    loopsRun.incrementAndGet();
  }




  long loopsRun() {
    return loopsRun.get();
  }

  /** Every case the loop started has ended at caseClosed. */
  void checkEveryCaseClosed() {
    long open = runtimeService.createProcessInstanceQuery().count();
    long closed = engine.getHistoryService().createHistoricActivityInstanceQuery().activityId("caseClosed").count();
    if (open != 0 || closed != loopsRun.get()) {
      throw new IllegalStateException("bare engine: " + loopsRun.get() + " cases run, but " + open
          + " instances open, " + closed + " at caseClosed");
    }
  }

  @Override
  public void close() {
    engine.close();
    dataSource.close();
  }
}
