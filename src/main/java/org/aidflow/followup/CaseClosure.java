package org.aidflow.followup;

import java.util.List;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.servicelevel.EscalationModel;
import org.aidflow.serviceorder.ServiceOrders;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.CaseRegistry.RegisteredCase;
import org.aidflow.servicelevel.Escalations;
import org.aidflow.notification.Notifications;
import org.aidflow.shared.Organisation;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;

/**
 * What closing a case does beyond the case itself (docs/case-loop.md, "Closing leaves nothing behind" and "A refusal
 * is explained"): its open escalations end, its notices about work not sent yet are cancelled, and a NOT_ELIGIBLE
 * case records why in words, tells the intake officer and, with the applicant's consent, the applicant.
 */
@Service
public class CaseClosure {

  static final String NOT_ELIGIBLE = "NOT_ELIGIBLE";
  /** When a verifier gave no note: what the applicant is told. */
  static final String UNVERIFIED_REASON = "经核实，求助情况与申请信息不符，暂不符合帮扶条件。";
  static final String ESCALATION_ENDED = "案件已结案，督办随之结束";
  /** The notice column holds 500 characters; a longer reason is cut there (the case keeps it whole). */
  private static final int MAX_NOTICE = 500;

  private final CaseRegistry cases;
  private final Escalations escalations;
  private final Notifications notifications;
  private final ServiceOrders orders;

  public CaseClosure(CaseRegistry cases, Escalations escalations, Notifications notifications, ServiceOrders orders) {
    this.orders = orders;
    this.cases = cases;
    this.escalations = escalations;
    this.notifications = notifications;
  }

  static final String ORDER_ENDED = "案件已结案，服务工单随之取消";

  /**
   * Ends the case's escalation instances (recorded as handled by the closure) and its open service orders (recorded
   * as cancelled), and cancels its unsent work notices.
   */
  public void endOpenWork(ProcessEngineServices engine, String caseNumber) {
    RuntimeService runtime = engine.getRuntimeService();
    // every escalation instance is started for a breach recorded first (RaiseEscalationDelegate), so a case without
    // one has none to end; asking the engine cost most closures a query built from its dynamic SQL for nothing
    List<ProcessInstance> running = escalations.anyForCase(caseNumber) ? runtime.createProcessInstanceQuery()
        .processDefinitionKey(EscalationModel.PROCESS_KEY).processInstanceBusinessKey(caseNumber).list() : List.of();
    for (ProcessInstance escalation : running) {
      escalations.handledBy(escalation.getId(), null)
          .ifPresent(id -> escalations.markHandled(id, null, ESCALATION_ENDED));
      runtime.deleteProcessInstance(escalation.getId(), ESCALATION_ENDED);
    }
    for (ServiceOrders.Order order : orders.ofCase(caseNumber)) {
      if (order.status() != ServiceOrders.Status.DELIVERED && order.status() != ServiceOrders.Status.CANCELLED) {
        orders.cancelled(order.id());
        if (order.processInstanceId() != null && runtime.createProcessInstanceQuery()
            .processInstanceId(order.processInstanceId()).count() > 0) {
          runtime.deleteProcessInstance(order.processInstanceId(), ORDER_ENDED);
        }
      }
    }
    notifications.cancelWorkNotices(caseNumber);
  }

  /**
   * A NOT_ELIGIBLE closure: the reason in words ({@code note}, or the verifier's default), kept with the case; a notice
   * to the intake officer (or the intake organisation's caseworkers for a case without one) and, when the applicant
   * consented, to the applicant. Returns the reason recorded.
   */
  public String explainRefusal(String caseNumber, String note) {
    String reason = note == null || note.isBlank() ? UNVERIFIED_REASON : note.strip();
    cases.recordNotEligibleReason(caseNumber, reason);
    RegisteredCase registered = cases.caseOf(caseNumber).orElseThrow();
    String officerMessage = cut("案件 " + caseNumber + " 不符合帮扶条件，已结案。原因：" + reason);
    if (registered.intakeOfficer() != null) {
      notifications.enqueue("not-eligible:" + caseNumber, Notifications.NOT_ELIGIBLE, registered.intakeOfficer(), null,
          caseNumber, officerMessage);
    } else {
      notifications.enqueue("not-eligible:" + caseNumber, Notifications.NOT_ELIGIBLE, null,
          registered.intakeUnit() + OrganisationUnit.CASEWORKERS, caseNumber, officerMessage);
    }
    if (registered.consent()) {
      notifications.enqueue("applicant-not-eligible:" + caseNumber, Notifications.APPLICANT, null, null, caseNumber,
          cut("您的求助（案件 " + caseNumber + "）经审核暂不符合帮扶条件。原因：" + reason + " 如有疑问，请联系受理单位（"
              + Organisation.fromCode(registered.intakeOrg()).chineseName() + "）。"));
    }
    return reason;
  }

  private static String cut(String message) {
    return message.length() <= MAX_NOTICE ? message : message.substring(0, MAX_NOTICE - 1) + "…";
  }
}
