package org.aidflow.project;

import static org.aidflow.shared.JsonRequests.problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.organisation.Providers;
import org.aidflow.project.Projects.Project;
import org.aidflow.shared.AlreadyExistsException;
import org.aidflow.shared.Groups;
import org.aidflow.shared.JsonRequests.JsonBody;
import org.aidflow.shared.JsonRequests;
import org.aidflow.shared.RefusedInputException;
import org.aidflow.shared.SystemContext;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Projects over HTTP (docs/projects.md): {@code GET /api/projects} (the projects of the caller's units: owned by or
 * run in a unit of theirs, a unit above or below one), {@code GET /api/projects/{code}} (with its targets),
 * {@code POST /api/projects} for the owning unit's supervisors and admins, and
 * {@code PUT /api/projects/{code}/targets/{unit}/{indicator}} ({@code {"target": n}}) for the owning unit's
 * supervisors. Bad input is a 400 problem+json naming the field; others get 403 and nothing changes.
 */
@RestController
public class ProjectController {

  private static final int MAX_BODY_BYTES = 16 * 1024;

  private final Projects projects;
  private final IdentityService identityService;
  private final RepositoryService repositoryService;
  private final OrganisationUnits units;
  private final ObjectMapper json = new ObjectMapper();

  public ProjectController(Projects projects, IdentityService identityService, RepositoryService repositoryService,
      OrganisationUnits units) {
    this.units = units;
    this.projects = projects;
    this.identityService = identityService;
    this.repositoryService = repositoryService;
  }

  @GetMapping(path = "/api/projects", produces = "application/json")
  public ResponseEntity<?> list() {
    Authentication caller = identityService.getCurrentAuthentication();
    if (caller == null) {
      return problem(HttpStatus.FORBIDDEN, "未登录 / not signed in", "user");
    }
    return ResponseEntity.ok(projects.all().stream().filter(p -> visible(p, groups(caller))).map(this::describe)
        .toList());
  }

  @GetMapping(path = "/api/projects/{code}", produces = "application/json")
  public ResponseEntity<?> one(@PathVariable String code) {
    Authentication caller = identityService.getCurrentAuthentication();
    Optional<Project> project = projects.find(code);
    if (caller == null || project.isPresent() && !visible(project.get(), groups(caller))) {
      return problem(HttpStatus.FORBIDDEN, "只能查看本单位及上下级单位的项目 / you may see the projects of your units"
          + " only", "code");
    }
    if (project.isEmpty()) {
      return problem(HttpStatus.NOT_FOUND, "没有该项目 / no such project", "code");
    }
    Map<String, Object> answer = describe(project.get());
    answer.put("targets", projects.targets(code));
    return ResponseEntity.ok(answer);
  }

  @PostMapping(path = "/api/projects", produces = "application/json")
  public ResponseEntity<?> create(HttpServletRequest request) throws IOException {
    Authentication caller = identityService.getCurrentAuthentication();
    if (caller == null) {
      return problem(HttpStatus.FORBIDDEN, "未登录 / not signed in", "user");
    }
    JsonBody body = JsonRequests.readObject(request, json, MAX_BODY_BYTES);
    if (body.refused()) {
      return body.problem();
    }
    JsonNode node = body.json();
    JsonNode owner = node.get("owningUnit");
    String owningUnit = owner != null && owner.isTextual() ? owner.asText() : null;
    if (owningUnit == null || units.find(owningUnit).isEmpty()) {
      return problem(HttpStatus.BAD_REQUEST, "owningUnit 须为已有单位的代码 / owningUnit must be the code of a unit",
          "owningUnit");
    }
    List<String> groups = groups(caller);
    if (!Groups.isAdministrator(groups) && !groups.contains(owningUnit + OrganisationUnit.SUPERVISORS)) {
      return problem(HttpStatus.FORBIDDEN, "仅牵头单位督导或系统管理员可创建项目 / only the owning unit's supervisors or"
          + " admins create projects", "owningUnit");
    }
    try {
      Projects.NewProject project = new Projects.NewProject(text(node, "code"), text(node, "name"), owningUnit,
          text(node, "type"), text(node, "service"), text(node, "startsOn"), text(node, "endsOn"),
          text(node, "fundCode"), integer(node, "fundYear"), amount(node, "budget"),
          text(node, "eligibilityDecision"), texts(node, "units"));
      Project created = projects.create(project, caller.getUserId(), this::deployedDecision);
      return ResponseEntity.created(URI.create("/api/projects/" + created.code())).body(describe(created));
    } catch (RefusedInputException e) {
      return JsonRequests.refused(e);
    } catch (AlreadyExistsException e) {
      return JsonRequests.conflict(e);
    }
  }

  @PutMapping(path = "/api/projects/{code}/targets/{unit}/{indicator}", produces = "application/json")
  public ResponseEntity<?> setTarget(@PathVariable String code, @PathVariable String unit,
      @PathVariable String indicator, HttpServletRequest request) throws IOException {
    Authentication caller = identityService.getCurrentAuthentication();
    Optional<Project> project = projects.find(code);
    if (project.isEmpty()) {
      return problem(HttpStatus.NOT_FOUND, "没有该项目 / no such project", "code");
    }
    if (caller == null || !groups(caller).contains(project.get().owningUnit() + OrganisationUnit.SUPERVISORS)) {
      return problem(HttpStatus.FORBIDDEN, "只有牵头单位督导可设定项目目标 / only the owning unit's supervisors set the"
          + " project's targets", "unit");
    }
    if (!project.get().allUnits().contains(unit)) {
      return problem(HttpStatus.BAD_REQUEST, "unit 须为项目的牵头或实施单位 / unit must be the owning unit or a unit"
          + " the project runs in", "unit");
    }
    Optional<ProjectMeasure> measure = ProjectMeasure.ofKey(indicator);
    if (measure.isEmpty()) {
      return problem(HttpStatus.BAD_REQUEST, "indicator 须为项目指标之一，如 beneficiaries、legalServicesDelivered /"
          + " indicator must be a project measure such as beneficiaries", "indicator");
    }
    JsonBody body = JsonRequests.readObject(request, json, MAX_BODY_BYTES);
    if (body.refused()) {
      return body.problem();
    }
    BigDecimal target = number(body.json().get("target"));
    if (target == null || target.signum() < 0 || target.compareTo(new BigDecimal("1000000000000")) >= 0
        || target.stripTrailingZeros().scale() > 4) {
      return problem(HttpStatus.BAD_REQUEST, "target 须为不小于0的数字 / target must be a number, 0 or more", "target");
    }
    return ResponseEntity.ok(projects.putTarget(code, unit, measure.get(), target, caller.getUserId()));
  }

  /** Whether a decision of this key is deployed (whoever asks: the caller may not read decision definitions). */
  private boolean deployedDecision(String key) {
    return SystemContext.call(identityService,
        () -> repositoryService.createDecisionDefinitionQuery().decisionDefinitionKey(key).count() > 0);
  }

  private static List<String> groups(Authentication caller) {
    return caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
  }

  /**
   * Whether the caller sees the project: cross-organisation supervisors and admins see all; others see a project
   * owned by or run in a unit of theirs (a unit whose caseworkers or supervisors they are), above or below it.
   */
  static boolean visible(Project project, List<String> groups) {
    if (groups.contains(Groups.SUPERVISORS) || Groups.isAdministrator(groups)) {
      return true;
    }
    List<String> mine = new ArrayList<>();
    for (String group : groups) {
      String unit = OrganisationUnit.unitOfGroup(group);
      if (unit != null && !Providers.isProvider(unit)) {
        mine.add(unit);
      }
    }
    for (String unit : project.allUnits()) {
      for (String own : mine) {
        if (unit.equals(own) || OrganisationUnits.ancestorCodes(unit).contains(own)
            || OrganisationUnits.ancestorCodes(own).contains(unit)) {
          return true;
        }
      }
    }
    return false;
  }

  private Map<String, Object> describe(Project project) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("code", project.code());
    row.put("name", project.name());
    row.put("owningUnit", project.owningUnit());
    row.put("type", project.type());
    row.put("service", project.service());
    row.put("startsOn", project.startsOn().toString());
    row.put("endsOn", project.endsOn().toString());
    row.put("fundCode", project.fundCode());
    row.put("fundYear", project.fundYear());
    row.put("budget", project.budget());
    row.put("eligibilityDecision", project.eligibilityDecision());
    row.put("status", project.status());
    row.put("units", project.units());
    return row;
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw RefusedInputException.of(field, field + " 须为文字", field + " must be text");
    }
    return value.asText();
  }

  private static Integer integer(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw RefusedInputException.of(field, field + " 须为整数", field + " must be a whole number");
    }
    return value.asInt();
  }

  private static BigDecimal amount(JsonNode body, String field) {
    JsonNode value = body.get(field);
    BigDecimal amount = number(value);
    if (value != null && !value.isNull() && amount == null) {
      throw RefusedInputException.of(field, field + " 须为数字", field + " must be a number");
    }
    return amount;
  }

  private static BigDecimal number(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    try {
      if (value.isNumber()) {
        return value.decimalValue();
      }
      return value.isTextual() ? new BigDecimal(value.asText()) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static List<String> texts(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray() || value.size() > 200) {
      throw RefusedInputException.of(field, field + " 须为单位代码列表", field + " must be a list of unit codes");
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw RefusedInputException.of(field, field + " 须为单位代码列表", field + " must be a list of unit codes");
      }
      texts.add(element.asText());
    }
    return texts;
  }
}
