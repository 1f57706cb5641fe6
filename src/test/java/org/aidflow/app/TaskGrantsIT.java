package org.aidflow.app;

import static org.aidflow.shared.ProcessVariables.DESCRIPTION;
import static org.aidflow.shared.ProcessVariables.UNVERIFIED_REASON;
import static org.aidflow.shared.ProcessVariables.VERIFIED;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The grants a task's candidates and assignee get (security.TaskGrants): none that their unit's grants already
 * give, Camunda's own for anyone else. Access stays what it was; the grants that added nothing are not written.
 */
class TaskGrantsIT extends ApplicationTest {

  private static final String UNION_CASEWORKERS = "union-33-caseworkers";
  private static final String WORKER = "grants-worker";
  private static final String COLLEAGUE = "grants-colleague";

  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired AuthorizationService authorizationService;

  private Task verification;

  @BeforeEach
  void caseAndCaseworkers() {
    for (String user : List.of(WORKER, COLLEAGUE)) {
      identityService.saveUser(identityService.newUser(user));
      identityService.createMembership(user, UNION_CASEWORKERS);
    }
    var aidCase = as("intake", () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(DESCRIPTION, "任务授权测试")));
    verification = taskService.createTaskQuery().processInstanceId(aidCase.getId()).singleResult();
  }

  @AfterEach
  void removeCaseworkers() {
    for (String user : List.of(WORKER, COLLEAGUE)) {
      identityService.deleteUser(user);
    }
  }

  @Test
  void aTaskMadeInTheCommandThatStartedTheCaseIsGrantedToItsUnitAndSupervisorsAlone() {
    // a guard for the grants written without asking the database about a task it cannot yet name: the unit's
    // candidates and its supervisors, and no one else
    assertThat(grants(Resources.TASK, verification.getId())).extracting(Authorization::getGroupId)
        .containsExactlyInAnyOrder(UNION_CASEWORKERS, "union-33-supervisors");
    assertThat(as("union-lead", () -> taskService.createTaskQuery().taskId(verification.getId()).count()))
        .isEqualTo(1);
  }

  @Test
  void aCaseworkerWhoClaimsWorksTheTaskThroughTheUnitAndItsHistoryStaysReadableToTheUnit() {
    // the unit reads the case's history, so its candidate grant needs no copy on the task's history
    assertThat(grants(Resources.HISTORIC_TASK, verification.getId())).isEmpty();
    assertThat(grants(Resources.TASK, verification.getId())).extracting(Authorization::getGroupId)
        .contains(UNION_CASEWORKERS);

    as(WORKER, () -> {
      taskService.claim(verification.getId(), WORKER);
      return null;
    });

    assertThat(grants(Resources.TASK, verification.getId())).extracting(Authorization::getUserId).doesNotContain(WORKER);
    assertThat(grants(Resources.HISTORIC_TASK, verification.getId())).isEmpty();
    assertThat(as(WORKER, () -> taskService.createTaskQuery().taskAssignee(WORKER).taskId(verification.getId())
        .count())).isEqualTo(1);
    as(WORKER, () -> {
      taskService.complete(verification.getId(), Map.of(VERIFIED, false, UNVERIFIED_REASON, "无法核实"));
      return null;
    });

    for (String reader : List.of(WORKER, COLLEAGUE, "union-lead")) {
      assertThat(as(reader, () -> historyService.createHistoricTaskInstanceQuery().taskId(verification.getId())
          .count())).as(reader).isEqualTo(1);
    }
    assertThat(as("youth-worker", () -> historyService.createHistoricTaskInstanceQuery()
        .taskId(verification.getId()).count())).isZero();
  }

  @Test
  void aTaskGivenToSomeoneOutsideTheUnitGetsCamundasGrantsForThem() {
    // an administrator hands the task to a caseworker of another organisation: only their own grants give access
    as("admin", () -> {
      taskService.setAssignee(verification.getId(), "youth-worker");
      return null;
    });

    assertThat(grants(Resources.TASK, verification.getId())).extracting(Authorization::getUserId)
        .contains("youth-worker");
    assertThat(grants(Resources.HISTORIC_TASK, verification.getId())).extracting(Authorization::getUserId)
        .contains("youth-worker");
    assertThat(as("youth-worker", () -> taskService.createTaskQuery().taskId(verification.getId()).count()))
        .isEqualTo(1);
  }

  @Test
  void aGroupThatDoesNotReadTheCaseGetsAGrantOnTheTasksHistory() {
    as("admin", () -> {
      taskService.addCandidateGroup(verification.getId(), "youth-33-caseworkers");
      return null;
    });

    assertThat(grants(Resources.HISTORIC_TASK, verification.getId())).extracting(Authorization::getGroupId)
        .containsExactly("youth-33-caseworkers");
  }

  @Test
  void aCaseworkerWhoLeavesTheUnitNoLongerWorksTheTaskTheyClaimed() {
    as(WORKER, () -> {
      taskService.claim(verification.getId(), WORKER);
      return null;
    });
    identityService.deleteMembership(WORKER, UNION_CASEWORKERS);

    assertThat(as(WORKER, () -> taskService.createTaskQuery().taskId(verification.getId()).count())).isZero();
    assertThatThrownBy(() -> as(WORKER, () -> {
      taskService.complete(verification.getId(), Map.of(VERIFIED, false, UNVERIFIED_REASON, "已调离"));
      return null;
    })).isInstanceOf(AuthorizationException.class);
    Task unchanged = taskService.createTaskQuery().taskId(verification.getId()).singleResult();
    assertThat(unchanged.getAssignee()).isEqualTo(WORKER);
    // the unit still sees it, so the colleague who stayed (or a supervisor's take-over) carries on
    assertThat(as(COLLEAGUE, () -> taskService.createTaskQuery().taskId(verification.getId()).count()))
        .isEqualTo(1);
  }

  private List<Authorization> grants(Resources resource, String resourceId) {
    return authorizationService.createAuthorizationQuery().resourceType(resource).resourceId(resourceId).list();
  }
}
