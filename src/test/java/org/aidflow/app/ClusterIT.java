package org.aidflow.app;

import static org.aidflow.servicelevel.EscalationModel.*;
import static org.aidflow.shared.AidCaseModel.*;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.shared.ReferralModel.*;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.aidflow.AidFlowApplication;
import org.aidflow.assistance.FundLedger;
import org.aidflow.notification.NotificationDispatcher;
import org.aidflow.servicelevel.EscalationModel;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.support.Applicants;
import org.aidflow.support.ApplicationTest;
import org.aidflow.support.EmbeddedDatabase;
import org.aidflow.support.JobExecutors;
import org.aidflow.support.Plans;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Scale-out on one database: two AidFlow nodes (this test's application and a second Spring Boot application of
 * the same jar and profiles, both with their job executors on) share one PostgreSQL and take 500 cases from intake
 * to closure. Every step is done alternately through either node, as a load balancer spreads caseworkers; the
 * asynchronous payments, the follow-up timers and the service-level timers are raced for by both job executors.
 * Every case closes, every paid item is paid once, every reminder and escalation is recorded, started and sent
 * once, and both nodes really did work.
 */
class ClusterIT extends ApplicationTest {

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(ClusterIT.class);

  private static final int CASES = Integer.getInteger("aidflow.cluster.cases", 500);
  /** Every fifth case lets its verification run past 80 % and 100 % of its time. */
  private static final int LATE_EVERY = 5;
  private static final int AMOUNT = 800;
  /** Caseworkers at work at the same time, spread over both nodes. */
  private static final int DRIVERS = 4;
  private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(3);

  @Autowired ProcessEngine firstNode;
  @Autowired FundLedger ledger;
  @Autowired JdbcTemplate jdbc;

  @Test
  void twoNodesOnOneDatabaseTake500CasesFromIntakeToClosureDoingEverySideEffectOnce() throws Exception {
    int year = LocalDate.now(AidFlowConfiguration.ZONE).getYear();
    String fund = "cluster-" + System.nanoTime();
    ledger.openFund(fund, year, "union", "集群测试资金", new BigDecimal(CASES * AMOUNT));
    List<Map<String, Object>> applicants = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      // household of 2 on 3,000 a month: 1,500 per person, between the low line (1,200) and twice it: RELATIVE;
      // a union member asking for living aid: one referral, the union's hardship grant
      applicants.add(Applicants.applicant(HOUSEHOLD_SIZE, 2, MONTHLY_INCOME, 3000, RIGID_EXPENSES, 0));
    }

    ListAppender<ILoggingEvent> sent = new ListAppender<>();
    String[] cases = new String[CASES];
    String[] referrals = new String[CASES];
    long started = System.nanoTime();
    try (ConfigurableApplicationContext secondApplication = startSecondNode()) {
      log("second node up", started);
      Logger dispatcherLog = (Logger) LoggerFactory.getLogger(NotificationDispatcher.class);
      sent.start();
      dispatcherLog.addAppender(sent);
      List<ProcessEngine> nodes = List.of(firstNode, secondApplication.getBean(ProcessEngine.class));
      assertThat(nodes.get(1)).isNotSameAs(nodes.get(0));

      // intake, alternately on either node
      inParallel(CASES, i -> cases[i] = node(nodes, i).getRuntimeService()
          .startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, applicants.get(i)).getId());
      log(CASES + " cases taken in", started);

      // the late cases: their verification reminder (80 %) and breach (100 %) timers fall due now; either node's
      // job executor may fire each
      for (String lateCase : lateCases(cases)) {
        for (String timer : List.of(VERIFICATION_REMINDER_DUE, VERIFICATION_OVERDUE)) {
          Job job = firstNode.getManagementService().createJobQuery().processInstanceId(lateCase).activityId(timer)
              .singleResult();
          firstNode.getManagementService().setJobDuedate(job.getId(), new Date(System.currentTimeMillis() - 1000));
        }
      }
      JobExecutors.wake(nodes);
      awaitTrue("service-level timers of the late cases fired", () -> firstNode.getManagementService().createJobQuery()
          .processInstanceIds(set(lateCases(cases))).timers().count() == 0);
      log("service-level timers fired", started);

      // verification, acceptance, plan and delivery, each step through the other node than the one before
      inParallel(CASES, i -> {
        complete(node(nodes, i + 1), cases[i], VERIFY_CASE, Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实"));
        List<ProcessInstance> referred = nodes.get(0).getRuntimeService().createProcessInstanceQuery()
            .superProcessInstanceId(cases[i]).list();
        assertThat(referred).as("referrals of case %d", i).hasSize(1);
        referrals[i] = referred.get(0).getId();
        assertThat(nodes.get(0).getRuntimeService().getVariable(referrals[i], ORG)).isEqualTo("union");
        complete(node(nodes, i), referrals[i], ACCEPT_REFERRAL, Map.of(ACCEPTED, true));
        complete(node(nodes, i + 1), referrals[i], PLAN_ASSISTANCE, Map.of(CASH_ITEMS, Plans.cash(fund, AMOUNT),
            SERVICES, "hardship-grant"));
        complete(node(nodes, i), referrals[i], DELIVER_ASSISTANCE, Map.of(DELIVERED, true,
            PAID_ITEMS, Plans.paid("cash-1"), "deliveryNote", "已发放"));
      });
      log("all deliveries recorded", started);

      // the supervisors handle the escalations while the cases are open (closing a case would end them),
      // alternately on either node
      List<Task> escalations = firstNode.getTaskService().createTaskQuery().taskDefinitionKey(ESCALATION)
          .processInstanceBusinessKeyIn(caseNumbers(cases).toArray(String[]::new)).list();
      assertThat(escalations).hasSize(lateCases(cases).length);
      inParallel(escalations.size(), i -> node(nodes, i).getTaskService().complete(escalations.get(i).getId(),
          Map.of("escalationAction", "urge", ESCALATION_NOTE, "已督办")));
      log("all escalations handled", started);

      // the payments are made by the job executors; then every case waits 30 days for its follow-up
      awaitTrue("every case waits for its follow-up", () -> followUpTimers(cases).size() == CASES);
      log("all payments made", started);
      // thirty days later: the follow-up timers fall due, and either node's job executor fires each
      for (Job timer : followUpTimers(cases)) {
        firstNode.getManagementService().setJobDuedate(timer.getId(), new Date(System.currentTimeMillis() - 1000));
      }
      JobExecutors.wake(nodes);
      awaitTrue("every follow-up task is open", () -> firstNode.getTaskService().createTaskQuery()
          .taskDefinitionKey(FOLLOW_UP).processInstanceIdIn(cases).count() == CASES);
      log("all follow-up timers fired", started);

      // the follow-ups, alternately on either node
      inParallel(CASES, i -> complete(node(nodes, i + 1), cases[i], FOLLOW_UP,
          Map.of(FOLLOW_UP_OUTCOME, "RESOLVED", SATISFACTION, 5)));
      log("all cases closed", started);

      // every notice goes out once, whichever node's dispatcher claims it
      awaitTrue("every notice sent", () -> jdbc.queryForObject("SELECT COUNT(*) FROM notification WHERE sent_at IS NULL"
          + " AND case_number IN (SELECT case_number FROM aid_case WHERE process_instance_id IN (" + in(cases) + "))",
          Integer.class) == 0);
      dispatcherLog.detachAppender(sent);
    }

    List<String> caseNumbers = caseNumbers(cases);
    String numbers = caseNumbers.stream().map(n -> "'" + n + "'").collect(Collectors.joining(","));

    // every case closed, resolved
    assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceIds(set(cases)).completed().count())
        .isEqualTo(CASES);
    assertThat(jdbc.queryForList("SELECT closure_reason FROM aid_case WHERE case_number IN (" + numbers + ")",
        String.class)).hasSize(CASES).containsOnly("RESOLVED");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM case_referral WHERE case_number IN (" + numbers + ")"
        + " AND status = 'DELIVERED'", Integer.class)).isEqualTo(CASES);

    // each item paid once: one payment per case, no key twice, the fund's totals exact
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE fund_code = ? AND kind = 'DISBURSE'",
        Integer.class, fund)).isEqualTo(CASES);
    assertThat(jdbc.queryForList("SELECT case_number FROM ledger_entry WHERE fund_code = ? AND kind = 'DISBURSE'"
        + " GROUP BY case_number, referral_id, item HAVING COUNT(*) <> 1", String.class, fund)).isEmpty();
    assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT case_number) FROM ledger_entry WHERE fund_code = ?"
        + " AND kind = 'DISBURSE'", Integer.class, fund)).isEqualTo(CASES);
    assertThat(ledger.balance(fund, year).disbursed()).isEqualByComparingTo(new BigDecimal(CASES * AMOUNT));
    assertThat(ledger.balance(fund, year).reserved()).isZero();
    assertThat(ledger.unreconciledFunds()).isEmpty();

    // each late case: one reminder, one breach, one escalation instance, one notice of each kind, each sent once;
    // nobody else got any
    List<String> lateNumbers = caseNumbers(lateCases(cases));
    Map<String, Integer> escalationsPerCase = countPerCase("SELECT case_number FROM escalation WHERE case_number IN ("
        + numbers + ")");
    assertThat(escalationsPerCase).containsOnlyKeys(lateNumbers).allSatisfy((caseNumber, count) ->
        assertThat(count).as(caseNumber).isEqualTo(1));
    for (String kind : List.of("REMINDER", "ESCALATION")) {
      Map<String, Integer> perCase = countPerCase("SELECT case_number FROM notification WHERE kind = '" + kind
          + "' AND case_number IN (" + numbers + ")");
      assertThat(perCase).as(kind).containsOnlyKeys(lateNumbers).allSatisfy((caseNumber, count) ->
          assertThat(count).as("%s %s", kind, caseNumber).isEqualTo(1));
    }
    assertThat(jdbc.queryForList("SELECT idempotency_key FROM notification GROUP BY idempotency_key HAVING COUNT(*) > 1",
        String.class)).isEmpty();
    assertThat(historyService.createHistoricProcessInstanceQuery().processDefinitionKey(EscalationModel.PROCESS_KEY)
        .processInstanceBusinessKeyIn(caseNumbers.toArray(String[]::new)).completed().count())
        .isEqualTo(lateNumbers.size());
    Map<String, Long> sentPerNotice = sent.list.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(line -> caseNumbers.stream().anyMatch(line::contains))
        .collect(Collectors.groupingBy(line -> line, Collectors.counting()));
    assertThat(sentPerNotice).hasSize(2 * lateNumbers.size()).allSatisfy((line, count) ->
        assertThat(count).as(line).isEqualTo(1));

    // both nodes' job executors took part: payments and timers on each
    List<Map<String, Object>> byNode = jdbc.queryForList("SELECT hostname_, job_def_type_, COUNT(*) AS jobs"
        + " FROM act_hi_job_log WHERE job_state_ = 2 AND root_proc_inst_id_ IN (" + in(cases) + ")"
        + " GROUP BY hostname_, job_def_type_ ORDER BY hostname_, job_def_type_");
    LOG.info("successful jobs per node and kind: {}", byNode);
    assertThat(byNode.stream().map(row -> row.get("hostname_")).distinct()).as("%s", byNode).hasSize(2);
    assertThat(byNode.stream().filter(row -> "async-continuation".equals(row.get("job_def_type_")))
        .map(row -> row.get("hostname_")).distinct()).as("payments per node: %s", byNode).hasSize(2);
  }

  /**
   * A second node of the same application, profiles and database. Two things of Camunda are JVM-wide rather than
   * per application, so in one JVM they differ from two hosts: engines are registered by name, so this one is
   * named {@code node2} (on separate hosts both would be {@code default}; their job logs tell them apart by host
   * name either way); and the webapps (Tasklist, Cockpit, Admin) keep their runtime in static fields, which a second
   * copy would take over and clear when it stops, so this node serves the REST API but not the webapps.
   */
  private static ConfigurableApplicationContext startSecondNode() {
    return new SpringApplicationBuilder(AidFlowApplication.class).profiles("demo", "postgres")
        .run("--server.port=0", "--DB_URL=" + EmbeddedDatabase.jdbcUrl("postgres"), "--DB_USER=postgres",
            "--DB_PASSWORD=postgres", "--camunda.bpm.process-engine-name=node2", "--camunda.bpm.webapp.enabled=false",
            // as the first node (ApplicationTest): no demo units to take the tests' applicants from the province
            "--aidflow.demo.units=false");
  }

  private static ProcessEngine node(List<ProcessEngine> nodes, int i) {
    return nodes.get(i % 2);
  }

  private static void complete(ProcessEngine node, String processInstanceId, String taskKey,
      Map<String, Object> variables) {
    Task task = node.getTaskService().createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(taskKey)
        .singleResult();
    assertThat(task).as("task %s of %s", taskKey, processInstanceId).isNotNull();
    node.getTaskService().complete(task.getId(), Variables.fromMap(variables));
  }

  private static void inParallel(int count, IntConsumer action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(DRIVERS);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        results.add(pool.submit(() -> action.accept(index)));
      }
      for (Future<?> result : results) {
        result.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + PHASE_TIMEOUT + ": " + what);
      }
      Thread.sleep(200);
    }
  }

  private List<Job> followUpTimers(String[] cases) {
    java.util.Set<String> ours = set(cases);
    return firstNode.getManagementService().createJobQuery().activityId(WAIT_FOR_FOLLOW_UP).list().stream()
        .filter(job -> ours.contains(job.getProcessInstanceId())).toList();
  }

  private List<String> caseNumbers(String[] processInstanceIds) {
    return jdbc.queryForList("SELECT case_number FROM aid_case WHERE process_instance_id IN (" + in(processInstanceIds)
        + ") ORDER BY case_number", String.class);
  }

  private static String[] lateCases(String[] cases) {
    List<String> late = new ArrayList<>();
    for (int i = 0; i < cases.length; i += LATE_EVERY) {
      late.add(cases[i]);
    }
    return late.toArray(String[]::new);
  }

  private Map<String, Integer> countPerCase(String query) {
    Map<String, Integer> counts = new HashMap<>();
    jdbc.queryForList(query, String.class).forEach(caseNumber -> counts.merge(caseNumber, 1, Integer::sum));
    return counts;
  }

  private static String in(String[] ids) {
    return java.util.Arrays.stream(ids).map(id -> "'" + id + "'").collect(Collectors.joining(","));
  }

  private static java.util.Set<String> set(String[] ids) {
    return new java.util.HashSet<>(List.of(ids));
  }

  private static void log(String what, long startedNanos) {
    LOG.info("{} after {} s", what, (System.nanoTime() - startedNanos) / 1_000_000_000L);
  }
}
