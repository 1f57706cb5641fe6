package org.aidflow.assistance;

/**
 * What a later stage does once a referral's aid is delivered ({@code recordDelivery}): follow-up's
 * HardshipRegistration registers a DEEP or RELATIVE case's household for the annual review (动态管理). An interface
 * of assistance's own, so that assistance does not depend on the stage after it.
 */
public interface DeliveredAid {

  /** Called in the delivery's transaction for a delivered referral of the case. */
  void registerDelivered(String caseNumber, String hardshipLevel, String name);
}
