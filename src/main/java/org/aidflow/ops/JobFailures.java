package org.aidflow.ops;

import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.runtime.Job;

/** Whether a job has ever failed, as its own row records it. */
final class JobFailures {

  private JobFailures() {
  }

  /**
   * A job that never failed: no failure message, and no stack trace (a failure whose exception has no message leaves
   * the message empty but keeps the stack trace). Retries set again keep both until the job succeeds.
   */
  static boolean neverFailed(Job job) {
    return job.getExceptionMessage() == null
        && !(job instanceof JobEntity entity && entity.getExceptionByteArrayId() != null);
  }
}
