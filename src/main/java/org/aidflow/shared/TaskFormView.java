package org.aidflow.shared;

import java.util.Collection;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * Something a task's form shows that is worked out when the form is opened, not stored: the case header, the
 * assistance panels, the rights track so far, the referrals' outcomes. Tasklist (and any client) reads a form's values
 * through {@code GET task/{id}/form-variables}; {@link TaskFormViewsPlugin} adds every view's values to that answer,
 * over a stored variable of the same name. A view reads AidFlow's tables, the deployed decisions and the task's
 * variables, never writes, and answers an empty map for a task it does not show anything on.
 */
public interface TaskFormView {

  /** The values by variable name, as a form reads them (text, or Json for a picker's options). */
  Map<String, TypedValue> valuesFor(DelegateTask task);

  /** Whether the task is one of these tasks of the process with this key (a definition id starts "key:"). */
  static boolean isTaskOf(DelegateTask task, String processKey, Collection<String> taskKeys) {
    return task.getProcessDefinitionId() != null && task.getProcessDefinitionId().startsWith(processKey + ":")
        && taskKeys.contains(task.getTaskDefinitionKey());
  }
}
