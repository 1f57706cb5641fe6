package org.aidflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.support.AppNode;
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
 * A campaign batch of 2,000 households (docs/campaigns.md) on AidFlow's jar, a process of its own on PostgreSQL:
 * started and approved over HTTP by two supervisors of the owning unit; when about a third is paid, the node's JVM
 * is killed (SIGKILL) and started again. Afterwards every household is paid exactly once: one disbursement per
 * household, the fund's budget exactly the batch's total (a second payment could not be reserved), and the fund's
 * running totals equal to its ledger.
 */
class CampaignCrashIT {

  private static final Logger LOG = LoggerFactory.getLogger(CampaignCrashIT.class);
  private static final int HOUSEHOLDS = 2000;
  private static final int AMOUNT = 1000;
  private static final String UNIT = "union-3301";
  private static final String PROJECT = "crash-winter-warmth";
  private static final String FUND = "crash-winter-fund";
  private static final String DATABASE = "aidflow_campaign_crash";
  private static final Duration BOOT = Duration.ofMinutes(4);

  @Test
  void aBatchInterruptedByAKilledNodePaysEveryHouseholdExactlyOnce() throws Exception {
    String password = "crash-" + UUID.randomUUID();
    String url = EmbeddedDatabase.createDatabase(DATABASE, DATABASE, password);
    Map<String, String> environment = new LinkedHashMap<>(Map.of(
        "SPRING_PROFILES_ACTIVE", "postgres",
        "DB_URL", url, "DB_USER", DATABASE, "DB_PASSWORD", password,
        "AIDFLOW_PRIVACY_HASH_KEY", "crash-" + UUID.randomUUID(),
        "AIDFLOW_PRIVACY_ENCRYPTION_KEY", randomKey(),
        "TZ", "Asia/Shanghai",
        // small chunks: many jobs, so that the kill falls between and inside them
        "AIDFLOW_CAMPAIGN_CHUNKSIZE", "40"));
    Login admin = new Login("ops-admin", "Adm-" + UUID.randomUUID());
    environment.put("AIDFLOW_ADMIN_USER", admin.user());
    environment.put("AIDFLOW_ADMIN_PASSWORD", admin.password());
    // the killed JVM's locked job is taken again after 30 s instead of 5 minutes (a chunk of payments and the
    // listing take a few seconds, well within it)
    environment.put("CAMUNDA_BPM_JOBEXECUTION_LOCKTIMEINMILLIS", "30000");
    environment.put("CAMUNDA_BPM_JOBEXECUTION_MAXWAIT", "3000");
    // passwords hashed with PBKDF2's 10,000 iterations instead of 210,000: under C1 a hash takes seconds, and the
    // node hashes three passwords and checks each login again after the kill; the hashing is LoginsIT's to test
    environment.put("AIDFLOW_LOGIN_HASHITERATIONS", "10000");
    JdbcTemplate jdbc = new JdbcTemplate(dataSource(url, DATABASE, password));

    try (AppNode node = new AppNode("campaign-crash-node", AppNode.freePort(), environment,
        List.of("java", "-XX:TieredStopAtLevel=1", "-jar", "aidflow.jar"))) {
      node.start(run(1)).awaitReady(BOOT);
      NodeClient client = new NodeClient(node);
      Answer unit = client.post(admin, "/api/organisations", Map.of("code", UNIT, "name", "杭州市总工会"));
      assertThat(unit.status()).as(unit.body()).isIn(201, 409);
      Login starter = new Login("hz-lead-a", "Ld-" + UUID.randomUUID());
      Login approver = new Login("hz-lead-b", "Ld-" + UUID.randomUUID());
      client.createUser(admin, starter, "主管", "甲", UNIT + "-supervisors");
      client.createUser(admin, approver, "主管", "乙", UNIT + "-supervisors");
      int year = LocalDate.now(AidFlowConfiguration.ZONE).getYear();
      households(jdbc, year);

      Answer started = client.post(starter, "/api/campaigns/" + PROJECT + "/batches", Map.of());
      assertThat(started.status()).as(started.body()).isEqualTo(201);
      long batchId = started.json().get("id").asLong();
      awaitTrue("listed", Duration.ofMinutes(6), () -> "REVIEW".equals(status(jdbc, batchId)));
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM campaign_household WHERE batch_id = ? AND status = 'LISTED'",
          Integer.class, batchId)).isEqualTo(HOUSEHOLDS);
      // the task's id as Tasklist shows it to the approver
      String reviewTask = jdbc.queryForObject("SELECT t.id_ FROM act_ru_task t JOIN campaign_batch b"
          + " ON b.process_instance_id = t.proc_inst_id_ WHERE b.id = ?", String.class, batchId);
      Answer approved = client.complete(approver, reviewTask, Map.of("batchApproved", "true"));
      assertThat(approved.status()).as(approved.body()).isEqualTo(204);

      awaitTrue("a third of the payments", Duration.ofMinutes(4), () -> disbursed(jdbc, batchId) >= HOUSEHOLDS / 3);
      node.kill();
      int paidAtKill = disbursed(jdbc, batchId);
      LOG.info("killed the node with {} of {} households paid", paidAtKill, HOUSEHOLDS);
      assertThat(paidAtKill).as("killed in the middle of the payments").isLessThan(HOUSEHOLDS);

      node.start(run(2)).awaitReady(BOOT);
      awaitTrue("every household paid", Duration.ofMinutes(10), () -> "PAID".equals(status(jdbc, batchId)));
    }

    assertThat(disbursed(jdbc, batchId(jdbc))).isEqualTo(HOUSEHOLDS);
    assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT idempotency_key) FROM ledger_entry WHERE kind = 'DISBURSE'",
        Integer.class)).isEqualTo(HOUSEHOLDS);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE kind = 'RESERVE'", Integer.class))
        .isEqualTo(HOUSEHOLDS);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT case_number FROM ledger_entry WHERE kind = 'DISBURSE'"
        + " GROUP BY case_number HAVING COUNT(*) > 1) twice", Integer.class)).isZero();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM campaign_payment WHERE project = ?", Integer.class, PROJECT))
        .isEqualTo(HOUSEHOLDS);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM campaign_household WHERE result = 'PAID'", Integer.class))
        .isEqualTo(HOUSEHOLDS);
    Map<String, Object> fund = jdbc.queryForMap("SELECT budget, reserved, disbursed FROM fund WHERE code = ?", FUND);
    assertThat(((java.math.BigDecimal) fund.get("disbursed")).intValue()).isEqualTo(HOUSEHOLDS * AMOUNT);
    assertThat(((java.math.BigDecimal) fund.get("reserved")).signum()).isZero();
    assertThat(jdbc.queryForObject("SELECT SUM(amount) FROM ledger_entry WHERE kind = 'DISBURSE' AND fund_code = ?",
        java.math.BigDecimal.class, FUND).intValue()).isEqualTo(HOUSEHOLDS * AMOUNT);
  }

  /** 2,000 registered DEEP households in the unit, a 冬送温暖 project whose fund holds exactly their total. */
  private static void households(JdbcTemplate jdbc, int year) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    jdbc.update("INSERT INTO fund (code, fund_year, org, unit, name, budget) VALUES (?, ?, 'union', ?, '冬送温暖资金', ?)",
        FUND, year, UNIT, HOUSEHOLDS * AMOUNT);
    jdbc.update("INSERT INTO project (code, name, owning_unit, project_type, starts_on, ends_on, fund_code, fund_year,"
            + " budget, eligibility_decision, status, created_by, created_at) VALUES (?, '冬送温暖', ?, 'CASH_CAMPAIGN',"
            + " ?, ?, ?, ?, ?, 'projectWinterWarmthEligibility', 'ACTIVE', 'crash', ?)", PROJECT, UNIT,
        LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), FUND, year, HOUSEHOLDS * AMOUNT, now);
    jdbc.update("INSERT INTO project_unit (project, unit) VALUES (?, ?)", PROJECT, UNIT);
    List<Object[]> cases = new ArrayList<>();
    List<Object[]> registry = new ArrayList<>();
    for (int i = 1; i <= HOUSEHOLDS; i++) {
      String caseNumber = String.format("QBH-%d-9%05d", year, i);
      String person = "crash-person-" + i;
      cases.add(new Object[] {caseNumber, "crash-instance-" + i, person, now, UNIT});
      registry.add(new Object[] {person, caseNumber, now, now});
    }
    jdbc.batchUpdate("INSERT INTO aid_case (case_number, process_instance_id, id_number_hash, intake_org, channel,"
        + " urgent, status, created_at, region, intake_unit, hardship_level, children_in_school)"
        + " VALUES (?, ?, ?, 'union', 'window', FALSE, 'CLOSED', ?, '330100', ?, 'DEEP', 0)", cases);
    jdbc.batchUpdate("INSERT INTO hardship_household (person_hash, case_number, org, hardship_level, name_masked,"
        + " registered_at, last_verified_at, status) VALUES (?, ?, 'union', 'DEEP', '王*', ?, ?, 'ACTIVE')", registry);
  }

  private static long batchId(JdbcTemplate jdbc) {
    return jdbc.queryForObject("SELECT MAX(id) FROM campaign_batch WHERE project = ?", Long.class, PROJECT);
  }

  private static String status(JdbcTemplate jdbc, long batchId) {
    return jdbc.queryForObject("SELECT status FROM campaign_batch WHERE id = ?", String.class, batchId);
  }

  private static int disbursed(JdbcTemplate jdbc, long batchId) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE kind = 'DISBURSE' AND campaign_batch = ?",
        Integer.class, batchId);
  }

  /** Each run of the node records its own host name in the job log. */
  private static Map<String, String> run(int run) {
    return Map.of("CAMUNDA_BPM_GENERICPROPERTIES_PROPERTIES_HOSTNAME", "campaign-crash-node-run-" + run);
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
