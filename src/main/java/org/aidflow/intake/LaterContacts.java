package org.aidflow.intake;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.shared.ProcessVariables;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;

/**
 * A second intake for a person with an open case is a later call on that case: recorded in AidFlow's table with what
 * it asked for, shown to whoever verifies the case (variable {@code laterContacts} of the open case) and handed to the
 * case as a new need: the message {@code RepeatCall} starts the event subprocess {@code newNeed} of aid-case.bpmn. A
 * case started on a model version without that subprocess gets the new categories and urgency here, in Java (its
 * routing stays with verification or the caseworkers, who are notified).
 */
@Service
public class LaterContacts {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private final CaseRegistry cases;
  private final NewNeeds newNeeds;

  public LaterContacts(CaseRegistry cases, NewNeeds newNeeds) {
    this.cases = cases;
    this.newNeeds = newNeeds;
  }

  /**
   * Records the call; the engine is the caller's, so this joins the caller's transaction. {@code categories} and
   * {@code urgent} are those of the validated intake, {@code recordedBy} the user who took the call (or null).
   */
  public void record(ProcessEngineServices engine, String openCaseNumber, String channel, String description,
      List<String> categories, boolean urgent, String recordedBy) {
    record(engine, openCaseNumber, channel, description, categories, urgent, recordedBy, null);
  }

  /** As above, for the call a start of aidCase took ({@code processInstanceId}; null through the API). */
  public void record(ProcessEngineServices engine, String openCaseNumber, String channel, String description,
      List<String> categories, boolean urgent, String recordedBy, String processInstanceId) {
    long contactId = cases.recordContact(openCaseNumber, channel, description, categories, urgent, recordedBy,
        processInstanceId);
    RuntimeService runtimeService = engine.getRuntimeService();
    ProcessInstance openCase = runtimeService.createProcessInstanceQuery()
        .processDefinitionKey(AidCaseModel.PROCESS_KEY).processInstanceBusinessKey(openCaseNumber).singleResult();
    if (openCase == null) {
      return;
    }
    Object earlier = runtimeService.getVariable(openCase.getId(), ProcessVariables.LATER_CONTACTS);
    String line = LocalDateTime.now(AidFlowConfiguration.ZONE).format(WHEN) + "　"
        + IntakeVocabulary.CHANNEL_LABELS.getOrDefault(channel, channel)
        + (description == null ? "" : "：" + description);
    runtimeService.setVariable(openCase.getId(), ProcessVariables.LATER_CONTACTS,
        earlier == null ? line : earlier + "\n\n" + line);
    boolean modelReceivesCalls = runtimeService.createEventSubscriptionQuery().processInstanceId(openCase.getId())
        .eventType("message").eventName(AidCaseModel.REPEAT_CALL_MESSAGE).count() > 0;
    if (modelReceivesCalls) {
      runtimeService.createMessageCorrelation(AidCaseModel.REPEAT_CALL_MESSAGE).processInstanceId(openCase.getId())
          .setVariableLocal(ProcessVariables.CONTACT_ID, contactId).correlateWithResult();
    } else {
      // a case of an earlier model version: joined and made urgent all the same, routed as its model routes
      newNeeds.apply(engine, openCaseNumber, contactId);
    }
  }
}
