package org.aidflow.benchmark;

import java.util.List;
import org.aidflow.shared.ProcessVariables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;
import org.camunda.bpm.model.bpmn.builder.CallActivityBuilder;
import org.camunda.bpm.model.bpmn.builder.ProcessBuilder;
import org.camunda.bpm.model.bpmn.builder.ServiceTaskBuilder;
import org.camunda.bpm.model.bpmn.builder.UserTaskBuilder;

/**
 * aid-case.bpmn and referral.bpmn as the engine sees them on the path the benchmark takes, with every AidFlow part
 * taken out: the same service, business-rule and user tasks, gateways, boundary timers, error boundary, withdrawal
 * event subprocess, multi-instance call activity, async payment and follow-up timer, but each task a no-op expression,
 * no DMN, no listeners, no service-level expressions, no authorizations, no tables of AidFlow's own.
 */
final class BareModels {

  static final String CASE = "bareCase";
  static final String REFERRAL = "bareReferral";
  static final String CASEWORKERS = "caseworkers";
  private static final String NO_OP = "${true}";
  /** The variables aidCase hands each referral (by name; here every one of the intake record). */
  private static final List<String> PASSED_TO_REFERRAL = ProcessVariables.INTAKE_FIELDS;

  private BareModels() {
  }

  static BpmnModelInstance aidCase() {
    ProcessBuilder process = Bpmn.createExecutableProcess(CASE).camundaHistoryTimeToLive(3650);
    process.eventSubProcess("withdrawal").startEvent("applicantWithdrew").message("ApplicantWithdrew")
        .interrupting(true).serviceTask("closeWithdrawn").camundaExpression(NO_OP).endEvent("caseWithdrawn");
    AbstractFlowNodeBuilder<?, ?> flow = process.startEvent("intakeReceived")
        .serviceTask("validateApplicant").camundaExpression(NO_OP)
        .businessRuleTask("determineIntakeOrg").camundaExpression(NO_OP)
        .serviceTask("checkDuplicate").camundaExpression(NO_OP)
        .exclusiveGateway("isDuplicate")
          .condition("是", "${execution.getVariable('duplicateOf') != null}").endEvent("caseJoinedOpenCase")
        .moveToNode("isDuplicate")
          .condition("否", "${execution.getVariable('duplicateOf') == null}")
        .serviceTask("registerCase").camundaExpression(NO_OP)
        .exclusiveGateway("reassessmentJoin")
        .serviceTask("lookUpPriorAid").camundaExpression(NO_OP);
    flow = withServiceLevel(flow.userTask("verifyCase").camundaCandidateGroups(CASEWORKERS), "verification", false)
        .exclusiveGateway("isVerified")
          .condition("否", "${!verified}").endEvent("caseNotVerified")
        .moveToNode("isVerified")
          .condition("是", "${verified}")
        .serviceTask("lookUpLowLine").camundaExpression(NO_OP)
        .businessRuleTask("determineHardshipLevel").camundaExpression(NO_OP)
        .businessRuleTask("routeReferrals").camundaExpression(NO_OP)
        .serviceTask("planReferrals").camundaExpression(NO_OP)
        .exclusiveGateway("isEligible")
          .condition("否", "${!eligible}").endEvent("caseNotEligible")
        .moveToNode("isEligible")
          .condition("是", "${eligible}")
        .callActivity("referToOrganisations").calledElement(REFERRAL)
          .camundaInBusinessKey("#{execution.processBusinessKey}")
          .multiInstance().parallel().cardinality("${1}").<CallActivityBuilder>multiInstanceDone();
    for (String variable : PASSED_TO_REFERRAL) {
      ((CallActivityBuilder) flow).camundaIn(variable, variable);
    }
    flow.serviceTask("summarizeReferrals").camundaExpression(NO_OP)
        .exclusiveGateway("wereAllDeclined")
          .condition("是", "${allDeclined}").endEvent("caseAllDeclined")
        .moveToNode("wereAllDeclined")
          .condition("否", "${!allDeclined}")
        .exclusiveGateway("followUpJoin")
        .serviceTask("scheduleFollowUp").camundaExpression(NO_OP)
        .intermediateCatchEvent("waitForFollowUp").timerWithDuration("P30D")
        .userTask("followUp").camundaCandidateGroups(CASEWORKERS)
        .exclusiveGateway("followUpResult")
          .condition("未脱困", "${followUpOutcome != 'RESOLVED'}").endEvent("caseStillOpen")
        .moveToNode("followUpResult")
          .condition("已脱困", "${followUpOutcome == 'RESOLVED'}")
        .serviceTask("closeAfterFollowUp").camundaExpression(NO_OP)
        .endEvent("caseClosed");
    return process.done();
  }

  static BpmnModelInstance referral() {
    ProcessBuilder process = Bpmn.createExecutableProcess(REFERRAL).camundaHistoryTimeToLive(3650);
    AbstractFlowNodeBuilder<?, ?> flow = process.startEvent("referralReceived")
        .serviceTask("registerReferral").camundaExpression(NO_OP);
    flow = withServiceLevel(flow.userTask("acceptReferral").camundaCandidateGroups(CASEWORKERS), "acceptance", true)
        .exclusiveGateway("isAccepted")
          .condition("否", "${!accepted}").serviceTask("recordDecline").camundaExpression(NO_OP)
          .endEvent("referralDeclined")
        .moveToNode("isAccepted")
          .condition("是", "${accepted}")
        .serviceTask("recordAcceptance").camundaExpression(NO_OP)
        .exclusiveGateway("isRightsCase")
          .condition("是", "${rightsCase}").endEvent("rightsTrack")
        .moveToNode("isRightsCase")
          .condition("否", "${!rightsCase}")
        .exclusiveGateway("planJoin");
    flow = withServiceLevel(flow.userTask("planAssistance").camundaCandidateGroups(CASEWORKERS), "plan", false)
        .serviceTask("checkDoubleAid").camundaExpression(NO_OP)
        .exclusiveGateway("isDoubleAid")
          .condition("是", "${doubleAid}").endEvent("doubleAidStopped")
        .moveToNode("isDoubleAid")
          .condition("否", "${!doubleAid}")
        .businessRuleTask("determineApprovalLevel").camundaExpression(NO_OP)
        .exclusiveGateway("isApprovalNeeded")
          .condition("是", "${approvalNeeded}").endEvent("approvalTrack")
        .moveToNode("isApprovalNeeded")
          .condition("否", "${!approvalNeeded}")
        .exclusiveGateway("deliverJoin")
        .exclusiveGateway("reserveJoin")
        .serviceTask("reserveFunds").camundaExpression(NO_OP)
          .boundaryEvent("fundsShort").error("INSUFFICIENT_FUNDS").endEvent("fundingTrack")
        .<ServiceTaskBuilder>moveToActivity("reserveFunds");
    withServiceLevel(flow.userTask("deliverAssistance").camundaCandidateGroups(CASEWORKERS), "delivery", false)
        .serviceTask("disburseFunds").camundaExpression(NO_OP).camundaAsyncBefore()
        .serviceTask("recordDelivery").camundaExpression(NO_OP)
        .endEvent("referralCompleted");
    return process.done();
  }

  /**
   * The service-level boundary timers AidFlow hangs on a waiting task: a reminder and a breach (non-interrupting),
   * for acceptance also the second breach that re-routes (interrupting). Each timer is a job the engine writes and
   * deletes; none is due during the benchmark.
   */
  private static UserTaskBuilder withServiceLevel(UserTaskBuilder task, String step, boolean secondBreach) {
    String id = task.getElement().getId();
    task.boundaryEvent(step + "ReminderDue").cancelActivity(false).timerWithDuration("P2D")
        .serviceTask("remind_" + id).camundaExpression(NO_OP).endEvent(step + "Reminded");
    task.boundaryEvent(step + "Overdue").cancelActivity(false).timerWithDuration("P3D")
        .serviceTask("escalate_" + id).camundaExpression(NO_OP).endEvent(step + "Escalated");
    if (secondBreach) {
      task.boundaryEvent(step + "OverdueTwice").cancelActivity(true).timerWithDuration("P6D")
          .serviceTask("reroute_" + id).camundaExpression(NO_OP).endEvent(step + "Rerouted");
    }
    return task;
  }
}
