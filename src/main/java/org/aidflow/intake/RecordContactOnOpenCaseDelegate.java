package org.aidflow.intake;

import static org.aidflow.shared.ProcessVariables.*;

import org.aidflow.shared.CaseVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code recordContactOnOpenCase}: a second intake for a person with an open case joins that case as a new
 * contact instead of opening another, and its needs join that case (LaterContacts, the open case's event subprocess
 * {@code newNeed}); this intake ends as DUPLICATE. The call is recorded with this instance's id, so that whoever
 * submitted the start form learns which case it joined (IntakeFeedbackController), from AidFlow's table.
 */
@Component
public class RecordContactOnOpenCaseDelegate implements JavaDelegate {

  static final String DUPLICATE = "DUPLICATE";
  private final LaterContacts contacts;

  public RecordContactOnOpenCaseDelegate(LaterContacts contacts) {
    this.contacts = contacts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String openCase = (String) execution.getVariable(DUPLICATE_OF);
    var caller = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    // the intake as validated by validateApplicant in this transaction
    contacts.record(execution.getProcessEngineServices(), openCase, (String) execution.getVariable(CHANNEL),
        (String) execution.getVariable(DESCRIPTION), CaseVariables.asStringList(execution.getVariable(CATEGORIES)),
        CaseVariables.isTrue(execution.getVariable(URGENT)), caller == null ? null : caller.getUserId(),
        execution.getProcessInstanceId());
    execution.setVariable(CLOSURE_REASON, DUPLICATE);
    execution.setVariable(CLOSURE_NOTE, "同一申请人已有在办案件 " + openCase + "，本次求助已并入该案件");
  }
}
