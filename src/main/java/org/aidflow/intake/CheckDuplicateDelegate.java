package org.aidflow.intake;

import static org.aidflow.shared.ProcessVariables.DUPLICATE_OF;
import static org.aidflow.shared.ProcessVariables.ID_NUMBER_HASH;

import org.aidflow.shared.CaseRegistry;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code checkDuplicate}: one open case per person; names the open case in {@code duplicateOf}, or null. */
@Component
public class CheckDuplicateDelegate implements JavaDelegate {

  private final CaseRegistry registry;

  public CheckDuplicateDelegate(CaseRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String hash = (String) execution.getVariable(ID_NUMBER_HASH);
    execution.setVariable(DUPLICATE_OF, registry.findOpenCase(hash).orElse(null));
  }
}
