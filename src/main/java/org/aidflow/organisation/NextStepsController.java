package org.aidflow.organisation;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.ProcessVariables;
import org.aidflow.shared.SystemContext;
import org.aidflow.shared.WebappUser;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the case went after a task: {@code GET /desk/tasks/{taskId}/next} (Tasklist, Camunda webapp session) and
 * {@code GET /api/desk/tasks/{taskId}/next} (HTTP Basic) answer, for a task the caller completed, the case number and
 * the case's open steps with the unit that works each, e.g. 审批帮扶方案（市总工会 主管）. Anybody else, and a task not
 * completed yet, gets 404: the answer says nothing about a case to someone who did not just work on it.
 */
@RestController
public class NextStepsController {

  /** One open step: the task's name without the case number, who works it, and its due date (ISO) if any. */
  public record Step(String name, String unit, String assignee, String due) {
  }

  /** The case and its open steps. */
  public record NextSteps(String caseNumber, List<Step> steps) {
  }

  private final ProcessEngine engine;
  private final CaseFacts facts;
  private final OrganisationUnits units;

  public NextStepsController(ProcessEngine engine, CaseFacts facts, OrganisationUnits units) {
    this.engine = engine;
    this.facts = facts;
    this.units = units;
  }

  @GetMapping(path = {"/desk/tasks/{taskId}/next", "/api/desk/tasks/{taskId}/next"},
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<?> next(@PathVariable String taskId, HttpServletRequest request) {
    String user = user(request);
    if (user == null) {
      return problem(HttpStatus.UNAUTHORIZED, "未登录 / not signed in", taskId);
    }
    Optional<NextSteps> answer = SystemContext.call(engine.getIdentityService(), () -> nextSteps(taskId, user));
    return answer.<ResponseEntity<?>>map(ResponseEntity::ok)
        .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "没有您刚办完的这项任务 / no task you completed", taskId));
  }

  /**
   * {@code POST /desk/tasks/{taskId}/take-over} (Tasklist; header {@code X-AidFlow-Desk} against cross-site posts) and
   * {@code POST /api/desk/tasks/{taskId}/take-over}: a caseworker of the unit whose group is a candidate of the task
   * takes over a task assigned to a colleague (e.g. the acceptor of the referral). Task permission TASK_WORK lets a
   * candidate claim only an unassigned task; this is the one way around it, and only within the candidates.
   */
  @org.springframework.web.bind.annotation.PostMapping(path = {"/desk/tasks/{taskId}/take-over",
      "/api/desk/tasks/{taskId}/take-over"}, produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<?> takeOver(@PathVariable String taskId, HttpServletRequest request) {
    String user = user(request);
    if (user == null) {
      return problem(HttpStatus.UNAUTHORIZED, "未登录 / not signed in", taskId);
    }
    if (!request.getRequestURI().startsWith(request.getContextPath() + "/api/")
        && request.getHeader("X-AidFlow-Desk") == null) {
      return problem(HttpStatus.FORBIDDEN, "缺少请求头 X-AidFlow-Desk / header X-AidFlow-Desk required", taskId);
    }
    boolean taken = SystemContext.call(engine.getIdentityService(), () -> {
      Task task = engine.getTaskService().createTaskQuery().taskId(taskId).singleResult();
      if (task == null) {
        return false;
      }
      List<String> groups = engine.getIdentityService().createGroupQuery().groupMember(user).list().stream()
          .map(org.camunda.bpm.engine.identity.Group::getId).toList();
      boolean candidate = engine.getTaskService().getIdentityLinksForTask(taskId).stream()
          .anyMatch(link -> IdentityLinkType.CANDIDATE.equals(link.getType())
              && (user.equals(link.getUserId()) || groups.contains(link.getGroupId())));
      if (!candidate) {
        return false;
      }
      engine.getTaskService().setAssignee(taskId, user);
      return true;
    });
    return taken ? ResponseEntity.ok(Map.of("taskId", taskId, "assignee", user))
        : problem(HttpStatus.NOT_FOUND, "没有您可接手的这项任务 / no task you may take over", taskId);
  }

  Optional<NextSteps> nextSteps(String taskId, String user) {
    HistoricTaskInstance done = engine.getHistoryService().createHistoricTaskInstanceQuery().taskId(taskId).finished()
        .singleResult();
    if (done == null || !completedBy(done, user)) {
      return Optional.empty();
    }
    String processInstanceId = done.getProcessInstanceId();
    Optional<String> caseNumber = facts.findCase(processInstanceId).map(c -> c.caseNumber())
        .or(() -> facts.findReferral(processInstanceId).map(r -> r.caseNumber()));
    if (caseNumber.isEmpty()) {
      return Optional.empty();
    }
    List<Step> steps = new ArrayList<>();
    for (Task task : engine.getTaskService().createTaskQuery()
        .processVariableValueEquals(ProcessVariables.CASE_NUMBER, caseNumber.get()).orderByTaskCreateTime().asc().list()) {
      steps.add(new Step(stepName(task.getName(), caseNumber.get()), workedBy(task), task.getAssignee(),
          task.getDueDate() == null ? null : task.getDueDate().toInstant().toString()));
    }
    return Optional.of(new NextSteps(caseNumber.get(), steps));
  }

  private boolean completedBy(HistoricTaskInstance done, String user) {
    if (user.equals(done.getAssignee())) {
      return true;
    }
    return engine.getHistoryService().createUserOperationLogQuery().taskId(done.getId())
        .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).userId(user).count() > 0;
  }

  /** "审批帮扶方案 · QBH-2026-000001" → "审批帮扶方案". */
  static String stepName(String name, String caseNumber) {
    if (name == null) {
      return "";
    }
    return name.replace(" · " + caseNumber, "").replace("：" + caseNumber, "").trim();
  }

  /** The unit and role of the task's candidate groups, e.g. "杭州市总工会 主管". */
  private String workedBy(Task task) {
    Map<String, String> names = new LinkedHashMap<>();
    for (IdentityLink link : engine.getTaskService().getIdentityLinksForTask(task.getId())) {
      if (!IdentityLinkType.CANDIDATE.equals(link.getType()) || link.getGroupId() == null) {
        continue;
      }
      String group = link.getGroupId();
      String role = group.endsWith(OrganisationUnit.SUPERVISORS) ? "主管"
          : group.endsWith(OrganisationUnit.CASEWORKERS) ? "经办人" : "";
      String unit = OrganisationUnit.unitOfGroup(group);
      String unitName = unit == null ? null : units.find(unit).map(OrganisationUnit::name).orElse(null);
      names.putIfAbsent(group, unitName == null ? ("supervisors".equals(group) ? "跨组织主管" : "") : unitName + " " + role);
    }
    return String.join("、", names.values().stream().filter(n -> !n.isBlank()).toList());
  }

  /** The Camunda webapp session's user, else the user HTTP Basic authenticated on /api. */
  private String user(HttpServletRequest request) {
    Optional<UserAuthentication> signedIn = WebappUser.of(request, engine.getName());
    if (signedIn.isPresent()) {
      return signedIn.get().getName();
    }
    if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
      Authentication current = engine.getIdentityService().getCurrentAuthentication();
      return current == null ? null : current.getUserId();
    }
    return null;
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, String taskId) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setInstance(URI.create("/desk/tasks/" + taskId + "/next"));
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }
}
