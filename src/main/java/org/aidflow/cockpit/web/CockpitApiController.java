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
import org.aidflow.cockpit.report.CockpitTargets;
import org.aidflow.cockpit.report.Indicator;
import org.aidflow.organisation.OrganisationUnits;
import java.math.BigDecimal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.aidflow.servicelevel.ServiceLevelStep;
import org.aidflow.shared.SystemContext;
import org.camunda.bpm.engine.IdentityService;
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
 * {@code GET /api/cockpit/targets}, {@code PUT /api/cockpit/targets/{year}/{unit}/{indicator}} (the unit's
 * supervisors), and for administrators {@code POST /api/cockpit/projections/rebuild}.
 */
@RestController
public class CockpitApiController {

  private final CockpitIndicators indicators;
  private final CockpitAccess access;
  private final ProjectionRebuild rebuild;
  private final IdentityService identityService;
  private final Clock clock;
  private final CockpitTargets targets;
  private final OrganisationUnits units;

  public CockpitApiController(CockpitIndicators indicators, CockpitAccess access, ProjectionRebuild rebuild,
      IdentityService identityService, Clock clock, CockpitTargets targets, OrganisationUnits units) {
    this.targets = targets;
    this.units = units;
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
    CockpitAccess.Viewer viewer = viewer();
    if (!access.mayRebuild(viewer)) {
      throw new CockpitAccess.Forbidden("仅管理员可重建驾驶舱数据 / only administrators may rebuild the projections");
    }
    // the rebuild reads every case's history, which no single organisation may read
    ProjectionRebuild.Outcome outcome = SystemContext.call(identityService, () -> rebuild.rebuildAll(viewer.userId()));
    return Map.of("rebuiltCases", outcome.rebuiltCases(), "skippedCases", outcome.skippedCases());
  }

  /**
   * The targets of a year (default this year) the viewer may see: of one unit, or of every unit they see.
   */
  @GetMapping(path = "/api/cockpit/targets", produces = MediaType.APPLICATION_JSON_VALUE)
  public List<CockpitTargets.Target> targets(@RequestParam(required = false) String year,
      @RequestParam(required = false) String unit) {
    int targetYear = year == null || year.isBlank() ? YearMonth.now(clock).getYear() : CockpitFilter.year(year);
    CockpitAccess.Viewer viewer = viewer();
    java.util.Set<String> visible = access.visibleUnits(viewer).keySet();
    if (visible.isEmpty()) {
      throw new CockpitAccess.Forbidden("驾驶舱仅供督导人员查看 / the cockpit is for supervisors");
    }
    if (unit != null && !unit.isBlank()) {
      if (units.find(unit).isEmpty()) {
        throw new CockpitFilter.InvalidFilter("unit", "unit 须为已有单位的代码 / unit must be the code of a unit");
      }
      if (!visible.contains(unit)) {
        throw new CockpitAccess.Forbidden("只能查看本单位及下级单位的目标 / you may see your units' targets only");
      }
      return targets.list(targetYear, List.of(unit));
    }
    return targets.list(targetYear, List.copyOf(visible));
  }

  /** Sets one unit's target of one indicator for a year: {@code {"target": n}}, a fraction for rates. */
  @PutMapping(path = "/api/cockpit/targets/{year}/{unit}/{indicator}", produces = MediaType.APPLICATION_JSON_VALUE)
  public CockpitTargets.Target setTarget(@PathVariable String year, @PathVariable String unit,
      @PathVariable String indicator, @RequestBody(required = false) Map<String, Object> body) {
    int targetYear = CockpitFilter.year(year);
    if (units.find(unit).isEmpty()) {
      throw new CockpitFilter.InvalidFilter("unit", "unit 须为已有单位的代码 / unit must be the code of a unit");
    }
    Indicator which = Indicator.ofKey(indicator).orElseThrow(() -> new CockpitFilter.InvalidFilter("indicator",
        "indicator 须为驾驶舱指标名，如 casesReceived / indicator must be a cockpit indicator such as casesReceived"));
    BigDecimal target = target(which, body == null ? null : body.get("target"));
    CockpitAccess.Viewer viewer = viewer();
    if (!access.mayEditTargets(viewer, unit)) {
      throw new CockpitAccess.Forbidden("只有本单位督导可设定本单位目标 / only the unit's supervisors may set its targets");
    }
    targets.put(targetYear, unit, which, target, viewer.userId());
    return new CockpitTargets.Target(targetYear, unit, which.key(), target);
  }

  private static BigDecimal target(Indicator indicator, Object value) {
    BigDecimal target;
    try {
      target = value instanceof Number || value instanceof String ? new BigDecimal(value.toString()) : null;
    } catch (NumberFormatException e) {
      target = null;
    }
    boolean valid = target != null && target.signum() >= 0 && target.compareTo(new BigDecimal("1000000000000")) < 0
        && target.stripTrailingZeros().scale() <= 4 && (!indicator.isRate() || target.compareTo(BigDecimal.ONE) <= 0);
    if (!valid) {
      throw new CockpitFilter.InvalidFilter("target", indicator.isRate()
          ? "target 须为0至1之间的小数（如0.9表示90%） / target must be a fraction from 0 to 1 (0.9 is 90 %)"
          : "target 须为不小于0的数字 / target must be a number, 0 or more");
    }
    return CockpitTargets.plain(target);
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
    return CockpitAccess.Viewer.ofApi(identityService);
  }

  @ExceptionHandler(CockpitFilter.InvalidFilter.class)
  public ResponseEntity<ProblemDetail> invalid(CockpitFilter.InvalidFilter e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("筛选条件无效 / invalid filter");
    problem.setProperty("parameter", e.parameter());
    return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  @ExceptionHandler(ProjectionRebuild.AlreadyRunning.class)
  public ResponseEntity<ProblemDetail> rebuildRunning(ProjectionRebuild.AlreadyRunning e) {
    String since = e.claimedAt() == null ? "?" : e.claimedAt().toInstant().toString();
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "驾驶舱数据正在由 " + e.claimedBy()
        + " 重建（" + since + " 开始），完成后再试 / a rebuild asked for by " + e.claimedBy() + " at " + since
        + " is running: try again once it is done");
    problem.setTitle("重建正在进行 / a rebuild is running");
    problem.setProperty("claimedBy", e.claimedBy());
    problem.setProperty("claimedAt", since);
    return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  @ExceptionHandler(CockpitAccess.Forbidden.class)
  public ResponseEntity<ProblemDetail> forbidden(CockpitAccess.Forbidden e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
    problem.setInstance(URI.create("/api/cockpit"));
    return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }
}
