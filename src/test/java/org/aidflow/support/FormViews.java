package org.aidflow.support;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.formService;

import org.camunda.bpm.engine.task.Task;

/** What a task's form shows when opened, as Tasklist reads it (GET task/{id}/form-variables). */
public final class FormViews {

  private FormViews() {
  }

  /** The value the form of this task shows under this name, as Tasklist would receive it when opening the form. */
  public static Object shown(Task task, String name) {
    return formService().getTaskFormVariables(task.getId()).get(name);
  }

  /** The same, as text (Json values as their JSON). */
  public static String shownText(Task task, String name) {
    Object value = shown(task, name);
    return value == null ? null : value.toString();
  }
}
