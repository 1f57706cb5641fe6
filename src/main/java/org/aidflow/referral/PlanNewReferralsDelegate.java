package org.aidflow.referral;

import static org.aidflow.shared.ProcessVariables.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aidflow.referral.ReferralPlanner.Match;
import org.aidflow.referral.ReferralPlanner.PlannedReferral;
import org.aidflow.referral.ReferralPlanner.ReferralPlan;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.CaseRegistry.RegisteredCase;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.shared.ReferralRegistry;
import org.aidflow.shared.ReferralRegistry.Referral;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code planNewReferrals} (event subprocess {@code newNeed}): the routing rows the new categories matched become
 * referrals to organisations the case is not referred to yet (not in this assessment round, and none open), merged per
 * organisation and kept with the intake organisation without consent, as at routing. Rows matching nothing new add
 * nothing: the lead organisation's catch-all and the not-eligible end belong to the case's own routing.
 */
@Component
public class PlanNewReferralsDelegate implements JavaDelegate {

  private final ReferralPlanner planner;
  private final CaseFacts facts;
  private final ReferralRegistry referrals;

  public PlanNewReferralsDelegate(ReferralPlanner planner, CaseFacts facts, ReferralRegistry referrals) {
    this.planner = planner;
    this.facts = facts;
    this.referrals = referrals;
  }

  @Override
  public void execute(DelegateExecution execution) {
    List<Match> matches = new ArrayList<>();
    if (execution.getVariable(NEW_NEED_MATCHES) instanceof List<?> rows) {
      for (Object row : rows) {
        Map<?, ?> entries = (Map<?, ?>) row;
        matches.add(new Match(CaseVariables.asString(entries.get("org")), CaseVariables.asString(entries.get("service")),
            CaseVariables.asString(entries.get("serviceLabel"))));
      }
    }
    List<String> added = CaseVariables.asStringList(execution.getVariable(CATEGORIES));
    RegisteredCase registered = facts.caseOf(execution);
    ArrayList<String> orgs = new ArrayList<>();
    LinkedHashMap<String, String> services = new LinkedHashMap<>();
    LinkedHashMap<String, String> servicesText = new LinkedHashMap<>();
    if (!matches.isEmpty()) {
      ReferralPlan plan = planner.plan(matches, (String) execution.getVariable(HARDSHIP_LEVEL), registered.consent(),
          registered.intakeOrg());
      Set<String> referred = referredOrgs(registered.caseNumber());
      for (PlannedReferral referral : plan.referrals()) {
        if (!referred.contains(referral.org())) {
          orgs.add(referral.org());
          services.put(referral.org(), referral.servicesCodes());
          servicesText.put(referral.org(), referral.servicesText());
        }
      }
    }
    execution.setVariableLocal(NEW_REFERRAL_ORGS, orgs);
    execution.setVariableLocal(NEW_REFERRAL_SERVICES, services);
    execution.setVariableLocal(NEW_REFERRAL_SERVICES_TEXT, servicesText);
    execution.setVariableLocal(NEW_NEED_NOTE, "申请人再次求助，新增求助类别：" + IntakeVocabulary.categoriesText(added)
        + "，在办案件中即时转介。");
    // the case's own categories and routing again for the referrals' copies
    execution.removeVariableLocal(CATEGORIES);
    execution.removeVariableLocal(NEW_NEED_MATCHES);
  }

  /** Organisations of the case's latest assessment round, and any with a referral still open. */
  private Set<String> referredOrgs(String caseNumber) {
    List<Referral> all = referrals.referralsOf(caseNumber);
    int round = all.stream().mapToInt(Referral::assessmentCycle).max().orElse(0);
    Set<String> orgs = new HashSet<>();
    all.stream().filter(r -> r.assessmentCycle() == round || !r.status().isEnded()).forEach(r -> orgs.add(r.org()));
    return orgs;
  }
}
