package org.aidflow.cockpit.projection;

import org.aidflow.organisation.UnitWorkMoved;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the units of the cockpit's rows when work moves outside a process step: a referral transferred, a unit
 * deactivated (its open cases and referrals went to its parent). In the transaction that moved the work.
 */
@Component
public class CockpitUnitMoves {

  private final CockpitProjections projections;

  public CockpitUnitMoves(CockpitProjections projections) {
    this.projections = projections;
  }

  @EventListener
  public void onMoved(UnitWorkMoved moved) {
    projections.unitsMoved(moved.fromUnit(), ClockUtil.getCurrentTime());
  }
}
