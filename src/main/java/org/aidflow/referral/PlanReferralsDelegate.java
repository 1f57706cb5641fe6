package org.aidflow.referral;

import static org.aidflow.shared.ProcessVariables.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aidflow.referral.ReferralPlanner.Match;
import org.aidflow.referral.ReferralPlanner.PlannedReferral;
import org.aidflow.referral.ReferralPlanner.ReferralPlan;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.IntakeVocabulary;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code planReferrals}: from the matched routing rows to the list of receiving organisations that the
 * multi-instance call activity iterates, with the services each is asked for.
 */
@Component
public class PlanReferralsDelegate implements JavaDelegate {

  private final ReferralPlanner planner;
  private final CaseFacts facts;

  public PlanReferralsDelegate(ReferralPlanner planner, CaseFacts facts) {
    this.planner = planner;
    this.facts = facts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    List<Match> matches = new ArrayList<>();
    Object rows = execution.getVariable(ROUTING_MATCHES);
    if (rows instanceof List<?> list) {
      for (Object row : list) {
        Map<?, ?> entries = (Map<?, ?>) row;
        matches.add(new Match(CaseVariables.asString(entries.get("org")), CaseVariables.asString(entries.get("service")),
            CaseVariables.asString(entries.get("serviceLabel"))));
      }
    }
    ReferralPlan plan = planner.plan(matches, (String) execution.getVariable(HARDSHIP_LEVEL),
        CaseVariables.isTrue(execution.getVariable(CONSENT)), facts.caseOf(execution).intakeOrg());

    ArrayList<String> orgs = new ArrayList<>();
    LinkedHashMap<String, String> services = new LinkedHashMap<>();
    LinkedHashMap<String, String> servicesText = new LinkedHashMap<>();
    for (PlannedReferral referral : plan.referrals()) {
      orgs.add(referral.org());
      services.put(referral.org(), referral.servicesCodes());
      servicesText.put(referral.org(), referral.servicesText());
    }
    execution.setVariable(REFERRAL_ORGS, orgs);
    String level = (String) execution.getVariable(HARDSHIP_LEVEL);
    execution.setVariable(HARDSHIP_LEVEL_TEXT, IntakeVocabulary.HARDSHIP_LEVEL_LABELS.getOrDefault(level, level));
    execution.setVariable(REFERRAL_SERVICES, services);
    execution.setVariable(REFERRAL_SERVICES_TEXT, servicesText);
    execution.setVariable(ROUTING_NOTE, plan.note());
    CaseVariables.setOrClear(execution, NOT_ELIGIBLE_REASON, plan.notEligibleReason());
    // what the campaigns' eligibility reads (docs/campaigns.md), from the verified case, kept with the case
    Object children = execution.getVariable(CHILDREN_IN_SCHOOL);
    facts.recordAssessment(execution, level, children instanceof Number n ? n.intValue() : null,
        CaseVariables.asString(execution.getVariable(SCHOOL_LEVEL)));
    // the raw rows have served their purpose; the plan above is what the case keeps
    execution.removeVariable(ROUTING_MATCHES);
  }
}
