package org.aidflow.ops;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.producer.CacheAwareHistoryEventProducer;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.stereotype.Component;

/**
 * The job log (act_hi_job_log) keeps what someone running AidFlow looks at: every failure with its stack trace, every
 * run that succeeded (when, and on which node), and everything about jobs of no process instance (the history
 * cleanup, whose last run the metrics read, batches, timer starts). It leaves out that a process instance's job was
 * created, or deleted without ever failing: an async step's or a service-level timer's bookkeeping, 20 rows of a
 * case's 22 in the benchmark's loop. When a step started and ended is in the activity history, a due date in the
 * cockpit's tables. ADR 13.
 */
@Component
public class JobLogPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setHistoryEventProducer(new Producer());
  }

  /** Camunda's producer, with no creation or deletion entry for a process instance's job that never failed. */
  static final class Producer extends CacheAwareHistoryEventProducer {

    @Override
    public HistoryEvent createHistoricJobLogCreateEvt(Job job) {
      return bookkeeping(job) ? null : super.createHistoricJobLogCreateEvt(job);
    }

    @Override
    public HistoryEvent createHistoricJobLogDeleteEvt(Job job) {
      return bookkeeping(job) ? null : super.createHistoricJobLogDeleteEvt(job);
    }

    /** A job of a process instance that never failed: its run or its failure is what the log is for. */
    private static boolean bookkeeping(Job job) {
      return job.getProcessInstanceId() != null && JobFailures.neverFailed(job);
    }
  }
}
