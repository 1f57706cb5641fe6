package org.aidflow.app;

import static org.aidflow.shared.ProcessVariables.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.support.AppNode;
import org.aidflow.support.Applicants;
import org.aidflow.support.ComposeHealthCheck;
import org.aidflow.support.ComposeHealthCheck.Result;
import org.aidflow.support.EmbeddedDatabase;
import org.aidflow.support.NodeClient;
import org.aidflow.support.NodeClient.Answer;
import org.aidflow.support.NodeClient.Login;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.yaml.snakeyaml.Yaml;

/**
 * The production setup of docker-compose.yml, run for real: the jar built by this build, started with exactly the
 * command and environment of the {@code app} service (profiles {@code prod,postgres}), the operator's secrets
 * filled in, on a database created as the {@code db} service creates it, in embedded PostgreSQL 17 instead of the
 * container. Only the database's address and the HTTP port differ. The container's health check runs as Docker
 * runs it, with nothing but what the JRE image has, and answers healthy once the node is ready. The first
 * administrator comes from the operator's settings (Admin's setup page stays closed); the administrator creates the
 * staff, and one case goes from the intake API to closure over REST. Its log is JSON (ECS), the request log's
 * fields keys of their own.
 *
 * <p>The application runs in a JVM of its own: a second Spring context with the same engine name in this JVM would
 * take over the engine registry that the REST API of the other application tests resolves their engine from.
 */
class ProductionComposeIT {

  private static final Path COMPOSE = Path.of("docker-compose.yml");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?[?-][^}]*)?}");
  private static final String FUND = "union-hardship";
  /** Where docker-compose.yml mounts the jar in the app's container. */
  private static final String CONTAINER_JAR = "/app/aidflow.jar";

  @Test
  void theJarStartedAsDockerComposeStartsItTakesACaseFromIntakeToClosure() throws Exception {
    Map<String, Object> services = services();
    Map<String, Object> app = section(services, "app");
    Map<String, Object> db = section(services, "db");

    // what the operator provides (docker-compose.yml refuses to start without each)
    Login admin = new Login("ops-admin", "Adm-" + UUID.randomUUID());
    Map<String, String> operator = Map.of(
        "DB_PASSWORD", "db-" + UUID.randomUUID(),
        "AIDFLOW_PRIVACY_HASH_KEY", "hash-" + UUID.randomUUID(),
        "AIDFLOW_PRIVACY_ENCRYPTION_KEY", randomKey(),
        "AIDFLOW_ADMIN_USER", admin.user(),
        "AIDFLOW_ADMIN_PASSWORD", admin.password());
    Map<String, String> dbEnvironment = resolve(section(db, "environment"), operator);
    Map<String, String> environment = resolve(section(app, "environment"), operator);
    assertThat(environment).containsEntry("SPRING_PROFILES_ACTIVE", "prod,postgres")
        .containsEntry("AIDFLOW_LOG_FORMAT", "ecs");

    // the db service's database and owner; the app's DB_URL points at the db service, here at embedded PostgreSQL
    String database = dbEnvironment.get("POSTGRES_DB");
    String databaseUrl = EmbeddedDatabase.createDatabase(database, dbEnvironment.get("POSTGRES_USER"),
        dbEnvironment.get("POSTGRES_PASSWORD"));
    assertThat(environment.get("DB_URL")).isEqualTo("jdbc:postgresql://db:5432/" + database);
    environment.put("DB_URL", databaseUrl);
    assertThat(environment.get("DB_USER")).isEqualTo(dbEnvironment.get("POSTGRES_USER"));

    @SuppressWarnings("unchecked")
    List<String> command = (List<String>) app.get("command");
    assertThat(command).containsExactly("java", "-jar", "/app/aidflow.jar");
    @SuppressWarnings("unchecked")
    List<String> volumes = (List<String>) app.get("volumes");
    assertThat(volumes).contains("./target/aidflow.jar:" + CONTAINER_JAR + ":ro");

    // the container's health check, on this machine: only the jar's path and the port differ
    int port = AppNode.freePort();
    ComposeHealthCheck healthCheck = ComposeHealthCheck.of(section(app, "healthcheck"), Map.of(
        CONTAINER_JAR, AppNode.JAR.toAbsolutePath().toString(),
        "localhost:8080/", "localhost:" + port + "/"));
    assertThat(healthCheck.programsMissingFromTheImage())
        .as("programs of the health check `%s` that the %s image does not have (it has java, sh and coreutils)",
            healthCheck, app.get("image"))
        .isEmpty();
    assertThat(healthCheck.toString()).contains("http://localhost:" + port + "/actuator/health/readiness");
    Result beforeStart = healthCheck.run(environment);
    assertThat(beforeStart.exitCode()).as("the health check with nothing listening: %s", beforeStart).isEqualTo(1);

    JdbcTemplate jdbc = new JdbcTemplate(dataSource(databaseUrl, environment));
    try (AppNode node = new AppNode("compose-node", port, environment, command)) {
      // generous: on a machine busy with other builds (load 20 on 2 cores) the node took 196 s to start
      node.start().awaitReady(Duration.ofMinutes(5));
      Result ready = healthCheck.run(environment);
      assertThat(ready.exitCode()).as("the health check of the ready node, within its timeout of %s: %s",
          healthCheck.timeout(), ready).isZero();
      NodeClient client = new NodeClient(node);
      // JSON logs (AIDFLOW_LOG_FORMAT=ecs): the start-up's lines are JSON objects, none plain text
      assertThat(jsonLines(node)).anySatisfy(line -> assertThat(line.path("message").asText())
          .isEqualTo("The following 2 profiles are active: \"prod\", \"postgres\""));
      assertThat(node.log()).doesNotContain("profiles are active: \"prod\"");

      // a fresh installation: no demo users, no cases; the first administrator comes from the settings, stored
      // hashed, and Admin's setup page is closed to everybody
      Answer setUp = client.createFirstAdministrator(new Login("intruder", "Int-" + UUID.randomUUID()));
      assertThat(setUp.status()).as(setUp.body()).isEqualTo(403);
      assertThat(setUp.body()).contains("AIDFLOW_ADMIN_USER");
      JsonNode users = client.get(admin, "/engine-rest/user?firstResult=0&maxResults=100").json();
      assertThat(users).extracting(user -> user.get("id").asText()).containsExactly(admin.user());
      assertThat(client.get(new Login("intruder", "Int-x"), "/engine-rest/user?firstResult=0&maxResults=100").status())
          .isEqualTo(401);
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM aid_case", Integer.class)).isZero();

      // the staff, created by the administrator; the groups exist from the first start
      Login intake = new Login("chen-intake", "Int-" + UUID.randomUUID());
      Login caseworker = new Login("zhang-union", "Cw-" + UUID.randomUUID());
      client.createUser(admin, intake, "受理员", "陈", "intake-officers");
      client.createUser(admin, caseworker, "工会经办", "张", "union-33-caseworkers");
      // this year's fund of the union, opened by the operator in the database
      int year = LocalDate.now(AidFlowConfiguration.ZONE).getYear();
      jdbc.update("INSERT INTO fund (code, fund_year, org, unit, name, budget) VALUES (?, ?, 'union', 'union-33', '工会困难帮扶资金', 100000)",
          FUND, year);

      // a channel registers the case
      Map<String, Object> applicant = Applicants.applicant(HOUSEHOLD_SIZE, 2, MONTHLY_INCOME, 3000, RIGID_EXPENSES, 0);
      Answer created = client.post(intake, "/api/cases", applicant, Map.of("Idempotency-Key", "compose-" + UUID.randomUUID()));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String caseNumber = created.json().get("caseNumber").asText();

      // the union's caseworker works it in Tasklist (the same REST calls)
      work(client, caseworker, caseNumber, "verifyCase", Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实",
          HOUSEHOLD_SIZE, 2, MONTHLY_INCOME, 3000, RIGID_EXPENSES, 0));
      work(client, caseworker, caseNumber, "acceptReferral", Map.of(ACCEPTED, true));
      work(client, caseworker, caseNumber, "planAssistance", Map.of(
          CASH_ITEMS, NodeClient.jsonVariable(List.of(Map.of("fund", FUND, "amount", 1500, "purpose", "困难帮扶金"))),
          SERVICES, "hardship-grant"));
      work(client, caseworker, caseNumber, "deliverAssistance", Map.of(DELIVERED, true,
          PAID_ITEMS, NodeClient.jsonVariable(List.of("cash-1")), "deliveryNote", "已发放"));
      // the payment is the job executor's, after the asynchronous boundary; then the case waits 30 days
      awaitStage(client, intake, caseNumber, "FOLLOW_UP");
      assertThat(jdbc.queryForObject("SELECT SUM(amount) FROM ledger_entry WHERE case_number = ? AND kind = 'DISBURSE'",
          Integer.class, caseNumber)).isEqualTo(1500);

      // thirty days later: the administrator runs the follow-up timer now
      String processInstanceId = jdbc.queryForObject("SELECT process_instance_id FROM aid_case WHERE case_number = ?",
          String.class, caseNumber);
      JsonNode jobs = client.get(admin, "/engine-rest/job?processInstanceId=" + processInstanceId
          + "&firstResult=0&maxResults=10").json();
      assertThat(jobs).hasSize(1);
      Answer executed = client.post(admin, "/engine-rest/job/" + jobs.get(0).get("id").asText() + "/execute", Map.of());
      assertThat(executed.status()).as(executed.body()).isEqualTo(204);
      work(client, caseworker, caseNumber, "followUp", Map.of(FOLLOW_UP_OUTCOME, "RESOLVED", SATISFACTION, 5,
          "followUpNote", "已脱困"));

      JsonNode closed = client.get(intake, "/api/cases/" + caseNumber).json();
      assertThat(closed.get("status").asText()).isEqualTo("CLOSED");
      assertThat(closed.get("closureReason").asText()).isEqualTo("RESOLVED");
      assertThat(closed.get("referrals").get(0).get("status").asText()).isEqualTo("DELIVERED");
      assertThat(jdbc.queryForObject("SELECT closure_reason FROM aid_case WHERE case_number = ?", String.class,
          caseNumber)).isEqualTo("RESOLVED");
      assertThat(node.log()).doesNotContain(applicant.get(ID_NUMBER).toString());
      // the intake's request log line, its fields keys of their own for the log collector
      assertThat(jsonLines(node)).anySatisfy(line -> {
        assertThat(line.path("log").path("logger").asText()).isEqualTo("aidflow.request");
        assertThat(line.path("ecs").path("version").asText()).isNotEmpty();
        assertThat(line.path("method").asText()).isEqualTo("POST");
        assertThat(line.path("path").asText()).isEqualTo("/api/cases");
        assertThat(line.path("status").asInt()).isEqualTo(201);
        assertThat(line.path("user").asText()).isEqualTo(intake.user());
        assertThat(line.path("caseNumber").asText()).isEqualTo(caseNumber);
      });
    }
  }

  /** The node's log lines that are JSON objects, read. */
  private static List<JsonNode> jsonLines(AppNode node) throws IOException {
    List<JsonNode> lines = new java.util.ArrayList<>();
    for (String line : node.log().split("\\R")) {
      if (line.startsWith("{")) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  /** Claims and completes the case's open task of that kind, as Tasklist does for the caseworker. */
  private static void work(NodeClient client, Login caseworker, String caseNumber, String taskKey,
      Map<String, Object> variables) throws InterruptedException {
    JsonNode task = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (task == null) {
      JsonNode tasks = client.get(caseworker, "/engine-rest/task?processInstanceBusinessKey=" + caseNumber
          + "&taskDefinitionKey=" + taskKey + "&firstResult=0&maxResults=10").json();
      if (tasks.size() == 1) {
        task = tasks.get(0);
      } else if (System.nanoTime() > deadline) {
        throw new AssertionError(caseworker.user() + " sees no task " + taskKey + " of " + caseNumber);
      } else {
        Thread.sleep(200);
      }
    }
    String id = task.get("id").asText();
    Answer claimed = client.post(caseworker, "/engine-rest/task/" + id + "/claim", Map.of("userId", caseworker.user()));
    assertThat(claimed.status()).as(claimed.body()).isEqualTo(204);
    Answer completed = client.complete(caseworker, id, variables);
    assertThat(completed.status()).as("%s: %s", taskKey, completed.body()).isEqualTo(204);
  }

  private static void awaitStage(NodeClient client, Login login, String caseNumber, String stage)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String current;
    while (!(current = client.get(login, "/api/cases/" + caseNumber).json().get("stage").asText()).equals(stage)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(caseNumber + " still at " + current + ", not " + stage);
      }
      Thread.sleep(200);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> services() throws IOException {
    try (Reader reader = Files.newBufferedReader(COMPOSE, StandardCharsets.UTF_8)) {
      Map<String, Object> compose = new Yaml().load(reader);
      return (Map<String, Object>) compose.get("services");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> parent, String name) {
    Object section = parent.get(name);
    assertThat(section).as("%s in docker-compose.yml", name).isInstanceOf(Map.class);
    return (Map<String, Object>) section;
  }

  /** The environment as Compose hands it to the container: ${NAME:?message} and ${NAME} replaced by the operator's. */
  private static Map<String, String> resolve(Map<String, Object> environment, Map<String, String> operator) {
    Map<String, String> resolved = new LinkedHashMap<>();
    environment.forEach((name, value) -> {
      Matcher variable = VARIABLE.matcher(String.valueOf(value));
      StringBuilder result = new StringBuilder();
      while (variable.find()) {
        String given = operator.get(variable.group(1));
        assertThat(given).as("the operator's value of %s", variable.group(1)).isNotNull();
        variable.appendReplacement(result, Matcher.quoteReplacement(given));
      }
      variable.appendTail(result);
      resolved.put(name, result.toString());
    });
    return resolved;
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static PGSimpleDataSource dataSource(String url, Map<String, String> environment) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url);
    dataSource.setUser(environment.get("DB_USER"));
    dataSource.setPassword(environment.get("DB_PASSWORD"));
    return dataSource;
  }
}
