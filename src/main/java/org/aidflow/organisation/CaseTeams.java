package org.aidflow.organisation;

import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.Groups;
import org.aidflow.shared.ModelFunctions;
import org.aidflow.shared.Organisation;
import org.aidflow.shared.ReferralRegistry;
import org.aidflow.shared.SystemContext;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Who works a task and where a referral may go, for the models' expressions, e.g.
 * {@code camunda:candidateGroups="${caseTeams.caseworkersOfReferral(execution)}"}: the organisation comes from the
 * case or referral as registered, never from a variable a task holder could set to hand work to another organisation.
 * The groups are those of the unit the case or referral was assigned to by region (docs/organisation-units.md),
 * e.g. {@code union-330106-caseworkers}.
 */
@Component("caseTeams")
@ModelFunctions
public class CaseTeams {

  private final CaseFacts facts;
  private final OrganisationUnits units;

  public CaseTeams(CaseFacts facts, OrganisationUnits units) {
    this.facts = facts;
    this.units = units;
  }

  /** The caseworkers of the case's intake unit (verification, follow-up). */
  public String caseworkersOfIntake(DelegateExecution execution) {
    return facts.caseOf(execution).intakeUnit() + OrganisationUnit.CASEWORKERS;
  }

  /** The supervisors of the case's intake unit. */
  public String supervisorsOfIntake(DelegateExecution execution) {
    return facts.caseOf(execution).intakeUnit() + OrganisationUnit.SUPERVISORS;
  }

  /** The caseworkers of the referral's receiving unit (as rerouted or transferred, if it was). */
  public String caseworkersOfReferral(DelegateExecution execution) {
    return facts.referralOf(execution).unit() + OrganisationUnit.CASEWORKERS;
  }

  /**
   * The worker who accepted the referral (recorded in {@code case_referral.accepted_by} when they completed
   * {@code acceptReferral}), while that worker is still a caseworker of the referral's unit; else nobody. The
   * referral's next tasks (rights track, planning, delivery) are assigned to them and keep the unit's caseworkers as
   * candidates, who can take them over (docs/desk.md).
   */
  public String acceptorOfReferral(DelegateExecution execution) {
    ReferralRegistry.RegisteredReferral referral = facts.referralOf(execution);
    String group = referral.unit() + OrganisationUnit.CASEWORKERS;
    String user = referral.acceptedBy();
    if (user == null) {
      return null;
    }
    IdentityService identity = execution.getProcessEngineServices().getIdentityService();
    // asked of the identity service each time, not taken from the groups of the acceptor's login: Tasklist keeps
    // those for minutes, and an assignee the engine names keeps a grant of their own on the task after leaving the unit
    boolean member = SystemContext.call(identity,
        () -> identity.createUserQuery().userId(user).memberOfGroup(group).count() > 0);
    return member ? user : null;
  }

  /** The supervisors of the referral's receiving unit. */
  public String supervisorsOfReferral(DelegateExecution execution) {
    return facts.referralOf(execution).unit() + OrganisationUnit.SUPERVISORS;
  }

  /**
   * The second approval of a plan above 10,000 CNY (decision {@code approval-level} says {@code JOINT}): the
   * supervisors of the unit above the referral's receiving unit (its nearest active parent), e.g.
   * {@code union-3301-supervisors} for a plan of {@code union-330106}. A province unit has no parent: its plans go to
   * the cross-organisation {@code supervisors}, the province's joint review.
   */
  public String secondApproversOfReferral(DelegateExecution execution) {
    return secondApproversOf(facts.referralOf(execution).unit());
  }

  /** As above, for a unit code. */
  public String secondApproversOf(String unit) {
    return units.nearestActiveAncestor(unit).map(above -> above + OrganisationUnit.SUPERVISORS)
        .orElse(Groups.SUPERVISORS);
  }

  /**
   * The supervisors of the union unit responsible for the applicant's region: the lead organisation decides a case
   * every organisation declined.
   */
  public String supervisorsOfUnion(DelegateExecution execution) {
    return units.jurisdiction(Organisation.UNION.code(), facts.caseOf(execution).region()) + OrganisationUnit.SUPERVISORS;
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
