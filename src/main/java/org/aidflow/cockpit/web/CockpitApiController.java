package org.aidflow.cockpit.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.aidflow.cockpit.projection.ProjectionRebuild;
import org.aidflow.cockpit.report.CockpitFilter;
import org.aidflow.cockpit.report.CockpitIndicators;
import org.aidflow.cockpit.report.CockpitReportCsv;
import org.aidflow.servicelevel.ServiceLevelStep;
import org.aidflow.shared.SystemContext;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cockpit's API for HTTP Basic callers (the dashboard page uses the Camunda webapp session instead):
 * {@code GET /api/cockpit/indicators}, {@code GET /api/cockpit/indicators.csv}, {@code GET /api/cockpit/overdue},
 * and for administrators {@code POST /api/cockpit/projections/rebuild}.
 */
@RestController
public class CockpitApiController {

  private final CockpitIndicators indicators;
  private final CockpitAccess access;
  private final ProjectionRebuild rebuild;
  private final IdentityService identityService;
  private final Clock clock;

  public CockpitApiController(CockpitIndicators indicators, CockpitAccess access, ProjectionRebuild rebuild,
      IdentityService identityService, Clock clock) {
    this.indicators = indicators;
    this.access = access;
    this.rebuild = rebuild;
    this.identityService = identityService;
    this.clock = clock;
  }

  @GetMapping(path = "/api/cockpit/indicators", produces = MediaType.APPLICATION_JSON_VALUE)
  public CockpitIndicators.Report report(@RequestParam(required = false) String org,
      @RequestParam(required = false) String region, @RequestParam(required = false) String unit,
      @RequestParam(required = false) String year, @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    return indicators.report(filter(org, region, unit, year, from, to));
  }

  @GetMapping(path = "/api/cockpit/indicators.csv")
  public ResponseEntity<byte[]> csv(@RequestParam(required = false) String org,
      @RequestParam(required = false) String region, @RequestParam(required = false) String unit,
      @RequestParam(required = false) String year, @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    CockpitFilter filter = filter(org, region, unit, year, from, to);
    byte[] body = CockpitReportCsv.of(indicators.report(filter)).getBytes(StandardCharsets.UTF_8);
    String name = "cockpit-" + filter.from() + "-" + filter.to() + ".csv";
    return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"").body(body);
  }

  @GetMapping(path = "/api/cockpit/overdue", produces = MediaType.APPLICATION_JSON_VALUE)
  public List<CockpitIndicators.OverdueStep> overdue(@RequestParam(required = false) String step,
      @RequestParam(required = false) String org, @RequestParam(required = false) String region,
      @RequestParam(required = false) String unit, @RequestParam(required = false) String year,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    ServiceLevelStep serviceLevelStep = step(step);
    return indicators.overdue(filter(org, region, unit, year, from, to), serviceLevelStep);
  }

  @PostMapping(path = "/api/cockpit/projections/rebuild", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> rebuild() {
    if (!access.mayRebuild(viewer())) {
      throw new CockpitAccess.Forbidden("仅管理员可重建驾驶舱数据 / only administrators may rebuild the projections");
    }
    // the rebuild reads every case's history, which no single organisation may read
    ProjectionRebuild.Outcome outcome = SystemContext.call(identityService, rebuild::rebuildAll);
    return Map.of("rebuiltCases", outcome.rebuiltCases(), "skippedCases", outcome.skippedCases());
  }

  static ServiceLevelStep step(String step) {
    return ServiceLevelStep.ofCode(step == null ? "" : step).orElseThrow(() -> new CockpitFilter.InvalidFilter("step",
        "step 须为 verification、acceptance、plan、delivery 之一 / step must be verification, acceptance, plan or delivery"));
  }

  private CockpitFilter filter(String org, String region, String unit, String year, String from, String to) {
    CockpitFilter filter = CockpitFilter.parse(org, region, unit, year, from, to, YearMonth.now(clock));
    return access.restrict(filter, viewer());
  }

  private CockpitAccess.Viewer viewer() {
    Authentication authentication = identityService.getCurrentAuthentication();
    if (authentication == null) {
      throw new CockpitAccess.Forbidden("未登录 / not signed in");
    }
    return new CockpitAccess.Viewer(authentication.getUserId(),
        authentication.getGroupIds() == null ? List.of() : authentication.getGroupIds());
  }

  @ExceptionHandler(CockpitFilter.InvalidFilter.class)
  public ResponseEntity<ProblemDetail> invalid(CockpitFilter.InvalidFilter e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("筛选条件无效 / invalid filter");
    problem.setProperty("parameter", e.parameter());
    return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  @ExceptionHandler(CockpitAccess.Forbidden.class)
  public ResponseEntity<ProblemDetail> forbidden(CockpitAccess.Forbidden e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
    problem.setInstance(URI.create("/api/cockpit"));
    return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }
}
