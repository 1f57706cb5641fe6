package org.aidflow.security;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.AuthorizationQuery;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Tasks created before {@code defaultUserPermissionNameForTask: TASK_WORK} carry the engine's old grant to their
 * candidates and assignee: UPDATE, with which a caseworker could add another organisation's group as candidate or
 * write any variable of the task. At start-up those per-task grants become TASK_WORK (claim and complete), so open
 * tasks of a database from an earlier release follow the same rule as new ones. Grants on every task ({@code *})
 * are the administrators' and stay. Once done, the query finds nothing and the step costs one query.
 */
@Component
public class TaskPermissionMigration {

  private static final Logger LOG = LoggerFactory.getLogger(TaskPermissionMigration.class);
  private static final int PAGE = 500;

  private final AuthorizationService authorizationService;

  public TaskPermissionMigration(AuthorizationService authorizationService) {
    this.authorizationService = authorizationService;
  }

  @EventListener
  @Order(2)
  public void onReady(ApplicationReadyEvent event) {
    int downgraded = downgradeTaskUpdateGrants();
    if (downgraded > 0) {
      LOG.info("{} task grants of UPDATE became TASK_WORK", downgraded);
    }
  }

  /** Turns every per-task UPDATE grant into TASK_WORK; answers how many grants changed. */
  public int downgradeTaskUpdateGrants() {
    long grantsOnEveryTask = updateGrants().resourceId(Authorization.ANY).count();
    int downgraded = 0;
    while (true) {
      int before = downgraded;
      for (Authorization grant : updateGrants().listPage(0, PAGE + (int) grantsOnEveryTask)) {
        if (!Authorization.ANY.equals(grant.getResourceId())) {
          grant.removePermission(Permissions.UPDATE);
          grant.addPermission(TaskPermissions.TASK_WORK);
          authorizationService.saveAuthorization(grant);
          downgraded++;
        }
      }
      if (downgraded == before) {
        return downgraded;
      }
    }
  }

  private AuthorizationQuery updateGrants() {
    return authorizationService.createAuthorizationQuery().resourceType(Resources.TASK)
        .authorizationType(Authorization.AUTH_TYPE_GRANT).hasPermission(Permissions.UPDATE);
  }
}
