package org.aidflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aidflow.shared.Violation;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinitionQuery;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * Each user task accepts only its own fields, and a case starts with intake fields only. Over both engine APIs
 * (the channels' and Modeler's {@code /engine-rest}, and Tasklist's {@code /camunda/api/engine/engine/{name}}), a
 * completion ({@code complete}, {@code submit-form}, {@code resolve}, {@code bpmnError}, {@code bpmnEscalation}) and
 * a task variable update ({@code variables}, {@code localVariables}, one by one or as modifications, deletions, file
 * uploads) may carry only the fields of the task's form ({@link FormFields}), each of the type its component
 * submits; starting a process with a start form carries only that form's fields, and no business key, start
 * instructions or skipped listeners. Anything else is refused with 400 {@code application/problem+json} naming each
 * variable, before the engine sees the request, so nothing changes.
 *
 * <p>Process instance and execution variables, message correlation, signals and instance modification are not read
 * here: no caseworker, supervisor or intake officer holds the permissions they need (see {@link AuthorizationSetup}).
 * A task the caller cannot see is left to the engine, which answers 403 or 404 as for any other request.
 */
public class TaskFieldsFilter extends OncePerRequestFilter {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> COMPLETIONS = Set.of("complete", "submit-form", "resolve");
  private static final Set<String> ERRORS = Set.of("bpmnError", "bpmnEscalation");
  private static final Set<String> VARIABLES = Set.of("variables", "localVariables");
  private static final Set<String> STARTS = Set.of("start", "submit-form");

  private final TaskService taskService;
  private final RepositoryService repositoryService;
  private final IdentityService identityService;
  private final FormFields formFields;

  public TaskFieldsFilter(TaskService taskService, RepositoryService repositoryService,
      IdentityService identityService, FormFields formFields) {
    this.taskService = taskService;
    this.repositoryService = repositoryService;
    this.identityService = identityService;
    this.formFields = formFields;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    List<String> path = enginePath(request);
    String method = request.getMethod();
    boolean task = path.size() >= 3 && path.get(0).equals("task")
        && (method.equals("POST") || method.equals("PUT") || method.equals("DELETE"));
    boolean start = method.equals("POST") && path.size() >= 3 && path.get(0).equals("process-definition")
        && STARTS.contains(path.get(path.size() - 1));
    if (!task && !start) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = request.getInputStream().readNBytes(ExpressionGuardFilter.MAX_BODY_BYTES + 1);
    HttpServletRequest again = new CachedBodyRequest(request, body);
    Authentication caller = caller(request);
    if (caller == null || body.length > ExpressionGuardFilter.MAX_BODY_BYTES) {
      // no user yet (the engine answers 401) or a body the expression guard refuses
      chain.doFilter(again, response);
      return;
    }
    List<Violation> violations;
    boolean authenticatedHere = identityService.getCurrentAuthentication() == null;
    if (authenticatedHere) {
      identityService.setAuthentication(caller);
    }
    try {
      violations = task ? taskViolations(path, method, request, body) : startViolations(path, body);
    } finally {
      if (authenticatedHere) {
        identityService.clearAuthentication();
      }
    }
    if (violations.isEmpty()) {
      chain.doFilter(again, response);
      return;
    }
    refuse(response, violations);
  }

  // ------------------------------------------------------------------ tasks

  private List<Violation> taskViolations(List<String> path, String method, HttpServletRequest request,
      byte[] body) {
    String action = path.get(2);
    boolean completion = path.size() == 3 && method.equals("POST") && (COMPLETIONS.contains(action)
        || ERRORS.contains(action));
    boolean variables = VARIABLES.contains(action) && path.size() <= 5;
    if (!completion && !variables) {
      return List.of();
    }
    Task task = taskService.createTaskQuery().taskId(path.get(1)).singleResult();
    if (task == null || task.getProcessDefinitionId() == null) {
      // not the caller's to see (the engine refuses it) or no task of a process
      return List.of();
    }
    FormFields.TaskFields fields = formFields.of(task);
    List<Violation> violations = new ArrayList<>();
    if (completion) {
      if (action.equals("bpmnError") && !fields.catchesErrors()
          || action.equals("bpmnEscalation") && !fields.catchesEscalations()) {
        // an error nothing catches would end the case silently
        violations.add(new Violation(action, "任务 " + fields.taskKey() + " 不接受此操作（流程中没有捕获它的边界事件）",
            "task " + fields.taskKey() + " catches no " + action + " (no boundary event in the model)"));
      }
      JsonNode json = parse(body);
      if (json != null) {
        checkVariables(fields.taskKey(), fields.fields(), json.path("variables"), violations);
      }
      if (COMPLETIONS.contains(action)) {
        // every required field of the form, unless the form hides it (docs/task-fields.md)
        JsonNode submitted = json == null ? JSON.createObjectNode() : json.path("variables");
        violations.addAll(RequiredFields.missing(fields.taskKey(), fields.fields(), submitted,
            () -> taskVariables(task.getId())));
      }
      return violations;
    }
    if (path.size() == 3 && method.equals("POST")) {
      JsonNode json = parse(body);
      if (json != null) {
        checkVariables(fields.taskKey(), fields.fields(), json.path("modifications"), violations);
        for (JsonNode deletion : json.path("deletions")) {
          checkName(fields.taskKey(), fields.fields(), deletion.asText(), violations);
        }
      }
    } else if (path.size() == 4 && (method.equals("PUT") || method.equals("DELETE"))) {
      String name = path.get(3);
      FormField field = checkName(fields.taskKey(), fields.fields(), name, violations);
      JsonNode json = method.equals("PUT") ? parse(body) : null;
      if (field != null && json != null) {
        addRefusal(name, field.refusal(json), violations);
      }
    } else if (path.size() == 5 && path.get(4).equals("data") && method.equals("POST")) {
      String name = path.get(3);
      FormField field = checkName(fields.taskKey(), fields.fields(), name, violations);
      if (field != null && field.kind() != FormField.Kind.FILE) {
        addRefusal(name, field.refusal(JSON.createObjectNode().put("type", "File")), violations);
      }
    }
    return violations;
  }

  /** The task's plain variables (texts, numbers, booleans, dates), read as the system: the caller sees the task. */
  private Map<String, Object> taskVariables(String taskId) {
    Authentication caller = identityService.getCurrentAuthentication();
    identityService.clearAuthentication();
    try {
      Map<String, Object> plain = new LinkedHashMap<>();
      org.camunda.bpm.engine.variable.VariableMap variables = taskService.getVariablesTyped(taskId, false);
      for (String name : variables.keySet()) {
        org.camunda.bpm.engine.variable.value.TypedValue typed = variables.getValueTyped(name);
        if (typed != null && typed.getType() != null && typed.getType().isPrimitiveValueType()) {
          plain.put(name, typed.getValue());
        }
      }
      return plain;
    } finally {
      if (caller != null) {
        identityService.setAuthentication(caller);
      }
    }
  }

  // ------------------------------------------------------------------ starts

  private List<Violation> startViolations(List<String> path, byte[] body) {
    ProcessDefinition definition = definition(path);
    if (definition == null) {
      return List.of();
    }
    FormFields.StartFields fields = formFields.ofStart(definition);
    if (fields == null) {
      // no start form: only administrators may start such a process, and the engine checks that
      return List.of();
    }
    JsonNode json = parse(body);
    if (json == null) {
      return List.of();
    }
    List<Violation> violations = new ArrayList<>();
    JsonNode businessKey = json.path("businessKey");
    if (!businessKey.isMissingNode() && !businessKey.isNull() && !businessKey.asText().isEmpty()) {
      violations.add(new Violation("businessKey", "案件编号由系统生成，不能由调用方指定",
          "the case number (business key) is drawn by AidFlow; a caller may not set one"));
    }
    for (String option : List.of("startInstructions", "skipCustomListeners", "skipIoMappings", "caseInstanceId")) {
      JsonNode value = json.path(option);
      boolean set = value.isArray() ? !value.isEmpty() : value.isBoolean() ? value.asBoolean()
          : !value.isMissingNode() && !value.isNull();
      if (set) {
        violations.add(new Violation(option, "启动流程不接受 " + option,
            "a process with a start form starts at its start event with every listener; " + option + " is refused"));
      }
    }
    checkVariables("start of " + fields.processKey(), fields.fields(), json.path("variables"), violations);
    return violations;
  }

  private ProcessDefinition definition(List<String> path) {
    Authentication caller = identityService.getCurrentAuthentication();
    identityService.clearAuthentication();
    try {
      if (path.size() == 3) {
        return repositoryService.getProcessDefinition(path.get(1));
      }
      if (path.get(1).equals("key") && (path.size() == 4 || path.size() == 6 && path.get(3).equals("tenant-id"))) {
        ProcessDefinitionQuery query = repositoryService.createProcessDefinitionQuery()
            .processDefinitionKey(path.get(2)).latestVersion();
        query = path.size() == 6 ? query.tenantIdIn(path.get(4)) : query.withoutTenantId();
        return query.singleResult();
      }
      return null;
    } catch (ProcessEngineException e) {
      // no such definition: the engine answers it
      return null;
    } finally {
      if (caller != null) {
        identityService.setAuthentication(caller);
      }
    }
  }

  // ------------------------------------------------------------------ variables

  private static void checkVariables(String where, Map<String, FormField> fields, JsonNode variables,
      List<Violation> violations) {
    if (!variables.isObject()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> entries = variables.fields(); entries.hasNext(); ) {
      Map.Entry<String, JsonNode> variable = entries.next();
      FormField field = checkName(where, fields, variable.getKey(), violations);
      if (field != null) {
        addRefusal(variable.getKey(), field.refusal(variable.getValue()), violations);
      }
    }
  }

  private static FormField checkName(String where, Map<String, FormField> fields, String name,
      List<Violation> violations) {
    FormField field = fields.get(name);
    if (field == null) {
      String shown = name.length() > 60 ? name.substring(0, 60) : name;
      violations.add(new Violation(shown, "变量 " + shown + " 不是表单（" + where + "）的字段，不能由此写入",
          "variable " + shown + " is not a field of the form of " + where + " and cannot be written here"));
    }
    return field;
  }

  private static void addRefusal(String name, String refusal, List<Violation> violations) {
    if (refusal != null) {
      int slash = refusal.indexOf(" / ");
      violations.add(new Violation(name, refusal.substring(0, slash), refusal.substring(slash + 3)));
    }
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      JsonNode json = JSON.readTree(body);
      return json != null && json.isObject() ? json : null;
    } catch (IOException e) {
      // not JSON: the engine refuses it
      return null;
    }
  }

  private static void refuse(HttpServletResponse response, List<Violation> violations) throws IOException {
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    response.setContentType("application/problem+json;charset=UTF-8");
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", "Bad Request");
    problem.put("status", 400);
    Violation first = violations.get(0);
    problem.put("detail", first.messageZh() + " / " + first.messageEn());
    problem.put("field", first.field());
    problem.put("violations", violations.stream().map(v -> Map.of("field", v.field(), "message", v.messageZh(),
        "messageEn", v.messageEn())).toList());
    response.getWriter().write(JSON.writeValueAsString(problem));
  }

  // ------------------------------------------------------------------ request

  /**
   * The path below the engine API's root, as the REST layer matches it: segments decoded, matrix parameters
   * ({@code ;x=y}) and empty segments dropped, the engine's name ({@code /engine/default}) left out.
   */
  static List<String> enginePath(HttpServletRequest request) {
    String uri = request.getRequestURI().substring(request.getContextPath().length());
    List<String> segments = new ArrayList<>();
    for (String raw : uri.split("/")) {
      String segment = raw.contains(";") ? raw.substring(0, raw.indexOf(';')) : raw;
      if (!segment.isEmpty()) {
        try {
          segments.add(UriUtils.decode(segment, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          segments.add(segment);
        }
      }
    }
    int root;
    if (segments.size() >= 1 && segments.get(0).equals("engine-rest")) {
      root = 1;
    } else if (segments.size() >= 3 && segments.get(0).equals("camunda") && segments.get(1).equals("api")
        && segments.get(2).equals("engine")) {
      root = 3;
    } else {
      return List.of();
    }
    if (segments.size() >= root + 2 && segments.get(root).equals("engine")) {
      root += 2;
    }
    return segments.subList(root, segments.size());
  }

  /** The caller: as the REST API's authentication set it, or as the webapp's session holds it. */
  private Authentication caller(HttpServletRequest request) {
    Authentication current = identityService.getCurrentAuthentication();
    if (current != null) {
      return current;
    }
    Authentications webapp = Authentications.getCurrent();
    if (webapp == null) {
      HttpSession session = request.getSession(false);
      webapp = session == null ? null : AuthenticationUtil.getAuthsFromSession(session);
    }
    if (webapp == null) {
      return null;
    }
    for (UserAuthentication user : webapp.getAuthentications()) {
      if (user.getProcessEngineName() == null || user.getProcessEngineName().equals("default")) {
        return new Authentication(user.getIdentityId(), user.getGroupIds(), user.getTenantIds());
      }
    }
    return null;
  }
}
