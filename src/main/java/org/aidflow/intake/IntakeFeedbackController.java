package org.aidflow.intake;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.CaseStage;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.shared.JsonRequests;
import org.aidflow.shared.SystemContext;
import org.aidflow.shared.WebappUser;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What an intake officer learns about their intakes (docs/intake-feedback.md), from AidFlow's tables only, never from
 * process variables: the case a start form registered or joined ({@code by-process-instance}), answered only to the
 * user who started it, and their list of the cases they took in (我受理的案件) with stage and next steps. Each under
 * {@code /api/intakes} (HTTP Basic, for channels) and {@code /aidflow/intakes} (the Camunda webapp session, for
 * Tasklist's script and page). Nothing personal is answered: case numbers, stages, task names and dates only.
 */
@RestController
public class IntakeFeedbackController {

  static final String API = "/api/intakes";
  static final String WEB = "/aidflow/intakes";
  /** Where a case's read-only page is (built beside this one). */
  static final String CASE_PAGE = "/aidflow/cases/";
  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;
  private static final int MAX_TASKS_PER_CASE = 10;
  private static final String LOGIN = "/camunda/app/tasklist/default/";
  private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
      + " frame-ancestors 'self'";
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
      .withZone(AidFlowConfiguration.ZONE);
  /** Camunda's ids: UUIDs or the engine's numbers; anything else is not an instance id. */
  private static final String INSTANCE_ID_PATTERN = "[A-Za-z0-9-]{1,64}";

  private final CaseRegistry cases;
  private final IdentityService identityService;
  private final RuntimeService runtimeService;
  private final TaskService taskService;
  private final ProcessEngine engine;

  public IntakeFeedbackController(CaseRegistry cases, IdentityService identityService, RuntimeService runtimeService,
      TaskService taskService, ProcessEngine engine) {
    this.cases = cases;
    this.identityService = identityService;
    this.runtimeService = runtimeService;
    this.taskService = taskService;
    this.engine = engine;
  }

  @Operation(summary = "发起结果 / what a start of aidCase became: {caseNumber, joined, caseUrl}",
      description = "For the user who started that process instance only: the case it registered (joined false) or the"
          + " open case of the same applicant it joined (joined true). 404 for anyone else and for unknown instances.")
  @GetMapping(path = {API + "/by-process-instance/{processInstanceId}",
      WEB + "/by-process-instance/{processInstanceId}"}, produces = "application/json")
  public ResponseEntity<?> outcome(@PathVariable String processInstanceId,
      @Parameter(hidden = true) HttpServletRequest request) {
    String user = user(request);
    if (user == null) {
      return signInFirst();
    }
    if (!processInstanceId.matches(INSTANCE_ID_PATTERN)) {
      return JsonRequests.problem(HttpStatus.BAD_REQUEST, "流程实例编号格式不正确 / not a process instance id",
          "processInstanceId");
    }
    return cases.intakeOutcome(processInstanceId, user).<ResponseEntity<?>>map(outcome -> {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("caseNumber", outcome.caseNumber());
      answer.put("joined", outcome.joined());
      answer.put("caseUrl", CASE_PAGE + outcome.caseNumber());
      return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(answer);
    }).orElseGet(() -> JsonRequests.problem(HttpStatus.NOT_FOUND, "未找到您发起的此次受理 / no intake of yours with this"
        + " process instance", "processInstanceId"));
  }

  @Operation(summary = "我受理的案件 / the cases the caller took in, newest first, with stage and open tasks",
      description = "page from 0, size 1 to 100 (20 unless given). {page, size, total, cases: [{caseNumber, status,"
          + " stage, stageLabel, createdAt, closedAt, closureReason, openTasks: [{name, due}], caseUrl}]}")
  @GetMapping(path = {API + "/mine", WEB + "/mine.json"}, produces = "application/json")
  public ResponseEntity<?> mine(@RequestParam(required = false) String page,
      @RequestParam(required = false) String size, @Parameter(hidden = true) HttpServletRequest request) {
    String user = user(request);
    if (user == null) {
      return signInFirst();
    }
    Optional<int[]> paging = paging(page, size);
    if (paging.isEmpty()) {
      return JsonRequests.problem(HttpStatus.BAD_REQUEST, "page 须为0或以上的整数，size 须为1到100的整数 / page is a whole"
          + " number from 0, size from 1 to 100", page != null && !page.matches("\\d{1,6}") ? "page" : "size");
    }
    int[] p = paging.get();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("page", p[0]);
    answer.put("size", p[1]);
    answer.put("total", cases.countTakenInBy(user));
    answer.put("cases", list(user, p[0], p[1]));
    return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(answer);
  }

  /** The same list as a page of its own, reached from Tasklist's navbar (intake-feedback.js). */
  @io.swagger.v3.oas.annotations.Hidden
  @GetMapping(path = {WEB + "/mine", WEB + "/mine/"})
  public ResponseEntity<String> minePage(@RequestParam(required = false) String page,
      @Parameter(hidden = true) HttpServletRequest request) {
    String user = user(request);
    if (user == null) {
      return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, LOGIN).build();
    }
    Optional<int[]> paging = paging(page, null);
    if (paging.isEmpty()) {
      return html(HttpStatus.BAD_REQUEST, shell("<p class=\"error\">页码无效。</p><p><a href=\"" + WEB
          + "/mine\">第一页</a></p>"));
    }
    int current = paging.get()[0];
    int total = cases.countTakenInBy(user);
    List<Map<String, Object>> rows = list(user, current, DEFAULT_PAGE_SIZE);
    StringBuilder body = new StringBuilder();
    body.append("<p>共 <span data-total=\"").append(total).append("\">").append(total).append("</span> 件，按受理时间由新到旧排列。</p>");
    if (rows.isEmpty()) {
      body.append("<p class=\"empty\">暂无您受理的案件。</p>");
    } else {
      body.append("<table><thead><tr><th>案件编号</th><th>受理时间</th><th>阶段</th><th>下一步（待办）</th></tr></thead><tbody>");
      for (Map<String, Object> row : rows) {
        String number = (String) row.get("caseNumber");
        body.append("<tr data-case=\"").append(htmlEscape(number)).append("\"><td><a href=\"")
            .append(htmlEscape(CASE_PAGE + number)).append("\">").append(htmlEscape(number)).append("</a></td><td>")
            .append(htmlEscape(String.valueOf(row.get("createdAtText")))).append("</td><td class=\"stage\">")
            .append(htmlEscape(String.valueOf(row.get("stageLabel")))).append("</td><td class=\"next\">");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) row.get("openTasks");
        if (tasks.isEmpty()) {
          body.append("—");
        } else {
          body.append(String.join("<br>", tasks.stream().map(t -> htmlEscape(String.valueOf(t.get("name")))
              + (t.get("dueText") == null ? "" : "（期限 " + htmlEscape(String.valueOf(t.get("dueText"))) + "）"))
              .toList()));
        }
        body.append("</td></tr>");
      }
      body.append("</tbody></table>");
    }
    body.append("<p class=\"pages\">");
    if (current > 0) {
      body.append("<a rel=\"prev\" href=\"").append(WEB).append("/mine?page=").append(current - 1).append("\">上一页</a> ");
    }
    body.append("第 ").append(current + 1).append(" 页");
    if ((long) (current + 1) * DEFAULT_PAGE_SIZE < total) {
      body.append(" <a rel=\"next\" href=\"").append(WEB).append("/mine?page=").append(current + 1).append("\">下一页</a>");
    }
    body.append("</p><p><a href=\"").append(LOGIN).append("\">返回任务列表</a></p>");
    return html(HttpStatus.OK, shell(body.toString()));
  }

  private List<Map<String, Object>> list(String user, int page, int size) {
    List<CaseRegistry.TakenIn> taken = cases.takenInBy(user, page * size, size);
    // the stage and open tasks of the officer's own cases, whichever unit now holds their tasks
    return SystemContext.call(identityService, () -> taken.stream().map(c -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("caseNumber", c.caseNumber());
      boolean open = CaseRegistry.OPEN.equals(c.status());
      row.put("status", open ? "OPEN" : "CLOSED");
      CaseStage stage = open ? stageOf(c.processInstanceId()) : CaseStage.CLOSED;
      row.put("stage", stage.name());
      String closure = IntakeVocabulary.closureName(c.closureReason());
      row.put("stageLabel", stage.label() + (closure == null || closure.isEmpty() ? "" : "（" + closure + "）"));
      row.put("createdAt", c.createdAt());
      row.put("createdAtText", WHEN.format(c.createdAt()));
      row.put("closedAt", c.closedAt());
      row.put("closureReason", c.closureReason());
      row.put("openTasks", open ? taskService.createTaskQuery().processInstanceBusinessKey(c.caseNumber())
          .orderByTaskCreateTime().asc().listPage(0, MAX_TASKS_PER_CASE).stream().map(t -> {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("name", t.getName());
            task.put("due", t.getDueDate());
            task.put("dueText", t.getDueDate() == null ? null : WHEN.format(t.getDueDate().toInstant()));
            return task;
          }).toList() : List.of());
      row.put("caseUrl", CASE_PAGE + c.caseNumber());
      return row;
    }).toList());
  }

  private CaseStage stageOf(String processInstanceId) {
    try {
      return runtimeService.getActiveActivityIds(processInstanceId).stream().map(CaseStage::ofActivity)
          .flatMap(Optional::stream).findFirst().orElse(CaseStage.INTAKE);
    } catch (org.camunda.bpm.engine.ProcessEngineException ended) {
      return CaseStage.INTAKE;
    }
  }

  private static Optional<int[]> paging(String page, String size) {
    int p = 0;
    int s = DEFAULT_PAGE_SIZE;
    if (page != null) {
      if (!page.matches("\\d{1,6}")) {
        return Optional.empty();
      }
      p = Integer.parseInt(page);
    }
    if (size != null) {
      if (!size.matches("\\d{1,3}") || Integer.parseInt(size) < 1 || Integer.parseInt(size) > MAX_PAGE_SIZE) {
        return Optional.empty();
      }
      s = Integer.parseInt(size);
    }
    return Optional.of(new int[] {p, s});
  }

  /**
   * The caller: under {@code /api} the user HTTP Basic authenticated (BasicAuthenticationFilter), under
   * {@code /aidflow} the user signed in to the Camunda webapps on this engine; never a parameter.
   */
  private String user(HttpServletRequest request) {
    if (request.getRequestURI().startsWith(request.getContextPath() + API)) {
      Authentication authentication = identityService.getCurrentAuthentication();
      return authentication == null ? null : authentication.getUserId();
    }
    return WebappUser.of(request, engine.getName()).map(UserAuthentication::getName).orElse(null);
  }

  private static ResponseEntity<?> signInFirst() {
    return JsonRequests.problem(HttpStatus.UNAUTHORIZED, "请先登录 / sign in first", "user");
  }

  private static String shell(String body) {
    return "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>我受理的案件</title><style>"
        + "body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse}"
        + "th,td{border:1px solid #ccc;padding:.4em .7em;text-align:left;vertical-align:top}th{background:#f3f3f3}"
        + ".error{color:#b00}</style></head><body><h1>我受理的案件</h1>" + body + "</body></html>";
  }

  private static ResponseEntity<String> html(HttpStatus status, String body) {
    return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .header("Content-Security-Policy", CSP).header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
  }

}
