package org.aidflow.app;

import static org.aidflow.shared.ProcessVariables.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.support.AppNode;
import org.aidflow.support.Applicants;
import org.aidflow.support.EmbeddedDatabase;
import org.aidflow.support.NodeClient;
import org.aidflow.support.NodeClient.Answer;
import org.aidflow.support.NodeClient.Login;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Crash safety: AidFlow's jar runs as a process of its own on PostgreSQL (profile {@code postgres}) while channels
 * register 60 cases and a caseworker works every task that appears, over HTTP, as Tasklist would. Each case has
 * two asynchronous steps, the payment and the follow-up timer (set to two seconds here). When a third of the
 * payments are made, the node's JVM is killed (SIGKILL, nothing gets to finish) and started again; the channels
 * and the caseworker just retry. Afterwards every case is closed, none is lost or registered twice, each paid
 * item is paid exactly once and nothing stays reserved.
 */
class CrashRecoveryIT {

  private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryIT.class);
  private static final int CASES = 60;
  private static final int AMOUNT = 600;
  private static final String FUND = "union-hardship";
  private static final String DATABASE = "aidflow_crash";
  private static final Duration BOOT = Duration.ofMinutes(4);

  private final ExecutorService driver = Executors.newFixedThreadPool(5);
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicInteger failedCalls = new AtomicInteger();
  private final Map<Integer, String> caseNumbers = new ConcurrentHashMap<>();

  @Test
  void aNodeKilledInTheMiddleOfTheLoadLosesNothingAndDoesNothingTwice() throws Exception {
    String password = "crash-" + UUID.randomUUID();
    String url = EmbeddedDatabase.createDatabase(DATABASE, DATABASE, password);
    Map<String, String> environment = new java.util.LinkedHashMap<>(Map.of(
        "SPRING_PROFILES_ACTIVE", "postgres",
        "DB_URL", url, "DB_USER", DATABASE, "DB_PASSWORD", password,
        "AIDFLOW_PRIVACY_HASH_KEY", "crash-" + UUID.randomUUID(),
        "AIDFLOW_PRIVACY_ENCRYPTION_KEY", randomKey(),
        "TZ", "Asia/Shanghai",
        // the follow-up comes two seconds after the payment instead of thirty days: a second asynchronous step
        "AIDFLOW_POLICY_FIRSTFOLLOWUP", "PT2S"));
    // a job the killed JVM had locked is taken again once its lock expires: 15 s here instead of 5 minutes;
    // an idle job executor looks for due jobs at least every 3 s instead of backing off to a minute
    Login admin = new Login("ops-admin", "Adm-" + UUID.randomUUID());
    environment.put("AIDFLOW_ADMIN_USER", admin.user());
    environment.put("AIDFLOW_ADMIN_PASSWORD", admin.password());
    environment.put("CAMUNDA_BPM_JOBEXECUTION_LOCKTIMEINMILLIS", "15000");
    environment.put("CAMUNDA_BPM_JOBEXECUTION_MAXWAIT", "3000");
    // passwords hashed with PBKDF2's 10,000 iterations instead of 210,000: under C1 (below) a hash takes seconds, and
    // the node hashes the administrator's password and the two users', and checks each login again after the kill;
    // what is tested here is the load, not the hashing (LoginsIT)
    environment.put("AIDFLOW_LOGIN_HASHITERATIONS", "10000");
    JdbcTemplate jdbc = new JdbcTemplate(dataSource(url, DATABASE, password));

    // the JVM compiles with C1 only: it starts sooner and leaves more of the two cores to the load
    try (AppNode node = new AppNode("crash-node", AppNode.freePort(), environment,
        List.of("java", "-XX:TieredStopAtLevel=1", "-jar", "aidflow.jar"))) {
      node.start(run(1)).awaitReady(BOOT);
      NodeClient client = new NodeClient(node);
      Login intake = new Login("channel-online", "Ch-" + UUID.randomUUID());
      Login caseworker = new Login("zhang-union", "Cw-" + UUID.randomUUID());
      client.createUser(admin, intake, "网上受理", "渠道", "intake-officers");
      client.createUser(admin, caseworker, "工会经办", "张", "union-33-caseworkers");
      int year = LocalDate.now(AidFlowConfiguration.ZONE).getYear();
      // exactly enough for every case: a payment made twice could not be reserved
      jdbc.update("INSERT INTO fund (code, fund_year, org, unit, name, budget) VALUES (?, ?, 'union', 'union-33', '工会困难帮扶资金', ?)",
          FUND, year, CASES * AMOUNT);

      List<Future<?>> load = new ArrayList<>();
      load.add(driver.submit(() -> registerCases(client, intake)));
      load.add(driver.submit(() -> workTasks(client, caseworker)));

      // a third of the payments made: kill -9 in the middle of it all
      awaitTrue("a third of the payments", Duration.ofMinutes(4), () -> disbursed(jdbc) >= CASES / 3);
      String atKill = snapshot(jdbc);
      node.kill();
      LOG.info("killed the node with {}", atKill);
      int paidBeforeRestart = disbursed(jdbc);
      assertThat(paidBeforeRestart).as("killed in the middle of the payments").isLessThan(CASES);

      node.start(run(2)).awaitReady(BOOT);
      LOG.info("restarted the node with {}", snapshot(jdbc));
      awaitTrue("every case closed", Duration.ofMinutes(4), () -> caseNumbers.size() == CASES
          && jdbc.queryForObject("SELECT COUNT(*) FROM aid_case WHERE status = 'CLOSED'", Integer.class) == CASES);
      LOG.info("all closed with {}; {} calls failed or were refused and retried", snapshot(jdbc), failedCalls.get());
      stopping.set(true);
      for (Future<?> part : load) {
        part.get(1, TimeUnit.MINUTES);
      }
    } finally {
      stopping.set(true);
      driver.shutdownNow();
    }

    // none lost, none twice: one case per person, one instance per case, every one closed
    assertThat(caseNumbers.values()).doesNotHaveDuplicates().hasSize(CASES);
    assertThat(jdbc.queryForList("SELECT case_number FROM aid_case", String.class))
        .containsExactlyInAnyOrderElementsOf(caseNumbers.values());
    assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT id_number_hash) FROM aid_case", Integer.class))
        .isEqualTo(CASES);
    assertThat(jdbc.queryForList("SELECT closure_reason FROM aid_case", String.class)).containsOnly("RESOLVED");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM case_contact", Integer.class))
        .as("no retried intake came back as a second contact").isZero();
    assertThat(jdbc.queryForList("SELECT business_key_ FROM act_hi_procinst WHERE proc_def_key_ = 'aidCase'",
        String.class)).containsExactlyInAnyOrderElementsOf(caseNumbers.values());
    assertThat(jdbc.queryForList("SELECT DISTINCT state_ FROM act_hi_procinst WHERE proc_def_key_ IN ('aidCase',"
        + " 'referral')", String.class)).containsExactly("COMPLETED");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM case_referral WHERE status = 'DELIVERED'", Integer.class))
        .isEqualTo(CASES);

    // the ledger: one payment per paid item, nothing left reserved, the fund spent exactly
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE kind = 'DISBURSE'", Integer.class))
        .isEqualTo(CASES);
    assertThat(jdbc.queryForList("SELECT case_number FROM ledger_entry WHERE kind = 'DISBURSE'"
        + " GROUP BY case_number, referral_id, item HAVING COUNT(*) <> 1", String.class)).isEmpty();
    assertThat(jdbc.queryForList("SELECT case_number FROM ledger_entry GROUP BY case_number"
        + " HAVING SUM(CASE kind WHEN 'RESERVE' THEN amount ELSE -amount END) <> 0", String.class))
        .as("cases with cash still reserved").isEmpty();
    assertThat(jdbc.queryForObject("SELECT SUM(amount) FROM ledger_entry WHERE kind = 'DISBURSE'", Integer.class))
        .isEqualTo(CASES * AMOUNT);
    // the fund's running totals survived the kill in step with its ledger
    assertThat(jdbc.queryForList("SELECT reserved || ' ' || disbursed FROM fund", String.class))
        .containsExactly("0.00 " + CASES * AMOUNT + ".00");

    // nothing stuck: no incident, no job left but the daily annual review and the nightly history cleanup; the
    // restarted node did the rest
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM act_ru_incident", Integer.class)).isZero();
    assertThat(jdbc.queryForList("SELECT DISTINCT COALESCE(process_def_key_, handler_type_) FROM act_ru_job",
        String.class)).containsOnly("annualReview", "history-cleanup");
    Map<String, Integer> paymentsPerRun = jdbc.query("SELECT hostname_, COUNT(*) FROM act_hi_job_log"
        + " WHERE job_state_ = 2 AND job_def_type_ = 'async-continuation' GROUP BY hostname_", rs -> {
          Map<String, Integer> counts = new java.util.TreeMap<>();
          while (rs.next()) {
            counts.put(rs.getString(1), rs.getInt(2));
          }
          return counts;
        });
    LOG.info("payments per run: {}", paymentsPerRun);
    assertThat(paymentsPerRun).containsOnlyKeys("crash-node-run-1", "crash-node-run-2");
    assertThat(paymentsPerRun.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CASES);
  }

  /** The channel: every intake is sent until it is answered, with one idempotency key per applicant. */
  private void registerCases(NodeClient client, Login intake) {
    for (int i = 0; i < CASES && !stopping.get(); i++) {
      Map<String, Object> applicant = Applicants.applicant(HOUSEHOLD_SIZE, 2, MONTHLY_INCOME, 3000, RIGID_EXPENSES, 0);
      String key = "crash-intake-" + i + "-" + UUID.randomUUID();
      while (!caseNumbers.containsKey(i) && !stopping.get()) {
        try {
          Answer created = client.post(intake, "/api/cases", applicant, Map.of("Idempotency-Key", key));
          if (created.status() == 201) {
            caseNumbers.put(i, created.json().get("caseNumber").asText());
          } else {
            retryLater("intake " + i + ": " + created.status() + " " + created.body());
          }
        } catch (RuntimeException e) {
          retryLater("intake " + i + ": " + e);
        }
      }
    }
  }

  /** The caseworker: whatever task of the union's is open is worked, again and again until the test ends. */
  private void workTasks(NodeClient client, Login caseworker) {
    ExecutorService hands = Executors.newFixedThreadPool(3);
    try {
      while (!stopping.get()) {
        JsonNode tasks;
        try {
          // with the tasks assigned already: planning and delivery go to whoever accepted the referral
          Answer open = client.get(caseworker, "/engine-rest/task?candidateGroup=union-33-caseworkers"
              + "&includeAssignedTasks=true&sortBy=created&sortOrder=asc&firstResult=0&maxResults=60");
          if (!open.ok()) {
            retryLater("task list: " + open.status());
            continue;
          }
          tasks = open.json();
        } catch (RuntimeException e) {
          retryLater("task list: " + e);
          continue;
        }
        List<Future<?>> done = new ArrayList<>();
        for (JsonNode task : tasks) {
          done.add(hands.submit(() -> work(client, caseworker, task)));
        }
        for (Future<?> completion : done) {
          try {
            completion.get();
          } catch (Exception e) {
            failedCalls.incrementAndGet();
          }
        }
        if (tasks.isEmpty()) {
          pause(200);
        }
      }
    } finally {
      hands.shutdownNow();
    }
  }

  private void work(NodeClient client, Login caseworker, JsonNode task) {
    String key = task.get("taskDefinitionKey").asText();
    Map<String, Object> variables = switch (key) {
      case "verifyCase" -> Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实",
          HOUSEHOLD_SIZE, 2, MONTHLY_INCOME, 3000, RIGID_EXPENSES, 0);
      case "acceptReferral" -> Map.of(ACCEPTED, true);
      case "planAssistance" -> Map.of(CASH_ITEMS, NodeClient.jsonVariable(List.of(Map.of("fund", FUND,
          "amount", AMOUNT, "purpose", "困难帮扶金"))), SERVICES, "hardship-grant");
      case "deliverAssistance" -> Map.of(DELIVERED, true, PAID_ITEMS, NodeClient.jsonVariable(List.of("cash-1")),
          "deliveryNote", "已发放");
      case "followUp" -> Map.of(FOLLOW_UP_OUTCOME, "RESOLVED", SATISFACTION, 4,
          "followUpNote", "已脱困");
      default -> throw new AssertionError("unexpected task " + key);
    };
    try {
      Answer completed = client.complete(caseworker, task.get("id").asText(), variables);
      if (!completed.ok()) {
        // done already (the answer was lost with the node), or the node is starting: the next round tells
        failedCalls.incrementAndGet();
      }
    } catch (RuntimeException e) {
      failedCalls.incrementAndGet();
      pause(200);
    }
  }

  private void retryLater(String why) {
    failedCalls.incrementAndGet();
    LOG.debug("retrying: {}", why);
    pause(250);
  }

  private static int disbursed(JdbcTemplate jdbc) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE kind = 'DISBURSE'", Integer.class);
  }

  /** Where the load stands: cases, payments, jobs (locked ones are being executed) and open tasks. */
  private String snapshot(JdbcTemplate jdbc) {
    return jdbc.queryForMap("SELECT (SELECT COUNT(*) FROM aid_case) AS cases,"
        + " (SELECT COUNT(*) FROM aid_case WHERE status = 'CLOSED') AS closed,"
        + " (SELECT COUNT(*) FROM ledger_entry WHERE kind = 'DISBURSE') AS payments,"
        + " (SELECT COUNT(*) FROM act_ru_job WHERE process_def_key_ <> 'annualReview') AS jobs,"
        + " (SELECT COUNT(*) FROM act_ru_job WHERE lock_owner_ IS NOT NULL) AS locked_jobs,"
        + " (SELECT COUNT(*) FROM act_ru_task) AS open_tasks").entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
  }

  /** Each run of the node records its own host name in the job log. */
  private static Map<String, String> run(int run) {
    return Map.of("CAMUNDA_BPM_GENERICPROPERTIES_PROPERTIES_HOSTNAME", "crash-node-run-" + run);
  }

  private static void awaitTrue(String what, Duration timeout, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      Thread.sleep(25);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static PGSimpleDataSource dataSource(String url, String user, String password) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url);
    dataSource.setUser(user);
    dataSource.setPassword(password);
    return dataSource;
  }
}
