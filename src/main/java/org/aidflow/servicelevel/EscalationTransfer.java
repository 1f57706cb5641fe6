package org.aidflow.servicelevel;

import org.aidflow.organisation.CaseAccess;
import org.aidflow.organisation.OrganisationService;
import org.aidflow.organisation.UnitWorkMoved;
import org.aidflow.shared.ProcessVariables;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A transferred referral's open escalations follow it (docs/organisation-units.md): the escalation task of each late
 * step not yet handled moves to the new unit's supervisors, who may read the escalation; the old unit's supervisors no
 * longer may (unless they are above the new unit too). A deactivated unit's escalation tasks already moved with all
 * its tasks.
 */
@Component
public class EscalationTransfer {

  private final Escalations escalations;
  private final OrganisationService organisations;
  private final CaseAccess access;
  private final RuntimeService runtimeService;
  private final AuthorizationService authorizationService;

  public EscalationTransfer(Escalations escalations, OrganisationService organisations, CaseAccess access,
      RuntimeService runtimeService, AuthorizationService authorizationService) {
    this.escalations = escalations;
    this.organisations = organisations;
    this.access = access;
    this.runtimeService = runtimeService;
    this.authorizationService = authorizationService;
  }

  @EventListener
  public void onMoved(UnitWorkMoved moved) {
    if (moved.referralInstanceId() == null) {
      return;
    }
    for (String escalation : escalations.openInstancesOf(moved.referralInstanceId())) {
      if (runtimeService.createProcessInstanceQuery().processInstanceId(escalation).count() == 0) {
        continue;
      }
      // the escalation's unit, as its model reads it (${org}-supervisors), should its task be created again
      runtimeService.setVariable(escalation, ProcessVariables.ORG, moved.toUnit());
      access.grantSupervisors(authorizationService, escalation, moved.toUnit());
      organisations.moveTasks(escalation, moved.fromUnit(), moved.toUnit());
      access.revokeReferral(authorizationService, escalation, moved.fromUnit(), moved.toUnit());
    }
  }
}
