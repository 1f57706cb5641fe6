package org.aidflow.security;

import static org.aidflow.security.PermissionChecks.permission;
import static org.aidflow.support.JsonBody.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.ResultSet;
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
    // as after a few thousand intakes: a grant per instance and per task, and among them the grants on * of every
    // unit's groups (one row in ten), written as units were set up and so spread over the table
    jdbc.update("INSERT INTO act_ru_authorization (id_, rev_, type_, group_id_, user_id_, resource_type_,"
        + " resource_id_, perms_) SELECT 'checks-plan-' || n, 1, 1, CASE WHEN n % 10 = 0 THEN 'checks-plan-group-'"
        + " || n ELSE 'checks-group-a' END, NULL, CASE WHEN n % 10 = 0 THEN n / 10 % 21 WHEN n % 2 = 0 THEN 8"
        + " ELSE 7 END, CASE WHEN n % 10 = 0 THEN '*' ELSE md5(n::text) END, 2147483647"
        + " FROM generate_series(1, 20000) n");
    try {
      jdbc.execute("ANALYZE act_ru_authorization");
      // an intake officer starting a case (may the definition be started, may an instance be created), and a
      // caseworker claiming a task (the task's TASK_WORK, or its definition's)
      List<AuthorizationChecks.GrantsStatement> reads = List.of(
          AuthorizationChecks.GrantsStatement.of("", USER, GROUPS, List.of(
              permission(Resources.PROCESS_DEFINITION, DEFINITION, ProcessDefinitionPermissions.CREATE_INSTANCE),
              permission(Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.CREATE))),
          AuthorizationChecks.GrantsStatement.of("", USER, GROUPS, List.of(
              permission(Resources.TASK, TASK, TaskPermissions.TASK_WORK),
              permission(Resources.PROCESS_DEFINITION, DEFINITION, ProcessDefinitionPermissions.TASK_WORK))));
      // no grant here answers the checks (those on * are other groups'): finding that out should read next to nothing
      for (AuthorizationChecks.GrantsStatement read : reads) {
        for (boolean generic : List.of(false, true)) {
          String plan = plan(read, generic);
          assertThat(plan).as(generic ? "the plan for any values" : "the plan for these values")
              .doesNotContain("Seq Scan");
          assertThat(rowsReadAndDropped(plan)).as("rows read and dropped in %s", plan).isLessThan(20);
        }
      }
    } finally {
      jdbc.update("DELETE FROM act_ru_authorization WHERE id_ LIKE 'checks-plan-%'");
      jdbc.execute("ANALYZE act_ru_authorization");
    }
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
  private String plan(AuthorizationChecks.GrantsStatement read, boolean generic) {
    StringBuilder sql = new StringBuilder();
    List<String> values = new ArrayList<>();
    int parameter = 0;
    for (char c : read.sql().toCharArray()) {
      if (c != '?') {
        sql.append(c);
        continue;
      }
      Object value = read.parameters().get(parameter++);
      String literal = value instanceof String text ? "'" + text.replace("'", "''") + "'" : String.valueOf(value);
      sql.append(generic ? "$" + parameter : literal);
      values.add(literal);
    }
    return jdbc.execute((ConnectionCallback<String>) connection -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET plan_cache_mode = " + (generic ? "force_generic_plan" : "force_custom_plan"));
        statement.execute("PREPARE checks_grants AS " + sql);
        List<String> plan = new ArrayList<>();
        String explain = "EXPLAIN (ANALYZE) EXECUTE checks_grants(" + String.join(", ", values) + ")";
        try (ResultSet rows = statement.executeQuery(explain)) {
          while (rows.next()) {
            plan.add(rows.getString(1));
          }
        } finally {
          statement.execute("DEALLOCATE checks_grants");
          statement.execute("RESET plan_cache_mode");
        }
        return String.join("\n", plan);
      }
    });
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
