package org.aidflow.assistance;

import static org.aidflow.shared.ProcessVariables.*;

import java.util.List;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.ReferralModel;
import org.aidflow.shared.ReferralRegistry;
import org.aidflow.shared.RefusedInputException;
import org.aidflow.shared.Violation;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Four eyes on a plan above 10,000 CNY, on completing the approval tasks: {@code approvePlan} records who approved
 * (in {@code case_referral}, not a variable); {@code jointApprove} refuses that same person, so the second approval is
 * always somebody else's, even for a supervisor who belongs to both groups (a unit's and its parent's, or a province
 * unit's and the cross-organisation {@code supervisors}). A completion with nobody signed in is not checked: there is
 * nobody to compare (the engine's own steps, tests).
 */
@Component
public class CheckApproversListener implements TaskListener {

  private final CaseFacts facts;
  private final ReferralRegistry referrals;

  public CheckApproversListener(CaseFacts facts, ReferralRegistry referrals) {
    this.facts = facts;
    this.referrals = referrals;
  }

  @Override
  public void notify(DelegateTask task) {
    long referralId = facts.referralOf(task.getExecution()).id();
    String user = approver(task);
    if (ReferralModel.APPROVE_PLAN.equals(task.getTaskDefinitionKey())) {
      referrals.recordPlanApprover(referralId, CaseVariables.isTrue(task.getVariable(APPROVED)) ? user : null);
    } else if (user != null && referrals.planApproverOf(referralId).filter(user::equals).isPresent()) {
      throw new RefusedInputException("联合审批须由另一位主管办理", List.of(new Violation(APPROVED,
          "您已审批过本方案的第一次审批，第二次审批须由另一位主管办理",
          "the second approval must be given by someone other than the first approver")));
    }
  }

  private static String approver(DelegateTask task) {
    Authentication current = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    String user = current == null ? null : current.getUserId();
    return user != null ? user : task.getAssignee();
  }
}
