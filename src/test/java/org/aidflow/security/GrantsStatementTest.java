package org.aidflow.security;

import static org.aidflow.security.PermissionChecks.permission;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.aidflow.support.ProcessTestEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.impl.db.PermissionCheck;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The statement an authorization check reads its grants with, on H2 (the demo's database; AuthorizationChecksIT runs it
 * on PostgreSQL): it returns every grant that could answer the check, whoever holds it, and no other.
 */
class GrantsStatementTest {

  private static final ProcessTestEngine ENGINE = ProcessTestEngine.withoutCoverage();
  // builds the engine, and with it Camunda's tables
  @RegisterExtension
  static final ProcessEngineExtension EXTENSION = ENGINE.extensionWithoutCoverage();
  private static final JdbcTemplate JDBC = ENGINE.jdbc();
  private static final List<PermissionCheck> CLAIM = List.of(
      permission(Resources.TASK, "task-1", TaskPermissions.TASK_WORK),
      permission(Resources.PROCESS_DEFINITION, "aidCase", ProcessDefinitionPermissions.TASK_WORK));

  @BeforeAll
  static void grants() {
    grant("everyone-on-any-task", Authorization.AUTH_TYPE_GLOBAL, "*", null, Resources.TASK, "*");
    grant("user-on-task", Authorization.AUTH_TYPE_GRANT, "worker", null, Resources.TASK, "task-1");
    grant("group-a-on-any-definition", Authorization.AUTH_TYPE_GRANT, null, "group-a", Resources.PROCESS_DEFINITION,
        "*");
    grant("group-b-on-definition", Authorization.AUTH_TYPE_GRANT, null, "group-b", Resources.PROCESS_DEFINITION,
        "aidCase");
    grant("group-b-on-any-task", Authorization.AUTH_TYPE_GRANT, null, "group-b", Resources.TASK, "*");
    // none of these can answer the claim
    grant("other-group-on-any-task", Authorization.AUTH_TYPE_GRANT, null, "group-c", Resources.TASK, "*");
    grant("user-on-other-task", Authorization.AUTH_TYPE_GRANT, "worker", null, Resources.TASK, "task-2");
    grant("group-a-on-any-instance", Authorization.AUTH_TYPE_GRANT, null, "group-a", Resources.PROCESS_INSTANCE, "*");
    grant("other-user-on-task", Authorization.AUTH_TYPE_GRANT, "someone", null, Resources.TASK, "task-1");
  }

  @Test
  void aClaimReadsTheGrantsOfTheUserItsGroupsAndEveryoneOnTheTaskItsDefinitionAndAny() {
    assertThat(read("worker", List.of("group-a", "group-b"))).containsExactlyInAnyOrder("everyone-on-any-task",
        "user-on-task", "group-a-on-any-definition", "group-b-on-definition", "group-b-on-any-task");
  }

  @Test
  void withoutAUserOrWithoutGroupsOnlyTheOthersGrantsAreRead() {
    assertThat(read(null, List.of("group-b"))).containsExactlyInAnyOrder("everyone-on-any-task",
        "group-b-on-definition", "group-b-on-any-task");
    assertThat(read("worker", List.of())).containsExactlyInAnyOrder("everyone-on-any-task", "user-on-task");
  }

  private static List<String> read(String user, List<String> groups) {
    AuthorizationChecks.GrantsStatement statement = AuthorizationChecks.GrantsStatement.of("", user, groups, CLAIM);
    List<Object[]> rows = JDBC.query(statement.sql(), (rs, row) -> new Object[] {rs.getInt(1), rs.getString(2),
        rs.getString(3), rs.getInt(4), rs.getString(5)}, statement.parameters().toArray());
    return rows.stream().map(row -> JDBC.queryForObject("SELECT ID_ FROM ACT_RU_AUTHORIZATION WHERE TYPE_ = ?"
        + " AND RESOURCE_TYPE_ = ? AND RESOURCE_ID_ = ? AND (USER_ID_ = ? OR GROUP_ID_ = ?)", String.class, row[0],
        row[3], row[4], row[1], row[2])).toList();
  }

  private static void grant(String id, int type, String user, String group, Resource resource, String resourceId) {
    JDBC.update("INSERT INTO ACT_RU_AUTHORIZATION (ID_, REV_, TYPE_, USER_ID_, GROUP_ID_, RESOURCE_TYPE_,"
        + " RESOURCE_ID_, PERMS_) VALUES (?, 1, ?, ?, ?, ?, ?, ?)", id, type, user, group, resource.resourceType(),
        resourceId, Permissions.ALL.getValue());
  }

}
