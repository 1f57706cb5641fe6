package org.aidflow.security;

import static org.aidflow.security.PermissionChecks.permission;
import static org.aidflow.support.JsonBody.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.db.CompositePermissionCheck;
import org.camunda.bpm.engine.impl.db.PermissionCheck;
import org.camunda.bpm.engine.impl.db.PermissionCheckBuilder;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.aidflow.support.ApplicationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * AidFlow's authorization checks answer as Camunda's own statement does, on every combination of grants built here,
 * and revoke grants are refused wherever an administrator could make one.
 */
class AuthorizationChecksIT extends ApplicationTest {

  private static final String USER = "checks-user";
  private static final List<String> GROUPS = List.of("checks-group-a", "checks-group-b");
  private static final String TASK = "checks-task-1";
  private static final String OTHER_TASK = "checks-task-2";
  private static final String DEFINITION = "checksDefinition";
  private static final String INSTANCE = "checks-instance-1";

  /**
   * As after a few thousand intakes: a grant per instance and per task, mostly a unit's group's and some a user's, and
   * among them the grants on * of every unit's groups (one row in ten), written as units were set up and so spread over
   * the table.
   */
  private static final String TWENTY_THOUSAND_GRANTS = "INSERT INTO act_ru_authorization (id_, rev_, type_, group_id_,"
      + " user_id_, resource_type_, resource_id_, perms_) SELECT 'checks-plan-' || n, 1, 1, CASE WHEN n % 10 = 0"
      + " THEN 'checks-plan-group-' || n WHEN n % 20 = 5 THEN NULL ELSE 'checks-group-a' END, CASE WHEN n % 20 = 5"
      + " THEN 'checks-plan-user-' || (n % 50) END, CASE WHEN n % 10 = 0 THEN n / 10 % 21 WHEN n % 2 = 0 THEN 8 ELSE 7"
      + " END, CASE WHEN n % 10 = 0 THEN '*' ELSE md5(n::text) END, 2147483647 FROM generate_series(1, 20000) n";

  @Autowired JdbcTemplate jdbc;
  @Autowired ProcessEngine engine;
  @Autowired AuthorizationService authorizationService;
  @Autowired AuthorizationChecksPlugin plugin;
  @Autowired TestRestTemplate http;

  @AfterEach
  void removeTheGrants() {
    jdbc.update("DELETE FROM act_ru_authorization WHERE id_ LIKE 'checks-%'");
    configuration().setAuthorizationCheckRevokes(ProcessEngineConfiguration.AUTHORIZATION_CHECK_REVOKE_NEVER);
  }

  @Test
  void everyCheckAnswersAsCamundasStatementOnRandomGrants() {
    Random random = new Random(19);
    int granted = 0;
    int refused = 0;
    for (int scenario = 0; scenario < 150; scenario++) {
      jdbc.update("DELETE FROM act_ru_authorization WHERE id_ LIKE 'checks-%'");
      List<String> rows = insertSomeGrants(random, scenario);
      // in a command, as the engine checks (building a check asks the engine's configuration)
      List<Answer> answers = configuration().getCommandExecutorTxRequired().execute(context -> {
        List<Answer> both = new ArrayList<>();
        // the caller as a user with groups, as a caller with no user, and as a user with no groups
        for (Caller caller : List.of(new Caller(USER, GROUPS), new Caller(null, GROUPS), new Caller(USER, List.of()))) {
          for (CompositePermissionCheck check : checks()) {
            both.add(new Answer(caller + " " + describe(check),
                new AuthorizationManager().isAuthorized(caller.user(), caller.groups(), check),
                new AuthorizationChecks().isAuthorized(caller.user(), caller.groups(), check)));
          }
        }
        return both;
      });
      for (Answer answer : answers) {
        assertThat(answer.aidFlow()).as("scenario %d, grants %s, check %s", scenario, rows, answer.check())
            .isEqualTo(answer.camunda());
        if (answer.camunda()) {
          granted++;
        } else {
          refused++;
        }
      }
    }
    // the scenarios reach both answers often, so the comparison says something
    assertThat(granted).isGreaterThan(200);
    assertThat(refused).isGreaterThan(200);
  }

  @Test
  void aChecksGrantsAreLookedUpByIndexAmongTwentyThousandGrantsWithThoseOnAnyResourceScattered() {
    jdbc.execute(TWENTY_THOUSAND_GRANTS);
    try {
      jdbc.execute("ANALYZE act_ru_authorization");
      // no grant here answers the reads (those on * are other groups'): finding that out should read next to nothing
      for (AuthorizationChecks.GrantsStatement read : readsOfTheGrants()) {
        for (boolean generic : List.of(false, true)) {
          String plan = jdbc.execute((ConnectionCallback<String>) connection -> {
            try (Statement statement = connection.createStatement()) {
              return plan(statement, read, generic);
            }
          });
          assertThat(plan).as(generic ? "the plan for any values" : "the plan for these values")
              .doesNotContain("Seq Scan");
          assertThat(rowsReadAndDropped(plan)).as("rows read and dropped in %s", plan).isLessThan(20);
        }
      }
    } finally {
      removeTheTwentyThousandGrants();
    }
  }

  @Test
  void aPlanForAnyValuesMadeWhileTheGrantsWereFewIsMadeAgainOnceTheyAreMany() {
    // GrantReads' statements are prepared on the server: on a fresh database PostgreSQL makes their plan for any values
    // while the table holds a handful of grants, and it must not go on reading the table whole once it has grown
    // (autovacuum analyses it as it grows; here the test does). A temporary table of this session, with Camunda's
    // columns and indexes, stands in for it under the same name, so that it can start nearly empty
    for (AuthorizationChecks.GrantsStatement read : readsOfTheGrants()) {
      List<String> plans = jdbc.execute((ConnectionCallback<List<String>>) connection -> {
        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE TEMPORARY TABLE act_ru_authorization (LIKE public.act_ru_authorization"
              + " INCLUDING ALL)");
          boolean prepared = false;
          try {
            statement.execute("INSERT INTO act_ru_authorization (id_, rev_, type_, group_id_, resource_type_,"
                + " resource_id_, perms_) SELECT 'checks-few-' || n, 1, 1, 'checks-group-a', 7, md5('few' || n),"
                + " 2147483647 FROM generate_series(1, 10) n");
            statement.execute("ANALYZE act_ru_authorization");
            statement.execute("SET plan_cache_mode = force_generic_plan");
            statement.execute("PREPARE checks_grants_kept AS " + withPlaceholders(read));
            prepared = true;
            // the plan is made at this first run, among ten grants
            String amongFew = explain(statement, "checks_grants_kept", read);
            statement.execute(TWENTY_THOUSAND_GRANTS);
            statement.execute("ANALYZE act_ru_authorization");
            return List.of(amongFew, explain(statement, "checks_grants_kept", read));
          } finally {
            if (prepared) {
              statement.execute("DEALLOCATE checks_grants_kept");
            }
            statement.execute("RESET plan_cache_mode");
            statement.execute("DROP TABLE pg_temp.act_ru_authorization");
          }
        }
      });
      assertThat(plans.get(0)).as("among ten grants the plan reads them whole, else this test would show nothing")
          .contains("Seq Scan");
      assertThat(plans.get(1)).as("the kept statement's plan after the grants grew").doesNotContain("Seq Scan");
      assertThat(rowsReadAndDropped(plans.get(1))).as("rows read and dropped in %s", plans.get(1)).isLessThan(20);
    }
  }

  /**
   * Every shape of GrantReads' statements: an intake officer starting a case (may the definition be started, may an
   * instance be created), a caseworker claiming a task (the task's TASK_WORK, or its definition's), a reader of one
   * instance with no groups, a caller with no user asking about everything of a kind (no resource named), and the
   * task grants' read of a task and its instance.
   */
  private static List<AuthorizationChecks.GrantsStatement> readsOfTheGrants() {
    return List.of(
        AuthorizationChecks.GrantsStatement.of("", USER, GROUPS, List.of(
            permission(Resources.PROCESS_DEFINITION, DEFINITION, ProcessDefinitionPermissions.CREATE_INSTANCE),
            permission(Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.CREATE))),
        AuthorizationChecks.GrantsStatement.of("", USER, GROUPS, List.of(
            permission(Resources.TASK, TASK, TaskPermissions.TASK_WORK),
            permission(Resources.PROCESS_DEFINITION, DEFINITION, ProcessDefinitionPermissions.TASK_WORK))),
        AuthorizationChecks.GrantsStatement.of("", USER, List.of(), List.of(
            permission(Resources.PROCESS_INSTANCE, INSTANCE, Permissions.READ))),
        AuthorizationChecks.GrantsStatement.of("", null, GROUPS, List.of(
            permission(Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.CREATE),
            permission(Resources.TASK, Authorization.ANY, Permissions.READ),
            permission(Resources.PROCESS_DEFINITION, Authorization.ANY, Permissions.READ))),
        new AuthorizationChecks.GrantsStatement(TaskGrants.statement("", 2), List.of(TASK, INSTANCE)));
  }

  private void removeTheTwentyThousandGrants() {
    jdbc.update("DELETE FROM act_ru_authorization WHERE id_ LIKE 'checks-plan-%'");
    jdbc.execute("ANALYZE act_ru_authorization");
  }

  /** The rows a plan run with EXPLAIN ANALYZE read and then dropped (by a filter, or rechecking an index's pages). */
  private static long rowsReadAndDropped(String plan) {
    Matcher dropped = Pattern.compile("Rows Removed by (?:Filter|Index Recheck): (\\d+)").matcher(plan);
    long rows = 0;
    while (dropped.find()) {
      rows += Long.parseLong(dropped.group(1));
    }
    return rows;
  }

  /** PostgreSQL's plan for the statement with its values, or (generic) the plan a prepared one may use for any. */
  private static String plan(Statement statement, AuthorizationChecks.GrantsStatement read, boolean generic)
      throws SQLException {
    statement.execute("SET plan_cache_mode = " + (generic ? "force_generic_plan" : "force_custom_plan"));
    statement.execute("PREPARE checks_grants AS " + withPlaceholders(read));
    try {
      return explain(statement, "checks_grants", read);
    } finally {
      statement.execute("DEALLOCATE checks_grants");
      statement.execute("RESET plan_cache_mode");
    }
  }

  /** The prepared statement run with the read's values under EXPLAIN ANALYZE: its plan, with what it read. */
  private static String explain(Statement statement, String prepared, AuthorizationChecks.GrantsStatement read)
      throws SQLException {
    List<String> plan = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery("EXPLAIN (ANALYZE) EXECUTE " + prepared + "(" + literals(read)
        + ")")) {
      while (rows.next()) {
        plan.add(rows.getString(1));
      }
    }
    return String.join("\n", plan);
  }

  /** The read's SQL with $1, $2, … for its parameters, as PREPARE takes it. */
  private static String withPlaceholders(AuthorizationChecks.GrantsStatement read) {
    StringBuilder sql = new StringBuilder();
    int parameter = 0;
    for (char c : read.sql().toCharArray()) {
      sql.append(c == '?' ? "$" + ++parameter : String.valueOf(c));
    }
    return sql.toString();
  }

  /** The read's parameters as SQL literals, in order. */
  private static String literals(AuthorizationChecks.GrantsStatement read) {
    List<String> values = new ArrayList<>();
    for (Object value : read.parameters()) {
      values.add(value instanceof String text ? "'" + text.replace("'", "''") + "'" : String.valueOf(value));
    }
    return String.join(", ", values);
  }

  @Test
  void aRevokeGrantIsRefusedThroughTheRestApiAndTheJavaApiAndNothingIsStored() {
    int revokesBefore = revokes();

    ResponseEntity<String> answer = http.withBasicAuth("admin", "demo").postForEntity(
        "/engine-rest/authorization/create", json("{\"type\":2,\"permissions\":[\"READ\"],\"userId\":\"union-worker\","
            + "\"resourceType\":8,\"resourceId\":\"*\"}"), String.class);

    assertThat(answer.getStatusCode().value()).isEqualTo(400);
    assertThat(answer.getBody()).contains("grants only");
    assertThatThrownBy(() -> authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE))
        .isInstanceOf(BadUserRequestException.class);
    assertThat(revokes()).isEqualTo(revokesBefore).isZero();
    // grants are still made as before
    Authorization grant = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    grant.setUserId(USER);
    grant.setResource(Resources.PROCESS_INSTANCE);
    grant.setResourceId(INSTANCE);
    grant.addPermission(Permissions.READ);
    authorizationService.saveAuthorization(grant);
    authorizationService.deleteAuthorization(grant.getId());
  }

  @Test
  void revokeGrantsLeftByAnEarlierReleaseAreStillChecked() {
    assertThat(configuration().getAuthorizationCheckRevokes()).isEqualTo("never");
    jdbc.update("INSERT INTO act_ru_authorization (id_, rev_, type_, user_id_, resource_type_, resource_id_, perms_)"
        + " VALUES ('checks-revoke', 1, 2, ?, ?, ?, ?)", USER, Resources.PROCESS_INSTANCE.resourceType(), INSTANCE,
        ~Permissions.READ.getValue());

    plugin.postProcessEngineBuild(engine);

    assertThat(configuration().getAuthorizationCheckRevokes()).isEqualTo("auto");
  }

  private List<String> insertSomeGrants(Random random, int scenario) {
    List<String> rows = new ArrayList<>();
    // each holder of a grant at most once per resource, as Camunda's unique constraints allow
    String[] users = {USER, "checks-other-user"};
    String[] groups = {GROUPS.get(0), GROUPS.get(1), "checks-other-group"};
    Object[][] resources = {{Resources.TASK, TASK}, {Resources.TASK, OTHER_TASK}, {Resources.TASK, "*"},
        {Resources.PROCESS_DEFINITION, DEFINITION}, {Resources.PROCESS_DEFINITION, "*"},
        {Resources.PROCESS_INSTANCE, INSTANCE}, {Resources.PROCESS_INSTANCE, "*"}};
    int[] permissions = {Permissions.READ.getValue(), Permissions.UPDATE.getValue(),
        TaskPermissions.TASK_WORK.getValue(), TaskPermissions.TASK_WORK.getValue() | Permissions.READ.getValue(),
        ProcessDefinitionPermissions.TASK_WORK.getValue(), ProcessDefinitionPermissions.UPDATE_TASK.getValue(),
        ProcessDefinitionPermissions.READ_TASK_VARIABLE.getValue(), Permissions.ALL.getValue(),
        Permissions.NONE.getValue()};
    int n = 0;
    for (Object[] resource : resources) {
      int resourceType = ((Resource) resource[0]).resourceType();
      for (String user : users) {
        if (random.nextInt(5) == 0) {
          rows.add(insert(scenario + "-" + n++, Authorization.AUTH_TYPE_GRANT, user, null, resourceType,
              (String) resource[1], permissions[random.nextInt(permissions.length)]));
        }
      }
      for (String group : groups) {
        if (random.nextInt(5) == 0) {
          rows.add(insert(scenario + "-" + n++, Authorization.AUTH_TYPE_GRANT, null, group, resourceType,
              (String) resource[1], permissions[random.nextInt(permissions.length)]));
        }
      }
      if (random.nextInt(6) == 0) {
        rows.add(insert(scenario + "-" + n++, Authorization.AUTH_TYPE_GLOBAL, "*", null, resourceType,
            (String) resource[1], permissions[random.nextInt(permissions.length)]));
      }
    }
    return rows;
  }

  private String insert(String id, int type, String user, String group, int resourceType, String resourceId,
      int perms) {
    jdbc.update("INSERT INTO act_ru_authorization (id_, rev_, type_, user_id_, group_id_, resource_type_,"
        + " resource_id_, perms_) VALUES (?, 1, ?, ?, ?, ?, ?, ?)", "checks-" + id, type, user, group, resourceType,
        resourceId, perms);
    return String.format("%s%s %d:%s %d", type == Authorization.AUTH_TYPE_GLOBAL ? "global " : "",
        user != null ? user : group, resourceType, resourceId, perms);
  }

  /** The shapes of check the engine makes: one permission, several in turn, several together, a "not found" no. */
  private static List<CompositePermissionCheck> checks() {
    List<CompositePermissionCheck> checks = new ArrayList<>();
    // a claim or completion (AuthorizationCommandChecker.checkTaskWork)
    checks.add(new PermissionCheckBuilder().disjunctive()
        .atomicCheckForResourceId(Resources.TASK, TASK, TaskPermissions.TASK_WORK)
        .atomicCheckForResourceId(Resources.PROCESS_DEFINITION, DEFINITION, ProcessDefinitionPermissions.TASK_WORK)
        .atomicCheckForResourceId(Resources.TASK, TASK, Permissions.UPDATE)
        .atomicCheckForResourceId(Resources.PROCESS_DEFINITION, DEFINITION, ProcessDefinitionPermissions.UPDATE_TASK)
        .build());
    // reading a task's variables (READ on the task or READ_TASK_VARIABLE on its definition)
    checks.add(new PermissionCheckBuilder().disjunctive()
        .atomicCheckForResourceId(Resources.TASK, TASK, Permissions.READ)
        .atomicCheckForResourceId(Resources.PROCESS_DEFINITION, DEFINITION,
            ProcessDefinitionPermissions.READ_TASK_VARIABLE)
        .build());
    checks.add(single(Resources.PROCESS_INSTANCE, INSTANCE, ProcessInstancePermissions.READ));
    checks.add(single(Resources.PROCESS_INSTANCE, "*", ProcessInstancePermissions.READ));
    checks.add(single(Resources.TASK, OTHER_TASK, TaskPermissions.TASK_WORK));
    checks.add(new PermissionCheckBuilder().conjunctive()
        .atomicCheckForResourceId(Resources.TASK, TASK, Permissions.READ)
        .atomicCheckForResourceId(Resources.PROCESS_INSTANCE, INSTANCE, ProcessInstancePermissions.READ)
        .build());
    PermissionCheck noWhenNotFound = new PermissionCheck();
    noWhenNotFound.setResource(Resources.TASK);
    noWhenNotFound.setResourceId(TASK);
    noWhenNotFound.setPermission(TaskPermissions.TASK_WORK);
    noWhenNotFound.setAuthorizationNotFoundReturnValue(0L);
    CompositePermissionCheck stopsAtFirst = new PermissionCheckBuilder().disjunctive()
        .atomicCheckForResourceId(Resources.PROCESS_DEFINITION, DEFINITION, ProcessDefinitionPermissions.TASK_WORK)
        .build();
    List<PermissionCheck> inTurn = new ArrayList<>();
    inTurn.add(noWhenNotFound);
    inTurn.addAll(stopsAtFirst.getAtomicChecks());
    stopsAtFirst.setAtomicChecks(inTurn);
    checks.add(stopsAtFirst);
    return checks;
  }

  private static CompositePermissionCheck single(Resource resource, String id, Permission permission) {
    return new PermissionCheckBuilder().atomicCheckForResourceId(resource, id, permission).build();
  }

  private record Caller(String user, List<String> groups) {
  }

  private record Answer(String check, boolean camunda, boolean aidFlow) {
  }

  private static String describe(CompositePermissionCheck check) {
    List<String> parts = new ArrayList<>();
    for (PermissionCheck atomic : check.getAtomicChecks()) {
      parts.add(atomic.getResource().resourceName() + ":" + atomic.getResourceId() + " " + atomic.getPermission()
          .getName() + (atomic.getAuthorizationNotFoundReturnValue() != null ? " (not found: no)" : ""));
    }
    return (check.isDisjunctive() ? "any of " : "all of ") + parts;
  }

  private int revokes() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM act_ru_authorization WHERE type_ = 2", Integer.class);
  }

  private ProcessEngineConfigurationImpl configuration() {
    return (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
  }
}
