package org.aidflow.servicelevel;

import static org.aidflow.shared.ProcessVariables.*;

import org.aidflow.notification.Notifications;
import org.aidflow.organisation.CaseAccess;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.Organisation;
import org.aidflow.shared.ReferralRegistry;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * {@code rerouteToUnion}: a referral left unaccepted past twice its time goes to the union, the lead organisation
 * that catches everything (docs/policy.md). The second breach is recorded once (the timer job's retry finds it), the
 * union's groups get the referral and are told.
 */
@Component
public class RerouteToUnionDelegate implements JavaDelegate {

  static final String UNION = "union";

  private final Escalations escalations;
  private final ReferralRegistry referrals;
  private final Notifications notifications;
  private final CaseAccess access;
  private final CaseRegistry cases;
  private final OrganisationUnits units;

  public RerouteToUnionDelegate(Escalations escalations, ReferralRegistry referrals, Notifications notifications,
      CaseAccess access, CaseRegistry cases, OrganisationUnits units) {
    this.escalations = escalations;
    this.referrals = referrals;
    this.notifications = notifications;
    this.access = access;
    this.cases = cases;
    this.units = units;
  }

  @Override
  public void execute(DelegateExecution execution) {
    // which referral, case and organisation as registered, whatever the variables say
    ReferralRegistry.RegisteredReferral referral = referrals.referralOfInstance(execution.getProcessInstanceId())
        .orElseThrow(() -> new IllegalStateException("no referral is registered for process instance "
            + execution.getProcessInstanceId()));
    String caseNumber = referral.caseNumber();
    String from = referral.org();
    long referralId = referral.id();
    int reroutes = escalations.forCase(caseNumber).stream()
        .filter(e -> "REROUTED".equals(e.action()) && e.step().equals("acceptance")).toList().size();
    String key = "reroute:" + execution.getProcessInstanceId() + ":" + (reroutes + 1);
    java.time.Instant now = ClockUtil.getCurrentTime().toInstant();
    escalations.record(key, caseNumber, execution.getProcessInstanceId(), from, "acceptance", 2, now, now, "REROUTED");
    // the union unit for the applicant's region, as registered
    String unit = units.jurisdiction(UNION, cases.caseOf(caseNumber).map(CaseRegistry.RegisteredCase::region)
        .orElse(null));
    referrals.reroute(referralId, UNION, unit);
    execution.setVariable(ORG, UNION);
    access.grantReferral(execution.getProcessEngineServices().getAuthorizationService(),
        execution.getProcessInstanceId(), unit, true);
    notifications.enqueue(key, "ESCALATION", null, unit + "-caseworkers", caseNumber,
        "转介两次超时未接收，已由" + Organisation.fromCode(from).chineseName() + "改派总工会，请及时接收");
  }
}
