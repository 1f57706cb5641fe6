package org.aidflow.intake;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.CaseModel;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.IntakeVocabulary;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;

/**
 * A second intake for a person with an open case is a contact on that case: recorded in AidFlow's table and shown
 * to whoever verifies the case (variable {@code laterContacts} of the open case, on the verification form).
 */
@Service
public class LaterContacts {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private final CaseRegistry cases;

  public LaterContacts(CaseRegistry cases) {
    this.cases = cases;
  }

  /** Records the contact; the runtime service is the caller's engine, so this joins the caller's transaction. */
  public void record(RuntimeService runtimeService, String openCaseNumber, String channel, String description) {
    cases.recordContact(openCaseNumber, channel, description);
    ProcessInstance openCase = runtimeService.createProcessInstanceQuery()
        .processDefinitionKey(CaseModel.Process.AID_CASE).processInstanceBusinessKey(openCaseNumber).singleResult();
    if (openCase == null) {
      return;
    }
    Object earlier = runtimeService.getVariable(openCase.getId(), CaseModel.Var.LATER_CONTACTS);
    String line = LocalDateTime.now(AidFlowConfiguration.ZONE).format(WHEN) + "　"
        + IntakeVocabulary.CHANNEL_LABELS.getOrDefault(channel, channel)
        + (description == null ? "" : "：" + description);
    runtimeService.setVariable(openCase.getId(), CaseModel.Var.LATER_CONTACTS,
        earlier == null ? line : earlier + "\n\n" + line);
  }
}
