package org.aidflow.intake;

import java.util.Map;
import org.aidflow.shared.ProcessVariables;
import org.aidflow.shared.TaskFormView;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.springframework.stereotype.Component;

/**
 * Every task form starts with the case header ({@code {{caseHeader}}}), built when the form is opened from the
 * variables the task sees ({@link CaseOverview#header}), so that it shows what changed since the task was created and
 * the forms need not each repeat the template.
 */
@Component
public class CaseHeaderView implements TaskFormView {

  @Override
  public Map<String, TypedValue> valuesFor(DelegateTask task) {
    return Map.of(ProcessVariables.CASE_HEADER, Variables.stringValue(CaseOverview.header(task)));
  }
}
