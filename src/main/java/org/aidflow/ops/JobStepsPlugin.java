package org.aidflow.ops;

import java.util.ArrayList;
import java.util.List;
import org.aidflow.shared.BoundedCache;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.JobDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobManager;
import org.springframework.stereotype.Component;

/**
 * A job's step (its activity id) known as it is loaded. Camunda keeps a job's step only in its job definition and reads
 * that definition in every command that asks: when a step is left, for each of its service-level timers to delete
 * (five of a case's job-definition reads in the benchmark's loop), and when a job runs. A definition's step never
 * changes, so it is read once per definition here; what can change (its suspension, its priority) is still read from
 * the database where Camunda needs it.
 */
@Component
public class JobStepsPlugin extends AbstractProcessEnginePlugin {

  private final BoundedCache<String, String> steps = new BoundedCache<>(10_000);

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<SessionFactory> factories = configuration.getCustomSessionFactories() == null ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomSessionFactories());
    factories.add(new SessionFactory() {
      @Override
      public Class<?> getSessionType() {
        return JobManager.class;
      }

      @Override
      public Session openSession() {
        return new Manager(steps);
      }
    });
    configuration.setCustomSessionFactories(factories);
  }

  /** Camunda's job manager, giving each job it loads its step. */
  static final class Manager extends JobManager {

    private final BoundedCache<String, String> steps;

    Manager(BoundedCache<String, String> steps) {
      this.steps = steps;
    }

    @Override
    public JobEntity findJobById(String jobId) {
      JobEntity job = super.findJobById(jobId);
      withStep(job);
      return job;
    }

    @Override
    public List<JobEntity> findJobsByExecutionId(String executionId) {
      List<JobEntity> jobs = super.findJobsByExecutionId(executionId);
      jobs.forEach(this::withStep);
      return jobs;
    }

    /** The step Camunda would find in the job's definition; none for a job of no definition, as Camunda's. */
    private void withStep(JobEntity job) {
      if (job == null || job.getJobDefinitionId() == null) {
        return;
      }
      String step = steps.get(job.getJobDefinitionId(), id -> {
        JobDefinitionEntity definition = Context.getCommandContext().getJobDefinitionManager().findById(id);
        return definition == null ? null : definition.getActivityId();
      });
      if (step != null) {
        job.setActivityId(step);
      }
    }
  }
}
