package org.aidflow.shared;

import java.util.Optional;
import org.aidflow.shared.CaseRegistry.RegisteredCase;
import org.aidflow.shared.ReferralRegistry.RegisteredReferral;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The facts a step decides on (which case, which referral, which organisation, who took the case in), found from
 * the step's process instance in AidFlow's tables. Process variables carry copies for forms and Tasklist, and whoever
 * holds a task may write them; no delegate, listener or model expression decides anything on such a copy.
 */
@Component
public class CaseFacts {

  private final CaseRegistry cases;
  private final ReferralRegistry referrals;

  public CaseFacts(CaseRegistry cases, ReferralRegistry referrals) {
    this.cases = cases;
    this.referrals = referrals;
  }

  /** The case of an aidCase or referral process instance, if it is registered. */
  public Optional<RegisteredCase> findCase(String processInstanceId) {
    return cases.caseOfInstance(processInstanceId);
  }

  /**
   * Whether the case of an aidCase or referral instance is urgent as registered ({@link CaseRegistry#urgencyOf});
   * empty for an instance of no case (an annual review, a campaign batch, an escalation) or a case whose categories
   * were never registered (before V13).
   */
  public Optional<Boolean> urgencyOf(String processInstanceId) {
    return cases.caseOfInstance(processInstanceId).map(RegisteredCase::caseNumber).flatMap(cases::urgencyOf);
  }

  /** The case of the step's aidCase or referral instance; a step of an unregistered instance is a programming error. */
  public RegisteredCase caseOf(DelegateExecution execution) {
    return findCase(execution.getProcessInstanceId()).orElseThrow(() -> new IllegalStateException(
        "no case is registered for process instance " + execution.getProcessInstanceId()));
  }

  public String caseNumberOf(DelegateExecution execution) {
    return caseOf(execution).caseNumber();
  }

  /** Records verification's findings with the step's case ({@link CaseRegistry#recordAssessment}). */
  public void recordAssessment(DelegateExecution execution, String hardshipLevel, Integer childrenInSchool,
      String schoolLevel) {
    cases.recordAssessment(caseNumberOf(execution), hardshipLevel, childrenInSchool, schoolLevel);
  }

  /** The referral of the step's referral instance, if it is registered. */
  public Optional<RegisteredReferral> findReferral(String processInstanceId) {
    return referrals.referralOfInstance(processInstanceId);
  }

  public RegisteredReferral referralOf(DelegateExecution execution) {
    return findReferral(execution.getProcessInstanceId()).orElseThrow(() -> new IllegalStateException(
        "no referral is registered for process instance " + execution.getProcessInstanceId()));
  }

  /** The organisation whose work the step is: a referral's receiving organisation, or the case's intake organisation. */
  public String organisationOf(DelegateExecution execution) {
    return findReferral(execution.getProcessInstanceId()).map(RegisteredReferral::org)
        .orElseGet(() -> caseOf(execution).intakeOrg());
  }

  /**
   * The unit whose work the step is: a referral's receiving unit, or the case's intake unit
   * (docs/organisation-units.md).
   */
  public String unitOf(DelegateExecution execution) {
    return findReferral(execution.getProcessInstanceId()).map(RegisteredReferral::unit)
        .orElseGet(() -> caseOf(execution).intakeUnit());
  }

  /**
   * The case a referral being registered belongs to: the case of the process that called it (the aidCase, or the
   * referral that passed it to the charities). A referral started on its own, which only operators and tests do,
   * belongs to the registered case its business key names; the business key is the engine's, no variable.
   */
  public RegisteredCase callingCaseOf(DelegateExecution execution) {
    DelegateExecution superExecution = execution.getProcessInstance().getSuperExecution();
    if (superExecution != null) {
      return caseOf(superExecution);
    }
    String businessKey = execution.getProcessBusinessKey();
    return Optional.ofNullable(businessKey).flatMap(cases::caseOf).orElseThrow(() -> new IllegalStateException(
        "process instance " + execution.getProcessInstanceId() + " belongs to no registered case"));
  }
}
