package org.aidflow.assistance;

import static org.aidflow.shared.ProcessVariables.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.aidflow.shared.ReferralModel;
import org.aidflow.shared.RefusedInputException;
import org.aidflow.shared.Violation;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.ReferralRegistry;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completing a step of a rights track (mediate, arbitrate, litigate; assessSafety, supportProtectionOrder,
 * provideLegalAid): a skipped step names its reason, immediate danger names the police report and the shelter
 * referral, a protection order one of its outcomes, a step done says what was done. A bad completion is refused (the
 * task stays open); a good one sets the yes/no answers the gateways read (absent means no) and is recorded in
 * {@code rights_step}.
 */
@Component
public class CheckRightsStepListener implements TaskListener {

  static final Set<String> PROTECTION_ORDER_OUTCOMES = Set.of("GRANTED", "PENDING", "REJECTED", "WITHDRAWN");
  private static final int MAX_REASON = 1000;
  private static final int MAX_NOTE = 2000;
  private static final int MAX_REFERRAL_TEXT = 500;

  private final ReferralRegistry registry;
  private final RightsSteps steps;

  public CheckRightsStepListener(ReferralRegistry registry, RightsSteps steps) {
    this.registry = registry;
    this.steps = steps;
  }

  @Override
  public void notify(DelegateTask task) {
    String step = task.getTaskDefinitionKey();
    List<Violation> violations = new ArrayList<>();
    DelegateExecution execution = task.getExecution();
    RightsSteps.Step recorded = switch (step) {
      case ReferralModel.ASSESS_SAFETY -> assessSafety(task, violations);
      case ReferralModel.SUPPORT_PROTECTION_ORDER -> protectionOrder(task, violations);
      case ReferralModel.PROVIDE_LEGAL_AID -> legalAid(task, violations);
      default -> labourStep(task, step, violations);
    };
    if (!violations.isEmpty()) {
      throw new RefusedInputException("维权办理登记有误", violations);
    }
    steps.recordStep(registry.idOfInstance(execution.getProcessInstanceId()), recorded,
        ReserveFundsDelegate.currentUser(execution));
  }

  private RightsSteps.Step assessSafety(DelegateTask task, List<Violation> violations) {
    boolean skipped = CaseVariables.isTrue(task.getVariable(SAFETY_SKIPPED));
    String reason = skipReason(task, SAFETY_SKIPPED, SAFETY_SKIP_REASON, skipped, violations);
    boolean danger = !skipped && CaseVariables.isTrue(task.getVariable(IMMEDIATE_DANGER));
    if (danger) {
      text(task, POLICE_REPORT, "请登记报警情况（报警时间、接警单位）", MAX_REFERRAL_TEXT, violations);
      text(task, SHELTER_REFERRAL, "请登记庇护转介（庇护场所或接收机构）", MAX_REFERRAL_TEXT, violations);
    }
    String note = skipped ? null : text(task, RIGHTS_NOTE, "请填写评估情况", MAX_NOTE, violations);
    task.getExecution().setVariable(SAFETY_SKIPPED, skipped);
    task.getExecution().setVariable(IMMEDIATE_DANGER, danger);
    return new RightsSteps.Step(task.getTaskDefinitionKey(), skipped, reason,
        skipped ? null : danger ? "IMMEDIATE_DANGER" : "NO_IMMEDIATE_DANGER", note);
  }

  private RightsSteps.Step protectionOrder(DelegateTask task, List<Violation> violations) {
    boolean skipped = CaseVariables.isTrue(task.getVariable(PROTECTION_ORDER_SKIPPED));
    String reason = skipReason(task, PROTECTION_ORDER_SKIPPED, PROTECTION_ORDER_SKIP_REASON, skipped, violations);
    String outcome = null;
    String note = null;
    if (!skipped) {
      outcome = CaseVariables.asString(task.getVariable(PROTECTION_ORDER_OUTCOME));
      if (!PROTECTION_ORDER_OUTCOMES.contains(outcome)) {
        violations.add(new Violation(PROTECTION_ORDER_OUTCOME, "请选择人身安全保护令申请结果",
            "protection order outcome must be one of " + PROTECTION_ORDER_OUTCOMES));
      }
      note = text(task, RIGHTS_NOTE, "请填写协助申请情况", MAX_NOTE, violations);
    }
    task.getExecution().setVariable(PROTECTION_ORDER_SKIPPED, skipped);
    return new RightsSteps.Step(task.getTaskDefinitionKey(), skipped, reason, outcome, note);
  }

  private RightsSteps.Step legalAid(DelegateTask task, List<Violation> violations) {
    boolean skipped = CaseVariables.isTrue(task.getVariable(LEGAL_AID_SKIPPED));
    String reason = skipReason(task, LEGAL_AID_SKIPPED, LEGAL_AID_SKIP_REASON, skipped, violations);
    String note = skipped ? null : text(task, RIGHTS_NOTE, "请填写法律援助情况", MAX_NOTE, violations);
    boolean resolved = resolved(task, violations);
    task.getExecution().setVariable(LEGAL_AID_SKIPPED, skipped);
    return new RightsSteps.Step(task.getTaskDefinitionKey(), skipped, reason, resolved ? "RESOLVED" : "UNRESOLVED",
        note);
  }

  /** Mediation, arbitration, litigation: whether the dispute is resolved, and at arbitration whether to litigate. */
  private RightsSteps.Step labourStep(DelegateTask task, String step, List<Violation> violations) {
    boolean resolved = resolved(task, violations);
    if (ReferralModel.ARBITRATE.equals(step)) {
      Object chosen = task.getVariable(LITIGATION_CHOSEN);
      if (chosen != null && !(chosen instanceof Boolean)) {
        violations.add(new Violation(LITIGATION_CHOSEN, "是否诉讼须为是或否", "litigationChosen is true or false"));
      }
      task.getExecution().setVariable(LITIGATION_CHOSEN, !resolved && CaseVariables.isTrue(chosen));
    }
    String note = CaseVariables.asString(task.getVariable(RIGHTS_NOTE));
    return new RightsSteps.Step(step, false, null, resolved ? "RESOLVED" : "UNRESOLVED",
        note == null || note.length() <= MAX_NOTE ? note : note.substring(0, MAX_NOTE));
  }

  private static boolean resolved(DelegateTask task, List<Violation> violations) {
    Object value = task.getVariable(RIGHTS_RESOLVED);
    if (value != null && !(value instanceof Boolean)) {
      violations.add(new Violation(RIGHTS_RESOLVED, "是否解决须为是或否", "rightsResolved is true or false"));
      return false;
    }
    boolean resolved = Boolean.TRUE.equals(value);
    task.getExecution().setVariable(RIGHTS_RESOLVED, resolved);
    return resolved;
  }

  private static String skipReason(DelegateTask task, String flag, String field, boolean skipped,
      List<Violation> violations) {
    Object value = task.getVariable(flag);
    if (value != null && !(value instanceof Boolean)) {
      violations.add(new Violation(flag, "是否跳过须为是或否", flag + " is true or false"));
    }
    return skipped ? text(task, field, "跳过本步骤须说明原因", MAX_REASON, violations) : null;
  }

  private static String text(DelegateTask task, String field, String message, int max,
      List<Violation> violations) {
    String text = CaseVariables.asString(task.getVariable(field));
    if (text == null) {
      violations.add(new Violation(field, message, field + " is required"));
    } else if (text.length() > max) {
      violations.add(new Violation(field, "不超过" + max + "字", field + " is at most " + max + " characters"));
    }
    return text;
  }
}
