package org.aidflow.shared;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.springframework.stereotype.Component;

/**
 * Who may read one case: the intake organisation (and the intake officer who took it in) read the case; each
 * receiving organisation reads its own referral, which carries the masked identity only. Granted per process
 * instance when the case is registered and when a referral is made, so no organisation sees another's work.
 */
@Component
public class CaseAccess {

  /** Grants the intake organisation's groups, and the user who took the case in, read access to the case. */
  public void grantCase(AuthorizationService authorizations, String processInstanceId, String intakeOrg,
      String intakeUserId) {
    Organisation org = Organisation.fromCode(intakeOrg);
    grantGroup(authorizations, org.caseworkersGroup(), processInstanceId);
    grantGroup(authorizations, org.supervisorsGroup(), processInstanceId);
    if (intakeUserId != null) {
      grant(authorizations, null, intakeUserId, processInstanceId);
    }
  }

  /** Grants the receiving organisation's groups read access to their referral. */
  public void grantReferral(AuthorizationService authorizations, String referralInstanceId, String org) {
    Organisation receiving = Organisation.fromCode(org);
    grantGroup(authorizations, receiving.caseworkersGroup(), referralInstanceId);
    grantGroup(authorizations, receiving.supervisorsGroup(), referralInstanceId);
  }

  /** Grants an organisation's supervisors read access to an instance of theirs (an escalation). */
  public void grantSupervisors(AuthorizationService authorizations, String processInstanceId, String org) {
    grantGroup(authorizations, Organisation.fromCode(org).supervisorsGroup(), processInstanceId);
  }

  /** Lets an organisation's supervisors see a caseworker task of theirs, so the overdue filter shows it. */
  public void shareTaskWithSupervisors(AuthorizationService authorizations, String taskId, String org) {
    save(authorizations, Organisation.fromCode(org).supervisorsGroup(), null, Resources.TASK, taskId,
        Permissions.READ);
  }

  private static void grantGroup(AuthorizationService authorizations, String groupId, String processInstanceId) {
    grant(authorizations, groupId, null, processInstanceId);
  }

  private static void grant(AuthorizationService authorizations, String groupId, String userId,
      String processInstanceId) {
    save(authorizations, groupId, userId, Resources.PROCESS_INSTANCE, processInstanceId, ProcessInstancePermissions.READ);
    save(authorizations, groupId, userId, Resources.HISTORIC_PROCESS_INSTANCE, processInstanceId,
        HistoricProcessInstancePermissions.READ);
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
