package org.aidflow.benchmark;

import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.camunda.bpm.engine.variable.Variables;

/** The Java API calls a case's loop makes, the same for AidFlow and the bare engine so that both do the same. */
final class EngineSteps {

  private EngineSteps() {
  }

  /**
   * Claims the one task the query finds, opens its form (its form variables, as Tasklist reads them) and completes
   * it, as a caseworker does in Tasklist; returns its process instance.
   */
  static String work(TaskService tasks, FormService forms, TaskQuery query, String user,
      Map<String, Object> variables) {
    Task task = query.singleResult();
    tasks.claim(task.getId(), user);
    forms.getTaskFormVariables(task.getId(), null, false);
    tasks.complete(task.getId(), Variables.fromMap(variables));
    return task.getProcessInstanceId();
  }

  /** Executes the instance's job at the activity, as the job executor would. */
  static void executeJob(ManagementService management, String processInstanceId, String activityId) {
    Job job = management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId).singleResult();
    management.executeJob(job.getId());
  }

  /** With the job executor on, the client waits for it to run the referral to its end. */
  static void awaitEnded(RuntimeService runtime, String processInstanceId) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).count() > 0) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the job executor did not end referral " + processInstanceId + " in 60 s");
      }
      Thread.sleep(5);
    }
  }
}
