package org.aidflow.shared;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.FormServiceImpl;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.GetTaskFormVariablesCmd;
import org.camunda.bpm.engine.impl.core.variable.CoreVariableInstance;
import org.camunda.bpm.engine.impl.core.variable.scope.AbstractVariableScope;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.plugin.variable.SpinValues;
import org.camunda.spin.plugin.variable.value.JsonValue;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * The engine's form service, answering a task's form variables with the {@link TaskFormView}s' values added: what a
 * form only shows is worked out when it is opened instead of being written as variables at every step (each copy
 * was a runtime row, a history row and often a byte array, rewritten at every task; docs/benchmark-and-tuning.md).
 * The engine checks first, as before, that the caller may read the task's variables; a view's value replaces a stored
 * variable of the same name (older releases stored them). The views are looked up when first needed, because some
 * of them use the engine this plugin helps to build.
 */
@Component
public class TaskFormViewsPlugin extends AbstractProcessEnginePlugin {

  private final Supplier<List<TaskFormView>> views;

  @Autowired
  public TaskFormViewsPlugin(ObjectProvider<TaskFormView> views) {
    // looked up once, at the first form opened (looking them up at each opening was 1.4 % of the loop's JVM time)
    this(SingletonSupplier.of(() -> views.orderedStream().toList()));
  }

  public TaskFormViewsPlugin(Supplier<List<TaskFormView>> views) {
    this.views = views;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setFormService(new ViewingFormService());
  }

  private final class ViewingFormService extends FormServiceImpl {

    @Override
    public VariableMap getTaskFormVariables(String taskId, Collection<String> names, boolean deserializeValues) {
      return commandExecutor.execute(new GetTaskFormViewsCmd(taskId, names, deserializeValues));
    }
  }

  private final class GetTaskFormViewsCmd extends GetTaskFormVariablesCmd {

    private static final long serialVersionUID = 1L;

    GetTaskFormViewsCmd(String taskId, Collection<String> names, boolean deserializeValues) {
      super(taskId, names, deserializeValues);
    }

    /** After the engine's check that the caller may read the task's variables, and before it reads them. */
    @Override
    protected void checkGetTaskFormVariables(TaskEntity task, CommandContext commandContext) {
      super.checkGetTaskFormVariables(task, commandContext);
      readBytesTogether(task, formVariableNames);
    }

    @Override
    public VariableMap execute(CommandContext commandContext) {
      VariableMap result = super.execute(commandContext); // checks the caller may read the task's variables
      TaskEntity task = commandContext.getTaskManager().findTaskById(resourceId);
      if (task.getProcessInstanceId() == null) {
        return result; // a to-do someone created in Tasklist shows no case
      }
      for (TaskFormView view : views.get()) {
        for (Map.Entry<String, TypedValue> value : view.valuesFor((DelegateTask) task).entrySet()) {
          if (formVariableNames == null || formVariableNames.contains(value.getKey())) {
            result.putValueTyped(value.getKey(), deserializeObjectValues ? value.getValue() : serialized(value.getValue()));
          }
        }
      }
      return result;
    }
  }

  /**
   * The byte arrays of the variables the form will show (the task's, its execution's and each scope's above, the
   * nearest of each name), read in one statement before the engine reads the values one by one; the variables' rows
   * are loaded here rather than a moment later by the engine.
   */
  private static void readBytesTogether(TaskEntity task, Collection<String> names) {
    List<CoreVariableInstance> variables = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (AbstractVariableScope scope = task; scope != null; scope = scope.getParentVariableScope()) {
      for (CoreVariableInstance variable : scope.getVariableInstancesLocal()) {
        if ((names == null || names.contains(variable.getName())) && seen.add(variable.getName())) {
          variables.add(variable);
        }
      }
    }
    VariableBytes.readTogether(variables);
  }

  /** A Json value as the engine answers a stored one when asked not to deserialize: its text. */
  private static TypedValue serialized(TypedValue value) {
    if (value instanceof JsonValue json && json.isDeserialized()) {
      return SpinValues.jsonValue(json.getValue().toString()).create();
    }
    return value;
  }
}
