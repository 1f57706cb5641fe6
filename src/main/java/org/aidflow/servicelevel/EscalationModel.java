package org.aidflow.servicelevel;

/**
 * The contract between Java and {@code processes/escalation.bpmn} (a service-level breach for the supervisors, one
 * instance per breach): its process key, the element ids, message names and error codes that Java, tests or the
 * cockpit name. A designer who renames one of them in the Modeler renames it here too; ModelsTest checks every
 * constant against this model. Constant names: element ids as they are, {@code PROCESS_KEY}, messages {@code
 * *_MESSAGE}, error codes {@code *_ERROR}. Variable names are in {@code org.aidflow.shared.ProcessVariables}.
 */
public final class EscalationModel {

  /** The process definition key. */
  public static final String PROCESS_KEY = "slaEscalation";

  // element ids
  /** The supervisors' task. */
  public static final String ESCALATION = "escalation";
  public static final String RECORD_ESCALATION_HANDLED = "recordEscalationHandled";

  private EscalationModel() {
  }
}
