package org.aidflow.shared;

import java.util.List;
import java.util.function.Consumer;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives open tasks created before their form read a variable what the form now reads: forms are bound to their latest
 * version, so a task of a case in flight opens with the new form. Each task is its own transaction, so a task that
 * ended meanwhile, or a second node doing the same at once, costs one refused write, nothing more.
 */
public final class OpenTaskBackfill {

  private static final Logger LOG = LoggerFactory.getLogger(OpenTaskBackfill.class);

  private OpenTaskBackfill() {
  }

  /** Runs the filler on each of the tasks still open; answers on how many it ran. */
  public static int fill(ProcessEngineConfigurationImpl engine, List<String> taskIds, Consumer<TaskEntity> filler) {
    int filled = 0;
    for (String taskId : taskIds) {
      try {
        engine.getCommandExecutorTxRequired().execute(context -> {
          TaskEntity task = context.getTaskManager().findTaskById(taskId);
          if (task != null) {
            filler.accept(task);
          }
          return null;
        });
        filled++;
      } catch (RuntimeException e) {
        LOG.debug("task {} not filled in: {}", taskId, e.getMessage());
      }
    }
    return filled;
  }
}
