package org.aidflow.organisation;

/**
 * A unit made or reactivated while the application runs (docs/organisation-units.md), published in that transaction
 * as the system: security gives it its groups, authorizations and Tasklist filters, so the unit is usable at once.
 */
public record UnitOpened(OrganisationUnit unit) {
}
