package org.aidflow.security;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.ArrayList;
import java.util.List;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.Groups;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.organisation.UnitOpened;
import org.aidflow.organisation.OrganisationUnits;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.core.annotation.Order;
import org.springframework.context.event.EventListener;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.stereotype.Component;

/**
 * The groups of docs/policy.md and what each may do, created at start-up where missing (every profile): the global
 * groups, and each organisation unit's {@code <unit>-caseworkers} and {@code <unit>-supervisors} (also when a unit
 * is created, {@link #setUpUnit}). Tasks need no grant here: the engine authorizes a task's candidate groups when it
 * creates the task, so each unit's caseworkers see and work only their own unit's tasks.
 */
@Component
public class AuthorizationSetup {

  public static final String TASKLIST = "tasklist";
  public static final String COCKPIT = "cockpit";
  private static final String ANY = Authorization.ANY;

  private final IdentityService identityService;
  private final AuthorizationService authorizationService;
  private final OrganisationUnits units;

  public AuthorizationSetup(IdentityService identityService, AuthorizationService authorizationService,
      OrganisationUnits units) {
    this.identityService = identityService;
    this.authorizationService = authorizationService;
    this.units = units;
  }

  /** The groups of docs/policy.md that belong to no unit, with their Chinese names. */
  public static List<String[]> groups() {
    List<String[]> groups = new ArrayList<>();
    groups.add(new String[] {Groups.INTAKE_OFFICERS, "受理员"});
    groups.add(new String[] {Groups.SUPERVISORS, "跨组织主管"});
    groups.add(new String[] {Groups.DESIGNERS, "流程设计"});
    groups.add(new String[] {Groups.ADMINS, "系统管理员"});
    return groups;
  }

  @EventListener
  @Order(1)
  public void onReady(ApplicationReadyEvent event) {
    for (String[] group : groups()) {
      createGroupIfMissing(group[0], group[1]);
    }
    for (OrganisationUnit unit : units.all()) {
      setUpUnit(unit);
    }
    grant(Groups.INTAKE_OFFICERS, Resources.APPLICATION, TASKLIST, Permissions.ACCESS);
    grant(Groups.INTAKE_OFFICERS, Resources.PROCESS_DEFINITION, AidCaseModel.PROCESS_KEY,
        ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.CREATE_INSTANCE);
    grant(Groups.INTAKE_OFFICERS, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.CREATE);

    grant(Groups.SUPERVISORS, Resources.APPLICATION, TASKLIST, Permissions.ACCESS);
    grant(Groups.SUPERVISORS, Resources.APPLICATION, COCKPIT, Permissions.ACCESS);
    grant(Groups.SUPERVISORS, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY,
        ProcessDefinitionPermissions.READ_TASK);
    grant(Groups.SUPERVISORS, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.READ);
    grant(Groups.SUPERVISORS, Resources.HISTORIC_PROCESS_INSTANCE, ANY, HistoricProcessInstancePermissions.READ);
    grant(Groups.SUPERVISORS, Resources.TASK, ANY, Permissions.READ);
    grant(Groups.SUPERVISORS, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.READ_HISTORY);
    grant(Groups.SUPERVISORS, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ);
    grant(Groups.SUPERVISORS, Resources.DEPLOYMENT, ANY, Permissions.READ);

    grant(Groups.DESIGNERS, Resources.APPLICATION, COCKPIT, Permissions.ACCESS);
    grant(Groups.DESIGNERS, Resources.DEPLOYMENT, ANY, Permissions.CREATE, Permissions.READ, Permissions.DELETE);
    grant(Groups.DESIGNERS, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ);
    grant(Groups.DESIGNERS, Resources.DECISION_DEFINITION, ANY, Permissions.READ);
    grant(Groups.DESIGNERS, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ);
  }

  /** A unit made or reactivated while running gets its groups first (its filters are granted to them next). */
  @EventListener
  @Order(1)
  public void onUnitOpened(UnitOpened opened) {
    setUpUnit(opened.unit());
  }

  /** A unit's two groups and what they may do; idempotent, also for a unit created while the application runs. */
  public void setUpUnit(OrganisationUnit unit) {
    createGroupIfMissing(unit.caseworkersGroup(), unit.name() + "经办人");
    createGroupIfMissing(unit.supervisorsGroup(), unit.name() + "主管");
    for (String group : List.of(unit.caseworkersGroup(), unit.supervisorsGroup())) {
      grant(group, Resources.APPLICATION, TASKLIST, Permissions.ACCESS);
      // definitions name the tasks in Tasklist; they hold no case data
      grant(group, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ);
    }
    // a unit's supervisors watch its cases and those of the units below in Cockpit; CaseAccess grants each instance
    grant(unit.supervisorsGroup(), Resources.APPLICATION, COCKPIT, Permissions.ACCESS);
  }

  private void createGroupIfMissing(String id, String name) {
    if (identityService.createGroupQuery().groupId(id).count() == 0) {
      Group group = identityService.newGroup(id);
      group.setName(name);
      group.setType("WORKFLOW");
      identityService.saveGroup(group);
    }
  }

  /** Grants the permissions unless the group already has an authorization on that resource. */
  public void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
    boolean exists = authorizationService.createAuthorizationQuery().groupIdIn(groupId).resourceType(resource)
        .resourceId(resourceId).count() > 0;
    if (exists) {
      return;
    }
    Authorization authorization = authorizationService.createNewAuthorization(AUTH_TYPE_GRANT);
    authorization.setGroupId(groupId);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    for (Permission permission : permissions) {
      authorization.addPermission(permission);
    }
    authorizationService.saveAuthorization(authorization);
  }
}
