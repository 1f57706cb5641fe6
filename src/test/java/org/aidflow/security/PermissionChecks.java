package org.aidflow.security;

import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.impl.db.PermissionCheck;

/** A permission check as Camunda builds one for a command, for the tests of the grants' statement. */
final class PermissionChecks {

  private PermissionChecks() {
  }

  static PermissionCheck permission(Resource resource, String id, Permission permission) {
    PermissionCheck check = new PermissionCheck();
    check.setResource(resource);
    check.setResourceId(id);
    check.setPermission(permission);
    return check;
  }
}
