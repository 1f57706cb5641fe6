package org.aidflow.security;

import org.aidflow.shared.Groups;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;

/**
 * Makes a user an administrator as Camunda's own first-administrator setup does: a member of {@code camunda-admin},
 * which holds every permission on every resource (the webapps ask for these grants), and of AidFlow's
 * {@code admins}.
 */
public final class Administrators {

  private Administrators() {
  }

  public static void makeAdministrator(IdentityService identityService, AuthorizationService authorizationService,
      String userId) {
    String camundaAdmin = org.camunda.bpm.engine.authorization.Groups.CAMUNDA_ADMIN;
    if (identityService.createGroupQuery().groupId(camundaAdmin).count() == 0) {
      Group group = identityService.newGroup(camundaAdmin);
      group.setName("Camunda BPM Administrators");
      group.setType(org.camunda.bpm.engine.authorization.Groups.GROUP_TYPE_SYSTEM);
      identityService.saveGroup(group);
    }
    for (Resources resource : Resources.values()) {
      if (authorizationService.createAuthorizationQuery().groupIdIn(camundaAdmin).resourceType(resource)
          .resourceId(Authorization.ANY).count() == 0) {
        Authorization all = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        all.setGroupId(camundaAdmin);
        all.setResource(resource);
        all.setResourceId(Authorization.ANY);
        all.addPermission(Permissions.ALL);
        authorizationService.saveAuthorization(all);
      }
    }
    for (String group : new String[] {camundaAdmin, Groups.ADMINS}) {
      if (identityService.createUserQuery().userId(userId).memberOfGroup(group).count() == 0) {
        identityService.createMembership(userId, group);
      }
    }
  }
}
