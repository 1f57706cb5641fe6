package org.aidflow.intake;

import static org.aidflow.shared.ProcessVariables.*;

import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.CaseVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code recordNewNeed} (event subprocess {@code newNeed}): the later call named by the message's local
 * {@code contactId} joins the case (NewNeeds). For routing now, the subprocess gets local copies that the
 * referral-routing decision reads: {@code categories} are the new categories only, so that the decision runs for them.
 */
@Component
public class RecordNewNeedDelegate implements JavaDelegate {

  private final NewNeeds newNeeds;
  private final CaseFacts facts;

  public RecordNewNeedDelegate(NewNeeds newNeeds, CaseFacts facts) {
    this.newNeeds = newNeeds;
    this.facts = facts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long contactId = ((Number) execution.getVariable(CONTACT_ID)).longValue();
    NewNeeds.Outcome outcome = newNeeds.apply(execution.getProcessEngineServices(), facts.caseNumberOf(execution),
        contactId);
    execution.setVariableLocal(NEW_CATEGORIES, CaseVariables.jsonList(outcome.added()));
    execution.setVariableLocal(NEW_NEED_ROUTING, outcome.routeNow());
    if (outcome.routeNow()) {
      execution.setVariableLocal(CATEGORIES, CaseVariables.jsonList(outcome.added()));
      execution.setVariableLocal(NEW_NEED_MATCHES, null);
    }
  }
}
