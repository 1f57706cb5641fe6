package org.aidflow.campaign;

import static org.aidflow.shared.JsonRequests.problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.shared.Groups;
import org.aidflow.shared.JsonRequests;
import org.aidflow.shared.JsonRequests.JsonBody;
import org.aidflow.shared.ProcessVariables;
import org.aidflow.shared.SystemContext;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The batches of the cash campaigns (docs/campaigns.md). {@code POST /api/campaigns/{project}/batches}: the project's
 * owning unit's supervisors start a batch (403 for anybody else, 409 while another batch of the project is open).
 * {@code GET /api/campaigns/batches/{id}}: the batch with its counts, progress (paid/total) and households, for the
 * owning unit's supervisors, those of the units above and the cross-organisation supervisors.
 * {@code POST /api/campaigns/batches/{id}/households/{n}/exclusion} with {@code {"reason": "…"}}: the owning unit's
 * supervisors leave a household out while the batch is in review (409 after its approval). Everything answered
 * comes from AidFlow's tables, never from process variables; errors are problem+json naming the field.
 */
@RestController
public class CampaignApiController {

  static final String REASON = "reason";
  private static final int MAX_REASON = 500;
  private static final int MAX_BODY_BYTES = 4096;
  private static final int MAX_PAGE = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(CampaignApiController.class);

  private final CampaignBatches batches;
  private final RuntimeService runtimeService;
  private final IdentityService identityService;
  private final java.time.Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public CampaignApiController(CampaignBatches batches, RuntimeService runtimeService,
      IdentityService identityService, java.time.Clock clock) {
    this.batches = batches;
    this.runtimeService = runtimeService;
    this.identityService = identityService;
    this.clock = clock;
  }

  @Operation(summary = "发起项目发放批次 / start a batch of a cash campaign (the owning unit's supervisors)",
      description = "201 with the batch; 403 unless a supervisor of the project's owning unit; 404 unknown project; "
          + "409 not an active cash campaign with a fund, outside the project's period, or another batch of the project is open.")
  @PostMapping(path = "/api/campaigns/{project}/batches")
  public ResponseEntity<?> start(@PathVariable("project") String projectCode) {
    Authentication user = identityService.getCurrentAuthentication();
    var found = batches.project(projectCode);
    if (found.isEmpty()) {
      return problem(HttpStatus.NOT_FOUND, "没有该项目 / no such project", "project");
    }
    org.aidflow.project.Projects.Project project = found.get();
    if (!isOwningSupervisor(user, project.owningUnit())) {
      return problem(HttpStatus.FORBIDDEN, "仅项目主办单位的主管可以发起发放批次 / only the supervisors of the project's "
          + "owning unit start a batch", "user");
    }
    if (!project.cashCampaign() || !"ACTIVE".equals(project.status()) || project.fundCode() == null
        || project.fundYear() == null) {
      return problem(HttpStatus.CONFLICT, "该项目不是进行中、有资金的现金类项目 / not an active cash campaign with a fund",
          "project");
    }
    java.time.LocalDate today = java.time.LocalDate.now(clock);
    if (today.isBefore(project.startsOn()) || today.isAfter(project.endsOn())) {
      return problem(HttpStatus.CONFLICT, "不在项目期内（" + project.startsOn() + " 至 " + project.endsOn()
          + "） / outside the project's period", "project");
    }
    var open = batches.openBatchOf(project.code());
    if (open.isPresent()) {
      return problem(HttpStatus.CONFLICT, "该项目已有进行中的批次 " + open.get() + " / another batch of the project is open",
          "project");
    }
    long batchId = batches.create(project, user.getUserId());
    ProcessInstance instance = SystemContext.call(identityService, () -> runtimeService
        .startProcessInstanceByKey(CampaignBatchModel.PROCESS_KEY, CampaignBatchModel.businessKey(batchId)));
    batches.recordInstance(batchId, instance.getId());
    LOG.info("campaign batch {} of project {} started by {}", batchId, project.code(), user.getUserId());
    return ResponseEntity.created(URI.create("/api/campaigns/batches/" + batchId)).body(view(batchId, 0, 0));
  }

  @Operation(summary = "发放批次 / a campaign batch: status, counts, progress (paid/total) and households",
      description = "households from offset (default 0), at most limit (default 100, up to 1000). 403 unless a "
          + "supervisor of the owning unit, of a unit above it, or a cross-organisation supervisor; 404 unknown.")
  @GetMapping(path = "/api/campaigns/batches/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<?> get(@PathVariable("id") long batchId,
      @RequestParam(name = "offset", defaultValue = "0") int offset,
      @RequestParam(name = "limit", defaultValue = "100") int limit) {
    var batch = batches.batch(batchId);
    if (batch.isEmpty()) {
      return problem(HttpStatus.NOT_FOUND, "没有该批次 / no such batch", "id");
    }
    if (!mayRead(identityService.getCurrentAuthentication(), batch.get().owningUnit())) {
      return problem(HttpStatus.FORBIDDEN, "无权查看该批次 / you may not read this batch", "user");
    }
    if (offset < 0) {
      return problem(HttpStatus.BAD_REQUEST, "offset 须不小于0 / offset must be 0 or more", "offset");
    }
    if (limit < 0 || limit > MAX_PAGE) {
      return problem(HttpStatus.BAD_REQUEST, "limit 须在0到1000之间 / limit must be 0 to 1000", "limit");
    }
    return ResponseEntity.ok(view(batchId, offset, limit));
  }

  @Operation(summary = "排除发放家庭 / leave a household out of a batch in review, with the reason",
      description = "Body {\"reason\":\"…\"} (1–500 characters). 204; 400 naming reason; 403 unless a supervisor of the "
          + "owning unit; 404 unknown batch or household; 409 once the batch is decided, or the household is not "
          + "listed.")
  @PostMapping(path = "/api/campaigns/batches/{id}/households/{n}/exclusion")
  public ResponseEntity<?> exclude(@PathVariable("id") long batchId, @PathVariable("n") long householdId,
      HttpServletRequest request) throws IOException {
    var batch = batches.batch(batchId);
    if (batch.isEmpty()) {
      return problem(HttpStatus.NOT_FOUND, "没有该批次 / no such batch", "id");
    }
    Authentication user = identityService.getCurrentAuthentication();
    if (!isOwningSupervisor(user, batch.get().owningUnit())) {
      return problem(HttpStatus.FORBIDDEN, "仅项目主办单位的主管可以排除家庭 / only the supervisors of the project's "
          + "owning unit exclude households", "user");
    }
    JsonBody body = JsonRequests.readObject(request, json, MAX_BODY_BYTES);
    if (body.refused()) {
      return body.problem();
    }
    JsonNode reasonNode = body.json().get(REASON);
    String reason = reasonNode != null && reasonNode.isTextual() ? reasonNode.asText().strip() : "";
    if (reason.isEmpty() || reason.length() > MAX_REASON) {
      return problem(HttpStatus.BAD_REQUEST, "请填写排除理由（1至500字） / give the reason, 1 to 500 characters", REASON);
    }
    return switch (batches.exclude(batchId, householdId, reason, user.getUserId())) {
      case EXCLUDED -> {
        refreshHeader(batch.get());
        yield ResponseEntity.noContent().build();
      }
      case UNKNOWN_HOUSEHOLD -> problem(HttpStatus.NOT_FOUND, "本批次没有该家庭 / no such household in the batch", "n");
      case NOT_IN_REVIEW -> problem(HttpStatus.CONFLICT, "批次已审批或结束，不能再排除 / the batch is decided, no more "
          + "exclusions", "id");
      case NOT_LISTED -> problem(HttpStatus.CONFLICT, "该家庭未列入发放 / the household is not listed", "n");
    };
  }

  /** The review task's form shows the counts after the exclusion (a display copy). */
  private void refreshHeader(CampaignBatches.Batch batch) {
    if (batch.processInstanceId() != null) {
      String header = batches.header(batch.id());
      SystemContext.call(identityService, () -> {
        runtimeService.setVariable(batch.processInstanceId(), ProcessVariables.BATCH_SUMMARY, header);
        return null;
      });
    }
  }

  private Map<String, Object> view(long batchId, int offset, int limit) {
    CampaignBatches.Batch batch = batches.batchOrFail(batchId);
    CampaignBatches.Summary summary = batches.summary(batchId);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", batch.id());
    view.put("project", batch.project());
    view.put("projectName", batches.project(batch.project()).map(org.aidflow.project.Projects.Project::name).orElse(null));
    view.put("owningUnit", batch.owningUnit());
    view.put("fund", batch.fundCode());
    view.put("fundYear", batch.fundYear());
    view.put("status", batch.status());
    view.put("startedBy", batch.startedBy());
    view.put("startedAt", batch.startedAt());
    view.put("approvedBy", batch.approvedBy());
    view.put("approvedAt", batch.approvedAt());
    view.put("finishedAt", batch.finishedAt());
    view.put("listed", summary.listed());
    view.put("excluded", summary.excluded());
    view.put("ineligible", summary.ineligible());
    view.put("paid", summary.paid());
    view.put("fundsShort", summary.fundsShort());
    view.put("pending", summary.pending());
    view.put("listedTotal", summary.listedTotal());
    view.put("paidTotal", summary.paidTotal());
    view.put("progress", summary.paid() + "/" + summary.listed());
    List<Map<String, Object>> households = new ArrayList<>();
    for (CampaignBatches.Household h : limit == 0 ? List.<CampaignBatches.Household>of()
        : batches.households(batchId, offset, limit)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("n", h.id());
      row.put("caseNumber", h.caseNumber());
      row.put("unit", h.unit());
      row.put("source", h.source());
      row.put("nameMasked", h.nameMasked());
      row.put("hardshipLevel", h.hardshipLevel());
      row.put("amount", h.amount());
      row.put("status", h.status());
      row.put("reason", h.reason());
      row.put("excludedBy", h.excludedBy());
      row.put("result", h.result());
      row.put("paidAt", h.paidAt());
      households.add(row);
    }
    view.put("households", households);
    return view;
  }

  /** A supervisor of the owning unit (its group), the only ones who start, exclude and approve. */
  static boolean isOwningSupervisor(Authentication user, String owningUnit) {
    return user != null && user.getGroupIds() != null
        && user.getGroupIds().contains(owningUnit + OrganisationUnit.SUPERVISORS);
  }

  /** The owning unit's supervisors, those of the units above it, and the cross-organisation supervisors. */
  static boolean mayRead(Authentication user, String owningUnit) {
    if (user == null || user.getGroupIds() == null) {
      return false;
    }
    if (user.getGroupIds().contains(Groups.SUPERVISORS) || isOwningSupervisor(user, owningUnit)) {
      return true;
    }
    return OrganisationUnits.ancestorCodes(owningUnit).stream()
        .anyMatch(unit -> user.getGroupIds().contains(unit + OrganisationUnit.SUPERVISORS));
  }
}
