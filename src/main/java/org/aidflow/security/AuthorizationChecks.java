package org.aidflow.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.CompositePermissionCheck;
import org.camunda.bpm.engine.impl.db.PermissionCheck;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;

/**
 * Camunda's authorization manager with two changes that keep each check's answer and make it cheaper.
 *
 * <p>The caller's groups are taken as they are: Camunda would first narrow them to those that hold any authorization
 * with {@code SELECT DISTINCT GROUP_ID_ FROM ACT_RU_AUTHORIZATION}, a full scan of a table that grows with every case
 * (ADR 4).
 *
 * <p>A check of one or more permissions on named resources — the claim's and the completion's {@code TASK_WORK}, the
 * form's {@code READ_VARIABLE}, reading an instance — reads the grants that could answer it with one small statement
 * ({@link GrantsStatement}, by index) and decides in Java. Camunda builds one dynamic statement
 * per check instead, with a dozen sub-queries for each permission: building it was 14 % of the benchmark loop's JVM
 * time and PostgreSQL read the whole authorization table for it. The rule is Camunda's: without revoke grants
 * (AidFlow refuses them, {@link AuthorizationChecksPlugin}) a permission is granted when the user, one of the user's
 * groups or everyone ({@code GLOBAL}) holds a grant with all its bits on the resource or on {@code *}; of several
 * permissions asked for in turn, the first one that has an answer decides. Any other kind of check (revoke checks in
 * use, a permission whose "not found" answer is not "no", checks nested in checks) goes to Camunda's own statement.
 * AuthorizationChecksIT compares both on 150 random sets of user, group and global grants.
 */
class AuthorizationChecks extends AuthorizationManager {

  @Override
  public List<String> filterAuthenticatedGroupIds(List<String> authenticatedGroupIds) {
    return authenticatedGroupIds == null ? Collections.emptyList() : new ArrayList<>(authenticatedGroupIds);
  }

  @Override
  public boolean isAuthorized(String userId, List<String> groupIds, PermissionCheck permissionCheck) {
    if (!isAuthorizationEnabled()) {
      return true;
    }
    return isAuthorized(userId, groupIds, createCompositePermissionCheck(permissionCheck));
  }

  @Override
  public boolean isAuthorized(String userId, List<String> groupIds, CompositePermissionCheck check) {
    if (!decidableHere(check) || isRevokeAuthCheckEnabled(userId, groupIds)) {
      return super.isAuthorized(userId, groupIds, check);
    }
    for (PermissionCheck permissionCheck : check.getAllPermissionChecks()) {
      if (!isResourceValidForPermission(permissionCheck)) {
        // Camunda's own refusal of, e.g., a task permission asked for on a process definition
        return super.isAuthorized(userId, groupIds, check);
      }
    }
    List<String> groups = filterAuthenticatedGroupIds(groupIds);
    List<PermissionCheck> atomicChecks = check.getAtomicChecks();
    List<Grant> grants = grantsFor(userId, groups, atomicChecks);
    if (atomicChecks.size() == 1 || check.isDisjunctive()) {
      // the first permission that has an answer decides: granted, or a "not found" that says no
      for (PermissionCheck atomic : atomicChecks) {
        if (granted(atomic, userId, groups, grants)) {
          return true;
        }
        if (atomic.getAuthorizationNotFoundReturnValue() != null) {
          return false;
        }
      }
      return false;
    }
    for (PermissionCheck atomic : atomicChecks) {
      if (!granted(atomic, userId, groups, grants)) {
        return false;
      }
    }
    return true;
  }

  /** Permissions on named resources, with no answer for "not found" but no, and no checks nested in the check. */
  static boolean decidableHere(CompositePermissionCheck check) {
    if (check.getAtomicChecks() == null || check.getAtomicChecks().isEmpty()
        || (check.getCompositeChecks() != null && !check.getCompositeChecks().isEmpty())) {
      return false;
    }
    for (PermissionCheck atomic : check.getAtomicChecks()) {
      Long notFound = atomic.getAuthorizationNotFoundReturnValue();
      if (atomic.getResourceIdQueryParam() != null || (notFound != null && notFound != 0L)) {
        return false;
      }
    }
    return true;
  }

  private static boolean granted(PermissionCheck check, String userId, List<String> groupIds, List<Grant> grants) {
    String resourceId = check.getResourceId();
    int perms = check.getPerms();
    for (Grant grant : grants) {
      boolean onResource = Authorization.ANY.equals(grant.resourceId())
          || (resourceId != null && resourceId.equals(grant.resourceId()));
      if (grant.resourceType() == check.getResourceType() && onResource && (grant.perms() & perms) == perms
          && grant.holdsFor(userId, groupIds)) {
        return true;
      }
    }
    return false;
  }

  /** The grants and global authorizations on the checks' resources and on {@code *} held by the user or the groups. */
  private List<Grant> grantsFor(String userId, List<String> groupIds, List<PermissionCheck> checks) {
    GrantsStatement read = GrantsStatement.of(Context.getProcessEngineConfiguration().getDatabaseTablePrefix(), userId,
        groupIds, checks);
    return GrantReads.read(read.sql(), read.parameters(), row -> new Grant(row.getInt(1), row.getString(2),
        row.getString(3), row.getInt(4), row.getString(5), row.getInt(6)));
  }

  /**
   * The statement that reads the grants a check needs, with its parameters in order, in up to three reads that each
   * PostgreSQL looks up by index whatever the table's size:
   * <ul>
   *   <li>the grants on the named resources (by {@code RESOURCE_ID_}: a task or a definition has a few);</li>
   *   <li>everyone's and the user's grants on {@code *} (by Camunda's unique index on {@code TYPE_, USER_ID_,
   *       RESOURCE_TYPE_, RESOURCE_ID_}: a user holds few);</li>
   *   <li>each group's grant on {@code *} of each resource type, every key named in full (Camunda's unique index on
   *       {@code TYPE_, GROUP_ID_, RESOURCE_TYPE_, RESOURCE_ID_}). Asked with lists of groups and types instead,
   *       PostgreSQL guesses from each column alone: a unit's group holds a grant on each of its tasks and instances,
   *       so it expected many of them on {@code *} too and read every group's grants on {@code *}, 2,000 among
   *       20,000 grants for a claim (AuthorizationChecksIT checks the plans). The keys are the user's groups times
   *       the check's resource types, a handful: planning grows with them, reading does not grow with the
   *       grants.</li>
   * </ul>
   * {@code *} is written out, not bound: a plan for any values then still knows how many grants are on it.
   */
  record GrantsStatement(String sql, List<Object> parameters) {

    static GrantsStatement of(String prefix, String userId, List<String> groupIds, List<PermissionCheck> checks) {
      Set<Integer> resourceTypes = new LinkedHashSet<>();
      Set<String> resourceIds = new LinkedHashSet<>();
      for (PermissionCheck check : checks) {
        resourceTypes.add(check.getResourceType());
        if (check.getResourceId() != null && !Authorization.ANY.equals(check.getResourceId())) {
          resourceIds.add(check.getResourceId());
        }
      }
      String read = "SELECT TYPE_, USER_ID_, GROUP_ID_, RESOURCE_TYPE_, RESOURCE_ID_, PERMS_ FROM " + prefix
          + "ACT_RU_AUTHORIZATION WHERE ";
      String types = " RESOURCE_TYPE_ IN (" + placeholders(resourceTypes.size()) + ")";
      String global = "(TYPE_ = " + Authorization.AUTH_TYPE_GLOBAL + " AND USER_ID_ = '" + Authorization.ANY + "')";
      // a null user matches no user's grant, as in Camunda's statement
      String user = userId == null ? "" : " OR (TYPE_ = " + Authorization.AUTH_TYPE_GRANT + " AND USER_ID_ = ?)";
      List<String> reads = new ArrayList<>();
      List<Object> parameters = new ArrayList<>();
      if (!resourceIds.isEmpty()) {
        String groups = groupIds.isEmpty() ? "" : " OR (TYPE_ = " + Authorization.AUTH_TYPE_GRANT
            + " AND GROUP_ID_ IN (" + placeholders(groupIds.size()) + "))";
        reads.add(read + "RESOURCE_ID_ IN (" + placeholders(resourceIds.size()) + ") AND" + types + " AND (" + global
            + user + groups + ")");
        parameters.addAll(resourceIds);
        parameters.addAll(resourceTypes);
        addIfPresent(parameters, userId);
        parameters.addAll(groupIds);
      }
      reads.add(read + "RESOURCE_ID_ = '" + Authorization.ANY + "' AND" + types + " AND (" + global + user + ")");
      parameters.addAll(resourceTypes);
      addIfPresent(parameters, userId);
      if (!groupIds.isEmpty()) {
        List<String> keys = new ArrayList<>();
        for (String groupId : groupIds) {
          for (Integer resourceType : resourceTypes) {
            keys.add("(GROUP_ID_ = ? AND RESOURCE_TYPE_ = ?)");
            parameters.add(groupId);
            parameters.add(resourceType);
          }
        }
        reads.add(read + "RESOURCE_ID_ = '" + Authorization.ANY + "' AND TYPE_ = " + Authorization.AUTH_TYPE_GRANT
            + " AND (" + String.join(" OR ", keys) + ")");
      }
      return new GrantsStatement(String.join(" UNION ALL ", reads), List.copyOf(parameters));
    }

    private static void addIfPresent(List<Object> parameters, String value) {
      if (value != null) {
        parameters.add(value);
      }
    }

    private static String placeholders(int count) {
      return String.join(", ", Collections.nCopies(count, "?"));
    }
  }

  /** One row of {@code ACT_RU_AUTHORIZATION}. */
  private record Grant(int type, String userId, String groupId, int resourceType, String resourceId, int perms) {

    boolean holdsFor(String user, List<String> groups) {
      if (type == Authorization.AUTH_TYPE_GLOBAL) {
        return Authorization.ANY.equals(userId);
      }
      return (user != null && user.equals(userId)) || (groupId != null && groups.contains(groupId));
    }
  }
}
