package org.aidflow.security;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.aidflow.shared.CommandGrants;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.auth.DefaultAuthorizationProvider;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.task.Task;

/**
 * Camunda's grants for a task's candidates and assignee, less the ones that give nobody anything.
 *
 * <p>For every candidate group, candidate user and assignee of a task Camunda writes a grant on the task and, with
 * historic instance permissions on, one on its history ({@code HISTORIC_TASK}). Two of them add no access in AidFlow:
 * <ul>
 *   <li>the history grant of a group or user that already reads the task's process instance history
 *   ({@code HISTORIC_PROCESS_INSTANCE} READ, given by {@code CaseAccess} to the units that hold the case or the
 *   referral): Camunda answers every read of a task's history, its variables and its identity links with "the
 *   definition's history, or the instance's history, or the task's history";</li>
 *   <li>the task grant of a caseworker who claims a task that their own groups may already read and work: their
 *   access comes from the unit, as it did before they claimed it.</li>
 * </ul>
 * Each skipped grant was an insert and later a delete (17 rows fewer per case in the benchmark); deciding costs one
 * read of the task's and its instance's grants. A user assigned by someone else (a supervisor's take-over, the
 * engine), a claimer or candidate user whose own groups do not give the access, and a group without the instance's
 * grant keep Camunda's grants.
 * One difference a user may notice: a caseworker who claimed a task and then leaves the unit no longer works or reads
 * it (with Camunda's grants they kept it), which is the rule of units (docs/security.md).
 */
class TaskGrants extends DefaultAuthorizationProvider {

  // Camunda's order: the group, then the user (one of them is null)
  @Override
  protected AuthorizationEntity[] createOrUpdateAuthorizations(Task task, String groupId, String userId) {
    boolean specific = isEnforceSpecificVariablePermission();
    Holder holder = Holder.of(userId, groupId, StoredGrants.of(task));
    List<AuthorizationEntity> grants = new ArrayList<>(2);
    Permission[] runtime = getRuntimePermissions(specific);
    if (groupId != null || !holder.groupsHold(Resources.TASK, task.getId(), runtime)) {
      grants.add(createOrUpdateAuthorization(task, userId, groupId, Resources.TASK, false, runtime));
    }
    if (isHistoricInstancePermissionsEnabled() && (task.getProcessInstanceId() == null
        || !holder.holds(Resources.HISTORIC_PROCESS_INSTANCE, task.getProcessInstanceId(),
        HistoricProcessInstancePermissions.READ))) {
      grants.add(createOrUpdateAuthorization(task, userId, groupId, Resources.HISTORIC_TASK, true,
          getHistoricPermissions(specific)));
    }
    return grants.toArray(new AuthorizationEntity[0]);
  }

  // Camunda looks for the holder's grant on the resource before it writes one; on a task this command made there is
  // none in the database yet (those made in this command Camunda merges from its cache)
  @Override
  protected AuthorizationEntity getGrantAuthorizationByGroupId(String groupId, Resource resource, String resourceId) {
    return CommandGrants.onNewResource(resource, resourceId) ? null
        : super.getGrantAuthorizationByGroupId(groupId, resource, resourceId);
  }

  @Override
  protected AuthorizationEntity getGrantAuthorizationByUserId(String userId, Resource resource, String resourceId) {
    return CommandGrants.onNewResource(resource, resourceId) ? null
        : super.getGrantAuthorizationByUserId(userId, resource, resourceId);
  }

  /**
   * Whose access is asked about: a group, or a user with the groups known for them. Only the user of the command is
   * known by groups (those they logged in with); anyone else counts with their own grants only.
   */
  private record Holder(String userId, List<String> groupIds, StoredGrants stored) {

    static Holder of(String userId, String groupId, StoredGrants stored) {
      if (groupId != null) {
        return new Holder(null, List.of(groupId), stored);
      }
      Authentication authentication = Context.getCommandContext().getAuthentication();
      if (authentication != null && userId.equals(authentication.getUserId())
          && authentication.getGroupIds() != null) {
        return new Holder(userId, List.copyOf(authentication.getGroupIds()), stored);
      }
      return new Holder(userId, List.of(), stored);
    }

    /** The user's groups (not the user) hold every permission on the resource. */
    boolean groupsHold(Resource resource, String resourceId, Permission... permissions) {
      return !groupIds.isEmpty() && new Holder(null, groupIds, stored).holds(resource, resourceId, permissions);
    }

    /**
     * The user or one of the groups holds every permission on the resource (a grant on this resource, not on '*'), in
     * the database or in this command.
     */
    boolean holds(Resource resource, String resourceId, Permission... permissions) {
      CommandContext context = Context.getCommandContext();
      var cache = context.getDbEntityManager().getDbEntityCache();
      boolean heldHere = false;
      for (AuthorizationEntity grant : CommandGrants.inCommand(resource, resourceId)) {
        if (concerns(grant)) {
          if (cache.isDeleted(grant)) {
            // taken away in this command, and maybe still in the database: keep Camunda's grant
            return false;
          }
          heldHere |= grantsAll(grant, permissions);
        }
      }
      if (heldHere) {
        return true;
      }
      if (CommandGrants.onNewResource(resource, resourceId)) {
        return false;
      }
      // the grants in the database (a task or an instance has a handful: its units' and holders'), where Camunda's
      // look-up by unique key took a statement per holder. A grant on every resource ('*') is not looked for: without
      // one, Camunda's grant is written. One this command has in its cache was weighed above
      for (AuthorizationEntity grant : stored.on(resource, resourceId)) {
        if (cache.getCachedEntity(AuthorizationEntity.class, grant.getId()) == null && concerns(grant)
            && grantsAll(grant, permissions)) {
          return true;
        }
      }
      return false;
    }

    private boolean concerns(AuthorizationEntity grant) {
      return grant.getAuthorizationType() == Authorization.AUTH_TYPE_GRANT
          && ((grant.getGroupId() != null && groupIds.contains(grant.getGroupId()))
          || (userId != null && Objects.equals(userId, grant.getUserId())));
    }

    private static boolean grantsAll(AuthorizationEntity grant, Permission... permissions) {
      for (Permission permission : permissions) {
        if (!grant.isPermissionGranted(permission)) {
          return false;
        }
      }
      return true;
    }
  }

  /** The statement that reads the grants on one or two resource ids (a task, and its instance), by resource id. */
  static String statement(String prefix, int resourceIds) {
    return "SELECT ID_, GROUP_ID_, USER_ID_, RESOURCE_TYPE_, RESOURCE_ID_, PERMS_ FROM " + prefix
        + "ACT_RU_AUTHORIZATION WHERE RESOURCE_ID_" + (resourceIds == 1 ? " = ?" : " IN (?, ?)") + " AND TYPE_ = "
        + Authorization.AUTH_TYPE_GRANT;
  }

  /**
   * The stored grants read in the running command, by task: a command that names a task's assignee and its candidates
   * asks for each (the same read twice in a row, two round trips per case in the loop). Camunda writes a command's
   * grants when it ends, and weighs those it makes or deletes from its cache ({@link Holder#holds}); read once, the
   * stored grants are as current as when they were read for the first question, as they would be for the second a
   * moment later but for another transaction's commit in between. A session of the command, as the engine keeps its
   * managers: opened at the first question ({@link AuthorizationChecksPlugin} registers it) and dropped with the
   * command.
   */
  static final class ReadInCommand implements Session {

    private final Map<String, StoredGrants> byTask = new HashMap<>();

    @Override
    public void flush() {
      // nothing to write: the grants were only read
    }

    @Override
    public void close() {
      // nothing held
    }
  }

  /**
   * The grants (not revokes or global ones) on a task and on its process instance's history as the database holds
   * them, read when first asked about, in one plain statement for both: deciding a claim asks about each.
   */
  private static final class StoredGrants {

    private final String taskId;
    private final String processInstanceId;
    private List<AuthorizationEntity> grants;

    private StoredGrants(Task task) {
      this.taskId = task.getId();
      this.processInstanceId = task.getProcessInstanceId();
    }

    /** Those of the task, read once in the running command ({@link ReadInCommand}). */
    static StoredGrants of(Task task) {
      return Context.getCommandContext().getSession(ReadInCommand.class).byTask
          .computeIfAbsent(task.getId(), id -> new StoredGrants(task));
    }

    List<AuthorizationEntity> on(Resource resource, String resourceId) {
      if (!resourceId.equals(taskId) && !resourceId.equals(processInstanceId)) {
        throw new IllegalArgumentException("only the grants of task " + taskId + " and its instance are read, not "
            + resourceId);
      }
      if (grants == null) {
        grants = read();
      }
      return grants.stream().filter(grant -> grant.getResourceType() == resource.resourceType()
          && resourceId.equals(grant.getResourceId())).toList();
    }

    private List<AuthorizationEntity> read() {
      List<String> ids = processInstanceId == null ? List.of(taskId) : List.of(taskId, processInstanceId);
      return GrantReads.read(statement(Context.getProcessEngineConfiguration().getDatabaseTablePrefix(), ids.size()),
          ids, row -> {
            AuthorizationEntity grant = new AuthorizationEntity(Authorization.AUTH_TYPE_GRANT);
            grant.setId(row.getString(1));
            grant.setGroupId(row.getString(2));
            grant.setUserId(row.getString(3));
            grant.setResourceType(row.getInt(4));
            grant.setResourceId(row.getString(5));
            grant.setPermissions(row.getInt(6));
            return grant;
          });
    }
  }
}
