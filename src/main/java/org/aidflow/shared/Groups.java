package org.aidflow.shared;

/** Camunda groups that are not tied to one organisation (docs/policy.md). */
public final class Groups {
  public static final String INTAKE_OFFICERS = "intake-officers";
  public static final String SUPERVISORS = "supervisors";
  public static final String DESIGNERS = "designers";
  public static final String ADMINS = "admins";

  private Groups() {
  }

  /** AidFlow's administrators, or Camunda's own (the group its setup page makes). */
  public static boolean isAdministrator(java.util.Collection<String> groups) {
    return groups != null && (groups.contains(ADMINS)
        || groups.contains(org.camunda.bpm.engine.authorization.Groups.CAMUNDA_ADMIN));
  }
}
