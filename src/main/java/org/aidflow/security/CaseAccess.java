package org.aidflow.security;

import org.aidflow.shared.Organisation;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
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

  private static void grantGroup(AuthorizationService authorizations, String groupId, String processInstanceId) {
    grant(authorizations, groupId, null, processInstanceId);
  }

  private static void grant(AuthorizationService authorizations, String groupId, String userId,
      String processInstanceId) {
    Authorization runtime = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    runtime.setGroupId(groupId);
    runtime.setUserId(userId);
    runtime.setResource(Resources.PROCESS_INSTANCE);
    runtime.setResourceId(processInstanceId);
    runtime.addPermission(ProcessInstancePermissions.READ);
    authorizations.saveAuthorization(runtime);

    Authorization history = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    history.setGroupId(groupId);
    history.setUserId(userId);
    history.setResource(Resources.HISTORIC_PROCESS_INSTANCE);
    history.setResourceId(processInstanceId);
    history.addPermission(HistoricProcessInstancePermissions.READ);
    authorizations.saveAuthorization(history);
  }
}
