package org.aidflow.app;

import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import org.aidflow.intake.CaseHeaderBackfill;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.ProcessVariables;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A task of a case in flight, created before forms showed the case header, gets it at the next start. */
class CaseHeaderBackfillIT extends ApplicationTest {

  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired CaseHeaderBackfill backfill;

  @Test
  void anOpenTaskWithoutHeaderGetsTheHeaderOfItsCase() {
    ProcessInstance aidCase = as("intake",
        () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, applicant()));
    Task verification = taskService.createTaskQuery().processInstanceId(aidCase.getId()).singleResult();
    // as the previous release left it: no header on the task
    taskService.removeVariableLocal(verification.getId(), ProcessVariables.CASE_HEADER);
    assertThat(taskService.getVariableLocal(verification.getId(), ProcessVariables.CASE_HEADER)).isNull();

    assertThat(backfill.fillMissingHeaders()).isGreaterThanOrEqualTo(1);

    Object header = taskService.getVariableLocal(verification.getId(), ProcessVariables.CASE_HEADER);
    assertThat(header).asString().contains(aidCase.getBusinessKey()).contains("申请人");
    // nothing left to do: a second run writes nothing
    assertThat(backfill.fillMissingHeaders()).isZero();
  }
}
