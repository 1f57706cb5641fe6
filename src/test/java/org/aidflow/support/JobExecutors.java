package org.aidflow.support;

import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/** Nudges the job executors of engines a test runs with job execution on. */
public final class JobExecutors {

  private JobExecutors() {
  }

  /**
   * Wakes each engine's job executor, as the engine itself does when it creates a job due now. A timer made due by the
   * test (its due date moved, or created while the engine's clock stood in the past) is otherwise found only at the
   * executor's next look, which an idle executor puts off for up to a minute (Camunda's {@code maxWait}).
   */
  public static void wake(List<ProcessEngine> engines) {
    for (ProcessEngine engine : engines) {
      ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getJobExecutor().jobWasAdded();
    }
  }
}
