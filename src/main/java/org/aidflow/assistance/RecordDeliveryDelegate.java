package org.aidflow.assistance;

import static org.aidflow.shared.ProcessVariables.*;

import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.CaseScope;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.ReferralRegistry;
import org.aidflow.shared.ReferralRegistry.RegisteredReferral;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code recordDelivery}: the referral's outcome (delivered or not, and the amount) returned to the case; delivered
 * aid to a DEEP or RELATIVE case registers the household for the annual review (动态管理). Referral, case and
 * amounts are the registered referral's and the ledger's (what was reserved and paid), not variables.
 */
@Component
public class RecordDeliveryDelegate implements JavaDelegate {

  private final ReferralRegistry registry;
  private final CaseRegistry cases;
  private final FundLedger ledger;
  private final DeliveredAid hardship;

  public RecordDeliveryDelegate(ReferralRegistry registry, CaseRegistry cases, FundLedger ledger,
      DeliveredAid hardship) {
    this.registry = registry;
    this.cases = cases;
    this.ledger = ledger;
    this.hardship = hardship;
  }

  @Override
  public void execute(DelegateExecution execution) {
    boolean delivered = CaseVariables.isTrue(execution.getVariable(DELIVERED));
    RegisteredReferral referral = registry.referralOfInstance(execution.getProcessInstanceId()).orElseThrow(() ->
        new IllegalStateException("no referral is registered for process instance " + execution.getProcessInstanceId()));
    registry.markDelivered(referral.id(), delivered, CaseVariables.asString(execution.getVariable(SERVICES)),
        ledger.reservedTotal(referral.id()), delivered ? ledger.paidTotal(referral.id()) : null);
    if (delivered) {
      // the level as verification recorded it with the case; a case from before that record (V30), its variable
      String level = cases.hardshipLevelOf(referral.caseNumber())
          .orElseGet(() -> CaseVariables.asString(CaseScope.variable(execution, HARDSHIP_LEVEL)));
      hardship.registerDelivered(referral.caseNumber(), level, (String) execution.getVariable(NAME));
    }
  }
}
