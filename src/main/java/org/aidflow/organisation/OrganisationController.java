package org.aidflow.organisation;

import static org.aidflow.shared.JsonRequests.problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aidflow.shared.AlreadyExistsException;
import org.aidflow.shared.Groups;
import org.aidflow.shared.JsonRequests.JsonBody;
import org.aidflow.shared.JsonRequests;
import org.aidflow.shared.RefusedInputException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Organisation units over HTTP (docs/organisation-units.md): {@code GET /api/organisations} for any signed-in user,
 * {@code POST /api/organisations} ({@code {"code": "union-330106", "name": "西湖区总工会"}}) and
 * {@code PATCH /api/organisations/{code}} ({@code {"name": ..., "active": false}}) for {@code admins}; and
 * {@code POST /api/referrals/{id}/transfer} ({@code {"unit": "union-3302", "reason": ...}}) for the supervisors of the
 * unit holding the referral or a unit above it. Errors are problem+json naming the field.
 */
@RestController
public class OrganisationController {

  private static final int MAX_BODY_BYTES = 8 * 1024;
  private static final int MAX_REASON_LENGTH = 500;

  private final OrganisationUnits units;
  private final OrganisationService organisations;
  private final ReferralTransfer transfers;
  private final IdentityService identityService;
  private final Providers providers;
  private final ObjectMapper json = new ObjectMapper();

  public OrganisationController(OrganisationUnits units, OrganisationService organisations,
      ReferralTransfer transfers, IdentityService identityService, Providers providers) {
    this.providers = providers;
    this.units = units;
    this.organisations = organisations;
    this.transfers = transfers;
    this.identityService = identityService;
  }

  @GetMapping(path = "/api/organisations", produces = "application/json")
  public List<Map<String, Object>> list() {
    return units.all().stream().map(this::describe).toList();
  }

  @GetMapping(path = "/api/organisations/{code}", produces = "application/json")
  public ResponseEntity<?> one(@PathVariable String code) {
    return units.find(code).<ResponseEntity<?>>map(unit -> ResponseEntity.ok(describe(unit)))
        .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "没有该单位 / no such unit", "code"));
  }

  @PostMapping(path = "/api/organisations", produces = "application/json")
  public ResponseEntity<?> create(HttpServletRequest request) throws IOException {
    if (!isAdmin()) {
      return problem(HttpStatus.FORBIDDEN, "仅系统管理员可管理单位 / only admins manage units", "user");
    }
    JsonBody body = JsonRequests.readObject(request, json, MAX_BODY_BYTES);
    if (body.refused()) {
      return body.problem();
    }
    try {
      String code = text(body.json(), "code");
      OrganisationUnit unit = Providers.isProvider(code)
          ? organisations.createProvider(code, text(body.json(), "name"), texts(body.json(), "services"),
              texts(body.json(), "regions"))
          : organisations.create(code, text(body.json(), "name"));
      return ResponseEntity.created(URI.create("/api/organisations/" + unit.code())).body(describe(unit));
    } catch (RefusedInputException e) {
      return JsonRequests.refused(e);
    } catch (AlreadyExistsException e) {
      return JsonRequests.conflict(e);
    }
  }

  @PatchMapping(path = "/api/organisations/{code}", produces = "application/json")
  public ResponseEntity<?> update(@PathVariable String code, HttpServletRequest request) throws IOException {
    if (!isAdmin()) {
      return problem(HttpStatus.FORBIDDEN, "仅系统管理员可管理单位 / only admins manage units", "user");
    }
    Optional<OrganisationUnit> found = units.find(code);
    if (found.isEmpty()) {
      return problem(HttpStatus.NOT_FOUND, "没有该单位 / no such unit", "code");
    }
    JsonBody body = JsonRequests.readObject(request, json, MAX_BODY_BYTES);
    if (body.refused()) {
      return body.problem();
    }
    JsonNode active = body.json().get("active");
    if (active != null && !active.isBoolean()) {
      return problem(HttpStatus.BAD_REQUEST, "active 须为 true 或 false / active must be true or false", "active");
    }
    JsonNode name = body.json().get("name");
    if (name != null && !name.isTextual()) {
      return problem(HttpStatus.BAD_REQUEST, "name 须为文字 / name must be text", "name");
    }
    try {
      List<String> services = texts(body.json(), "services");
      List<String> regions = texts(body.json(), "regions");
      if (body.json().has("services") || body.json().has("regions")) {
        organisations.updateProvider(found.get(), body.json().has("services") ? nonNull(services, "services") : null,
            body.json().has("regions") ? nonNull(regions, "regions") : null);
      }
      Optional<OrganisationService.Moved> moved = organisations.update(found.get(), name == null ? null : name.asText(),
          active == null ? null : active.asBoolean());
      Map<String, Object> answer = describe(units.find(code).orElseThrow());
      moved.ifPresent(m -> answer.put("movedTo", Map.of("unit", m.to(), "cases", m.cases(), "referrals",
          m.referrals(), "tasks", m.tasks())));
      return ResponseEntity.ok(answer);
    } catch (RefusedInputException e) {
      return JsonRequests.refused(e);
    }
  }

  @PostMapping(path = "/api/referrals/{id}/transfer", produces = "application/json")
  public ResponseEntity<?> transfer(@PathVariable String id, HttpServletRequest request) throws IOException {
    if (!id.matches("\\d{1,18}")) {
      return problem(HttpStatus.BAD_REQUEST, "转介编号应为数字 / the referral id is a number", "id");
    }
    long referralId = Long.parseLong(id);
    if (transfers.readable(referralId).isEmpty()) {
      return problem(HttpStatus.NOT_FOUND, "未找到转介 / no such referral", "id");
    }
    JsonBody body = JsonRequests.readObject(request, json, MAX_BODY_BYTES);
    if (body.refused()) {
      return body.problem();
    }
    String unit = text(body.json(), ReferralTransfer.UNIT);
    String reason = text(body.json(), ReferralTransfer.REASON);
    reason = reason == null ? "" : reason.strip();
    if (unit == null || unit.isBlank()) {
      return problem(HttpStatus.BAD_REQUEST, "请填写接收单位代码 / unit: the receiving unit's code", "unit");
    }
    if (reason.isEmpty() || reason.length() > MAX_REASON_LENGTH) {
      return problem(HttpStatus.BAD_REQUEST, "请填写转交原因（1至500字） / reason: 1 to 500 characters", "reason");
    }
    try {
      return switch (transfers.transfer(referralId, unit, reason)) {
        case NO_SUCH_REFERRAL -> problem(HttpStatus.NOT_FOUND, "未找到转介 / no such referral", "id");
        case NOT_ALLOWED -> problem(HttpStatus.FORBIDDEN, "仅接收单位及上级单位主管可转交 / only the supervisors of the "
            + "receiving unit or a unit above it may transfer the referral", "id");
        case ENDED -> problem(HttpStatus.CONFLICT, "转介已结束 / the referral has ended", "id");
        case TRANSFERRED -> ResponseEntity.ok(Map.of("id", referralId, "unit", unit));
      };
    } catch (RefusedInputException e) {
      return JsonRequests.refused(e);
    }
  }

  private boolean isAdmin() {
    Authentication caller = identityService.getCurrentAuthentication();
    return caller != null && Groups.isAdministrator(caller.getGroupIds());
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  /** A list of texts, or null when the field is absent or not such a list. */
  private static List<String> texts(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.isArray() || value.size() > 50) {
      return null;
    }
    List<String> texts = new java.util.ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        return null;
      }
      texts.add(element.asText());
    }
    return texts;
  }

  private static List<String> nonNull(List<String> values, String field) {
    if (values == null) {
      throw RefusedInputException.of(field, field + " 须为文字列表", field + " must be a list of texts");
    }
    return values;
  }

  private Map<String, Object> describe(OrganisationUnit unit) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("code", unit.code());
    row.put("type", unit.type());
    row.put("region", unit.region());
    row.put("level", unit.level());
    row.put("name", unit.name());
    row.put("parent", unit.parent());
    row.put("active", unit.active());
    row.put("caseworkersGroup", unit.caseworkersGroup());
    row.put("supervisorsGroup", unit.supervisorsGroup());
    if (Providers.TYPE.equals(unit.type())) {
      row.put("services", providers.servicesOf(unit.code()));
      row.put("regions", providers.regionsOf(unit.code()));
    }
    return row;
  }
}
