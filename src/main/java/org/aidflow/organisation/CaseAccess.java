package org.aidflow.organisation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.aidflow.shared.CommandGrants;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.springframework.stereotype.Component;

/**
 * Who may read one case: the intake unit (and the intake officer who took it in) read the case; each receiving
 * unit reads its own referral, which carries the masked identity only. The supervisors of every unit above read
 * what their lower units read (docs/organisation-units.md). Granted per process instance when the case is registered
 * and when a referral is made, so no unit sees a sibling's work. Units are given as codes ({@code union-3301}); a bare
 * organisation code (from before units) stands for its province unit.
 */
@Component
public class CaseAccess {

  private final OrganisationUnits units;

  public CaseAccess(OrganisationUnits units) {
    this.units = units;
  }

  /** Grants the intake unit's groups, and the user who took the case in, read access to the case. */
  public void grantCase(AuthorizationService authorizations, String processInstanceId, String intakeUnit,
      String intakeUserId) {
    String unit = OrganisationUnits.unitCode(intakeUnit);
    grantGroup(authorizations, unit + OrganisationUnit.CASEWORKERS, processInstanceId, false);
    for (String supervisors : supervisorsFromUnitUp(unit)) {
      grantGroup(authorizations, supervisors, processInstanceId, false);
    }
    if (intakeUserId != null) {
      grant(authorizations, null, intakeUserId, processInstanceId, false);
    }
  }

  /** Grants the receiving unit's groups (and the supervisors above) read access to their referral. */
  public void grantReferral(AuthorizationService authorizations, String referralInstanceId, String receivingUnit) {
    grantReferral(authorizations, referralInstanceId, receivingUnit, false);
  }

  /**
   * As {@link #grantReferral(AuthorizationService, String, String)}, skipping groups that already hold the grant: a
   * referral moving to another unit (transfer, deactivation, rerouting) may move within the same branch.
   */
  public void grantReferral(AuthorizationService authorizations, String referralInstanceId, String receivingUnit,
      boolean unlessGranted) {
    String unit = OrganisationUnits.unitCode(receivingUnit);
    grantGroup(authorizations, unit + OrganisationUnit.CASEWORKERS, referralInstanceId, unlessGranted);
    for (String supervisors : supervisorsFromUnitUp(unit)) {
      grantGroup(authorizations, supervisors, referralInstanceId, unlessGranted);
    }
  }

  /**
   * Takes a unit's read access to a referral (or an escalation of it) away when it moved to another unit: the grants
   * of {@code fromUnit}'s caseworkers and of the supervisors from it up, except those the new unit's chain holds
   * too (the supervisors of the units above both). Answers how many grants were deleted.
   */
  public int revokeReferral(AuthorizationService authorizations, String processInstanceId, String fromUnit,
      String toUnit) {
    String from = OrganisationUnits.unitCode(fromUnit);
    List<String> revoke = new ArrayList<>(supervisorsFromUnitUp(from));
    revoke.add(from + OrganisationUnit.CASEWORKERS);
    revoke.removeAll(supervisorsFromUnitUp(OrganisationUnits.unitCode(toUnit)));
    revoke.remove(OrganisationUnits.unitCode(toUnit) + OrganisationUnit.CASEWORKERS);
    if (revoke.isEmpty()) {
      return 0;
    }
    int deleted = 0;
    for (Resource resource : List.of(Resources.PROCESS_INSTANCE, Resources.HISTORIC_PROCESS_INSTANCE)) {
      for (Authorization grant : authorizations.createAuthorizationQuery().resourceType(resource)
          .resourceId(processInstanceId).groupIdIn(revoke.toArray(String[]::new)).list()) {
        authorizations.deleteAuthorization(grant.getId());
        deleted++;
      }
    }
    return deleted;
  }

  /** Grants a unit's supervisors (and those above) read access to an instance of theirs (an escalation). */
  public void grantSupervisors(AuthorizationService authorizations, String processInstanceId, String unit) {
    for (String supervisors : supervisorsFromUnitUp(OrganisationUnits.unitCode(unit))) {
      grantGroup(authorizations, supervisors, processInstanceId, true);
    }
  }

  /**
   * Lets a unit's supervisors and those of every unit above see a task of the unit, so their overdue filter (超期)
   * and Tasklist show it. Idempotent: a group that may already read the task is skipped.
   */
  public void shareTaskWithSupervisors(AuthorizationService authorizations, String taskId, String unit) {
    for (String supervisors : supervisorsFromUnitUp(OrganisationUnits.unitCode(unit))) {
      if (!granted(authorizations, supervisors, null, Resources.TASK, taskId)) {
        save(authorizations, supervisors, null, Resources.TASK, taskId, Permissions.READ);
      }
    }
  }

  /** Lets the supervisors of every unit above the unit see a task of the unit (not the unit's own). */
  public void shareTaskWithHigherSupervisors(AuthorizationService authorizations, String taskId, String unit) {
    List<String> above = supervisorsFromUnitUp(OrganisationUnits.unitCode(unit));
    for (String supervisors : above.subList(1, above.size())) {
      if (!granted(authorizations, supervisors, null, Resources.TASK, taskId)) {
        save(authorizations, supervisors, null, Resources.TASK, taskId, Permissions.READ);
      }
    }
  }

  /** {@code <unit>-supervisors}, then the supervisors of each unit above, nearest first. */
  public List<String> supervisorsFromUnitUp(String unit) {
    List<String> groups = new ArrayList<>();
    groups.add(unit + OrganisationUnit.SUPERVISORS);
    for (String ancestor : units.ancestors(unit)) {
      groups.add(ancestor + OrganisationUnit.SUPERVISORS);
    }
    return groups;
  }

  private static void grantGroup(AuthorizationService authorizations, String groupId, String processInstanceId,
      boolean unlessGranted) {
    grant(authorizations, groupId, null, processInstanceId, unlessGranted);
  }

  private static void grant(AuthorizationService authorizations, String groupId, String userId,
      String processInstanceId, boolean unlessGranted) {
    if (!unlessGranted || !granted(authorizations, groupId, userId, Resources.PROCESS_INSTANCE, processInstanceId)) {
      save(authorizations, groupId, userId, Resources.PROCESS_INSTANCE, processInstanceId,
          ProcessInstancePermissions.READ);
    }
    if (!unlessGranted
        || !granted(authorizations, groupId, userId, Resources.HISTORIC_PROCESS_INSTANCE, processInstanceId)) {
      save(authorizations, groupId, userId, Resources.HISTORIC_PROCESS_INSTANCE, processInstanceId,
          HistoricProcessInstancePermissions.READ);
    }
  }

  private static boolean granted(AuthorizationService authorizations, String groupId, String userId,
      Resource resource, String resourceId) {
    // grants made earlier in the same command (the engine's for a task's candidates, another listener's) are not
    // in the database yet
    for (AuthorizationEntity cached : CommandGrants.inCommand(resource, resourceId)) {
      if (Objects.equals(groupId, cached.getGroupId()) && Objects.equals(userId, cached.getUserId())) {
        return true;
      }
    }
    if (CommandGrants.onNewResource(resource, resourceId)) {
      return false;
    }
    var query = authorizations.createAuthorizationQuery().resourceType(resource).resourceId(resourceId);
    return (groupId != null ? query.groupIdIn(groupId) : query.userIdIn(userId)).count() > 0;
  }

  private static void save(AuthorizationService authorizations, String groupId, String userId, Resource resource,
      String resourceId, Permission permission) {
    Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    authorization.setGroupId(groupId);
    authorization.setUserId(userId);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    authorization.addPermission(permission);
    authorizations.saveAuthorization(authorization);
  }
}
