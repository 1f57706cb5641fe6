package org.aidflow.ops;

import org.aidflow.shared.EngineExtensions;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.incident.DefaultIncidentHandler;
import org.camunda.bpm.engine.impl.incident.IncidentContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.runtime.Incident;
import org.springframework.stereotype.Component;

/**
 * A job's failed-job incident looked for only where there can be one. Camunda looks in the database for the incident of
 * every job it deletes (a job that ran, a service-level timer cancelled as its step is done): eleven look-ups per case
 * in the benchmark's loop, none finding anything. A job gets that incident when its retries run out: by failing, or set
 * to 0 by hand. Setting them again for the one job resolves the incident at once; setting them for its job definition
 * leaves it open until the job succeeds. So the incident of a job the command holds that never failed and has retries
 * left is not looked for; any other job's is, as before. The one case this misses: a job that never failed, its
 * retries set to 0 by hand and then set again for its job definition; its incident stays open until its instance ends.
 */
@Component
public class JobIncidentsPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setCustomIncidentHandlers(EngineExtensions.plus(configuration.getCustomIncidentHandlers(),
        new Handler()));
  }

  /** Camunda's handler of failed-job incidents, not looking for one of a job that never failed and has retries. */
  static final class Handler extends DefaultIncidentHandler {

    Handler() {
      super(Incident.FAILED_JOB_HANDLER_TYPE);
    }

    @Override
    public void resolveIncident(IncidentContext context) {
      if (mayHaveOne(context)) {
        super.resolveIncident(context);
      }
    }

    @Override
    public void deleteIncident(IncidentContext context) {
      if (mayHaveOne(context)) {
        super.deleteIncident(context);
      }
    }

    /** Whether the job named by the incident's configuration may have an incident open. */
    private static boolean mayHaveOne(IncidentContext context) {
      CommandContext command = Context.getCommandContext();
      JobEntity job = command == null || context.getConfiguration() == null ? null
          : command.getDbEntityManager().getCachedEntity(JobEntity.class, context.getConfiguration());
      return job == null || !JobFailures.neverFailed(job) || job.getRetries() <= 0;
    }
  }
}
