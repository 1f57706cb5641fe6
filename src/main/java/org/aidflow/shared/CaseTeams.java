package org.aidflow.shared;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Who works a task and where a referral may go, for the models' expressions, e.g.
 * {@code camunda:candidateGroups="${caseTeams.caseworkersOfReferral(execution)}"}: the organisation comes from the
 * case or referral as registered, never from a variable a task holder could set to hand work to another organisation.
 */
@Component("caseTeams")
@ModelFunctions
public class CaseTeams {

  private final CaseFacts facts;

  public CaseTeams(CaseFacts facts) {
    this.facts = facts;
  }

  /** The caseworkers of the case's intake organisation (verification, follow-up). */
  public String caseworkersOfIntake(DelegateExecution execution) {
    return Organisation.fromCode(facts.caseOf(execution).intakeOrg()).caseworkersGroup();
  }

  /** The supervisors of the case's intake organisation. */
  public String supervisorsOfIntake(DelegateExecution execution) {
    return Organisation.fromCode(facts.caseOf(execution).intakeOrg()).supervisorsGroup();
  }

  /** The caseworkers of the referral's receiving organisation (as rerouted, if it was). */
  public String caseworkersOfReferral(DelegateExecution execution) {
    return Organisation.fromCode(facts.referralOf(execution).org()).caseworkersGroup();
  }

  /** The supervisors of the referral's receiving organisation. */
  public String supervisorsOfReferral(DelegateExecution execution) {
    return Organisation.fromCode(facts.referralOf(execution).org()).supervisorsGroup();
  }

  /**
   * Whether a referral the organisation's funds cannot carry may pass to the charities: it is not the charities' own,
   * and the applicant consented to sharing the case, both as registered (a {@code consent} or {@code org} variable
   * decides nothing).
   */
  public boolean mayPassToCharity(DelegateExecution execution) {
    return !Organisation.CHARITY.code().equals(facts.referralOf(execution).org()) && facts.caseOf(execution).consent();
  }
}
