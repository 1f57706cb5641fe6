package org.aidflow.casepage;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.aidflow.shared.CaseRegistry;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The case page and the applicant's contact details:
 * <ul>
 *   <li>{@code /aidflow/cases/{n}} (HTML) and {@code /aidflow/cases/{n}/contact} (HTML) for users signed in to
 *       Tasklist or Cockpit in this browser, {@code .json} variants for the Tasklist tab;</li>
 *   <li>{@code /aidflow/cases/by-instance/{id}} and {@code /aidflow/tasks/{id}/case} lead Cockpit and Tasklist from a
 *       process instance or task to its case;</li>
 *   <li>{@code GET /api/cases/{n}/page} and {@code GET /api/cases/{n}/contact} for REST clients (HTTP Basic).</li>
 * </ul>
 * Whoever may read no part of the case gets 404, the same as for a case that does not exist.
 */
@RestController
public class CasePageController {

  static final String PAGE = "/aidflow/cases/";
  private static final String LOGIN = "/camunda/app/tasklist/default/";
  private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
      + " frame-ancestors 'self'";

  private final CasePage page;
  private final CaseContact contact;
  private final CaseViewer viewer;
  private final HistoryService historyService;
  private final TaskService taskService;

  public CasePageController(CasePage page, CaseContact contact, CaseViewer viewer, HistoryService historyService,
      TaskService taskService) {
    this.page = page;
    this.contact = contact;
    this.viewer = viewer;
    this.historyService = historyService;
    this.taskService = taskService;
  }

  @GetMapping(path = PAGE + "{caseNumber}")
  public ResponseEntity<String> html(HttpServletRequest request, @PathVariable String caseNumber) {
    return htmlPage(request, caseNumber, () -> page.of(caseNumber)
        .map(view -> CasePageHtml.page(view, PAGE + caseNumber + "/contact")));
  }

  @GetMapping(path = PAGE + "{caseNumber}/contact")
  public ResponseEntity<String> contactHtml(HttpServletRequest request, @PathVariable String caseNumber) {
    return htmlPage(request, caseNumber, () -> contact.of(caseNumber)
        .map(found -> CasePageHtml.contact(found, PAGE + caseNumber)));
  }

  @GetMapping(path = PAGE + "{caseNumber}/page.json", produces = "application/json")
  public ResponseEntity<?> pageJson(HttpServletRequest request, @PathVariable String caseNumber) {
    return json(request, caseNumber, () -> page.of(caseNumber));
  }

  @GetMapping(path = PAGE + "{caseNumber}/contact.json", produces = "application/json")
  public ResponseEntity<?> contactJson(HttpServletRequest request, @PathVariable String caseNumber) {
    return json(request, caseNumber, () -> contact.of(caseNumber));
  }

  /** Cockpit's process instance view → the case page of that instance's case. */
  @GetMapping(path = PAGE + "by-instance/{processInstanceId}")
  public ResponseEntity<String> byInstance(HttpServletRequest request, @PathVariable String processInstanceId) {
    if (!viewer.signedIn(request)) {
      return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, LOGIN).build();
    }
    Optional<String> caseNumber = viewer.as(request, () -> historyService.createHistoricProcessInstanceQuery()
        .processInstanceId(processInstanceId).listPage(0, 1).stream().findFirst()
        .map(HistoricProcessInstance::getBusinessKey).filter(key -> key.matches(CaseRegistry.CASE_NUMBER_PATTERN)));
    return caseNumber.<ResponseEntity<String>>map(n -> ResponseEntity.status(HttpStatus.FOUND)
            .header(HttpHeaders.LOCATION, PAGE + n).build())
        .orElseGet(() -> html(HttpStatus.NOT_FOUND, CasePageHtml.message("未找到案件", "该流程实例不属于您可查看的案件。")));
  }

  /** Tasklist's task → the case number of the task's case, for a task the caller may see. */
  @GetMapping(path = "/aidflow/tasks/{taskId}/case", produces = "application/json")
  public ResponseEntity<?> caseOfTask(HttpServletRequest request, @PathVariable String taskId) {
    if (!viewer.signedIn(request)) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
    }
    Optional<String> caseNumber = viewer.as(request, () -> taskService.createTaskQuery().taskId(taskId).listPage(0, 1)
        .stream().findFirst().map(Task::getProcessInstanceId)
        .flatMap(instance -> historyService.createHistoricProcessInstanceQuery().processInstanceId(instance).listPage(0, 1)
            .stream().findFirst())
        .map(HistoricProcessInstance::getBusinessKey).filter(key -> key.matches(CaseRegistry.CASE_NUMBER_PATTERN)));
    return caseNumber.<ResponseEntity<?>>map(n -> ResponseEntity.ok(Map.of("caseNumber", n)))
        .orElseGet(() -> notFound("/aidflow/tasks/" + taskId + "/case"));
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "案件页 / the case page as JSON: header, steps with who and when,"
      + " referrals, plan items, payments, service levels, decisions with their inputs, all in words; 404 for those who"
      + " may read no part of the case")
  @GetMapping(path = "/api/cases/{caseNumber}/page", produces = "application/json")
  public ResponseEntity<?> pageApi(@PathVariable String caseNumber) {
    return api(caseNumber, "/page", () -> page.of(caseNumber));
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "申请人联系方式 / the applicant's phone, address and employer:"
      + " full for the intake organisation (and, with the applicant's consent, for receiving ones), masked otherwise;"
      + " every full read is recorded in the case audit (ReadContact)")
  @GetMapping(path = "/api/cases/{caseNumber}/contact", produces = "application/json")
  public ResponseEntity<?> contactApi(@PathVariable String caseNumber) {
    return api(caseNumber, "/contact", () -> contact.of(caseNumber));
  }

  private ResponseEntity<?> api(String caseNumber, String suffix, Supplier<Optional<?>> answer) {
    if (!caseNumber.matches(CaseRegistry.CASE_NUMBER_PATTERN)) {
      return badCaseNumber();
    }
    return answer.get().<ResponseEntity<?>>map(ResponseEntity::ok)
        .orElseGet(() -> notFound("/api/cases/" + caseNumber + suffix));
  }

  private ResponseEntity<?> json(HttpServletRequest request, String caseNumber, Supplier<Optional<?>> answer) {
    if (!viewer.signedIn(request)) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
    }
    if (!caseNumber.matches(CaseRegistry.CASE_NUMBER_PATTERN)) {
      return badCaseNumber();
    }
    return viewer.as(request, answer).<ResponseEntity<?>>map(found -> ResponseEntity.ok()
            .header(HttpHeaders.CACHE_CONTROL, "no-store").body(found))
        .orElseGet(() -> notFound(PAGE + caseNumber));
  }

  private ResponseEntity<String> htmlPage(HttpServletRequest request, String caseNumber,
      Supplier<Optional<String>> render) {
    if (!viewer.signedIn(request)) {
      return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, LOGIN).build();
    }
    if (!caseNumber.matches(CaseRegistry.CASE_NUMBER_PATTERN)) {
      return html(HttpStatus.BAD_REQUEST, CasePageHtml.message("案件编号无效", "案件编号格式应为 QBH-年份-序号。"));
    }
    return viewer.as(request, render).map(body -> html(HttpStatus.OK, body))
        .orElseGet(() -> html(HttpStatus.NOT_FOUND, CasePageHtml.message("未找到案件", "没有该案件，或您无权查看。")));
  }

  private static ResponseEntity<String> html(HttpStatus status, String body) {
    return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .header("Content-Security-Policy", CSP).header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
  }

  private static ResponseEntity<?> badCaseNumber() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
        "案件编号格式应为 QBH-YYYY-NNNNNN / case number must look like QBH-YYYY-NNNNNN");
    problem.setProperty("field", "caseNumber");
    return ResponseEntity.badRequest().body(problem);
  }

  private static ResponseEntity<?> notFound(String path) {
    // the same answer whether the case does not exist or the caller may not read it
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "未找到案件 / no such case");
    problem.setInstance(URI.create(path));
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
  }
}
