package org.aidflow.app;

import static org.aidflow.shared.AidCaseModel.VERIFY_CASE;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.shared.ReferralModel.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * Issue 21 item 6 (docs/desk.md): the acceptor is assigned the referral's next task, a colleague of the unit can
 * take it over, and "where did the case go" answers only the user who completed the task.
 */
class DeskIT extends ApplicationTest {

  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired TestRestTemplate http;

  @AfterEach
  void logOut() {
    identityService.clearAuthentication();
  }

  @Test
  void theAcceptorGetsPlanningTheNoticeNamesItAndOnlyTheAcceptorMayAsk() {
    ProcessInstance aidCase = as("intake", () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(CATEGORIES, List.of("living"), EMPLOYER, null, UNION_MEMBER, false, MONTHLY_INCOME, 5000,
            RIGID_EXPENSES, 0)));
    work("union-worker", aidCase.getId(), VERIFY_CASE, Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实"));
    String referral = runtimeService.createProcessInstanceQuery().superProcessInstanceId(aidCase.getId())
        .singleResult().getId();
    String accepted = work("union-worker", referral, ACCEPT_REFERRAL, Map.of(ACCEPTED, true));

    Task plan = taskService.createTaskQuery().processInstanceId(referral).taskDefinitionKey(PLAN_ASSISTANCE)
        .singleResult();
    assertThat(plan.getAssignee()).isEqualTo("union-worker");
    assertThat(plan.getDueDate()).isNotNull();

    ResponseEntity<String> next = http.withBasicAuth("union-worker", "demo")
        .getForEntity("/api/desk/tasks/" + accepted + "/next", String.class);
    assertThat(next.getStatusCode().value()).isEqualTo(200);
    assertThat(next.getBody()).contains(aidCase.getBusinessKey()).contains("\"name\":\"制定帮扶方案\"")
        .contains("经办人");
    // another user, even of the same unit, gets nothing; so does a task not completed, and an anonymous caller
    assertThat(http.withBasicAuth("union-lead", "demo").getForEntity("/api/desk/tasks/" + accepted + "/next",
        String.class).getStatusCode().value()).isEqualTo(404);
    assertThat(http.withBasicAuth("union-worker", "demo").getForEntity("/api/desk/tasks/" + plan.getId() + "/next",
        String.class).getStatusCode().value()).isEqualTo(404);
    assertThat(http.getForEntity("/api/desk/tasks/" + accepted + "/next", String.class).getStatusCode().value())
        .isEqualTo(401);
    // the session path without a webapp session answers nobody
    assertThat(http.getForEntity("/desk/tasks/" + accepted + "/next", String.class).getStatusCode().value())
        .isEqualTo(401);

    // a colleague of the unit takes planning over; somebody of another organisation may not
    colleague("desk-colleague", "union-33-caseworkers");
    assertThat(takeOver("women-worker", plan.getId()).getStatusCode().value()).isEqualTo(404);
    assertThat(taskService.createTaskQuery().taskId(plan.getId()).singleResult().getAssignee()).isEqualTo("union-worker");
    assertThat(takeOver("desk-colleague", plan.getId()).getStatusCode().value()).isEqualTo(200);
    assertThat(taskService.createTaskQuery().taskId(plan.getId()).singleResult().getAssignee())
        .isEqualTo("desk-colleague");
  }

  private static final String COLLEAGUE_PASSWORD = "Correct-Password-1";

  private ResponseEntity<String> takeOver(String user, String taskId) {
    return http.withBasicAuth(user, user.startsWith("desk-") ? COLLEAGUE_PASSWORD : "demo").exchange("/api/desk/tasks/" + taskId + "/take-over", HttpMethod.POST,
        new HttpEntity<>(new HttpHeaders()), String.class);
  }

  private void colleague(String user, String group) {
    if (identityService.createUserQuery().userId(user).count() == 0) {
      User colleague = identityService.newUser(user);
      colleague.setPassword(COLLEAGUE_PASSWORD);
      identityService.saveUser(colleague);
      identityService.createMembership(user, group);
    }
  }

  /** Claims and completes the task as the user, as Tasklist does; answers the task's id. */
  private String work(String user, String processInstanceId, String taskKey, Map<String, Object> variables) {
    return as(user, () -> {
      Task task = taskService.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(taskKey)
          .singleResult();
      assertThat(task).as("%s sees task %s", user, taskKey).isNotNull();
      taskService.claim(task.getId(), user);
      taskService.complete(task.getId(), Variables.fromMap(variables));
      return task.getId();
    });
  }
}
