package org.aidflow.organisation;

/**
 * Work moved from one unit to another (docs/organisation-units.md), published in the transaction that moved it, for
 * what keeps copies of where work is (the cockpit's rows, escalations): a referral transferred
 * ({@code referralInstanceId} its process instance) or a deactivated unit's open work sent to its parent
 * ({@code referralInstanceId} null). AidFlow's tables ({@code aid_case.intake_unit}, {@code case_referral.unit})
 * already say where the work is now.
 */
public record UnitWorkMoved(String fromUnit, String toUnit, String referralInstanceId) {
}
