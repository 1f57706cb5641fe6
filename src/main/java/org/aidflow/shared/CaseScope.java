package org.aidflow.shared;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.impl.VariableMapImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;

/**
 * A case's variables as a step of a called process sees them: its own first, then the aid case's (the root process
 * instance). A referral is given copies only of what its own steps, forms and Tasklist columns use; the applicant's
 * details and the case's figures stay on the aid case, once, instead of a runtime and a history row each per referral
 * (docs/benchmark-and-tuning.md, "applicant's details read from the case"). Referrals started by an earlier release
 * still hold their copies and read those.
 */
public final class CaseScope {

  private CaseScope() {
  }

  /** The variable from the scope, else from the case's root instance; null when neither has it. */
  public static Object variable(VariableScope scope, String name) {
    return variables(scope, List.of(name)).get(name);
  }

  /**
   * The variables from the scope, else from the case's root instance; a name neither has is absent. The root's are
   * read in one go, and only the named ones are turned into values (a form's header needs a dozen of the case's sixty).
   */
  public static Map<String, Object> variables(VariableScope scope, Collection<String> names) {
    Map<String, Object> values = new HashMap<>();
    List<String> fromRoot = new ArrayList<>();
    for (String name : names) {
      Object own = scope.getVariable(name);
      if (own != null || scope.hasVariable(name)) {
        values.put(name, own);
      } else {
        fromRoot.add(name);
      }
    }
    String root = fromRoot.isEmpty() ? null : rootOf(scope);
    if (root == null) {
      return values;
    }
    CommandContext command = Context.getCommandContext();
    ExecutionEntity loaded = command.getDbEntityManager().getCachedEntity(ExecutionEntity.class, root);
    if (loaded != null) {
      // this command holds the case's instance, perhaps with changes not yet written: its variables answer
      VariableMapImpl found = new VariableMapImpl();
      loaded.collectVariables(found, fromRoot, true, true);
      values.putAll(found);
    } else {
      // nothing of the case's instance changed in this command: its variables straight from the table, without
      // loading the instance first (one statement fewer for every referral form opened). All of them, by the
      // execution's index: the same read by name was planned through the index on names across all cases, 0.6 ms a
      // call against 0.07 (docs/benchmark-and-tuning.md, "a case's variables from a referral"). Only the named are
      // turned into values, so no other byte array is read.
      Set<String> wanted = Set.copyOf(fromRoot);
      List<VariableInstanceEntity> named = command.getVariableInstanceManager().findVariableInstancesByExecutionId(root)
          .stream().filter(variable -> wanted.contains(variable.getName())).toList();
      VariableBytes.readTogether(named);
      for (VariableInstanceEntity variable : named) {
        values.put(variable.getName(), variable.getTypedValue(true).getValue());
      }
    }
    return values;
  }

  /** The root process instance's id when the scope belongs to a called process, else null (it is the root itself). */
  private static String rootOf(VariableScope scope) {
    ExecutionEntity execution = scope instanceof TaskEntity task ? task.getExecution()
        : scope instanceof ExecutionEntity entity ? entity : null;
    if (execution == null || execution.getRootProcessInstanceId() == null
        || execution.getRootProcessInstanceId().equals(execution.getProcessInstanceId())
        || Context.getCommandContext() == null) {
      return null;
    }
    return execution.getRootProcessInstanceId();
  }
}
