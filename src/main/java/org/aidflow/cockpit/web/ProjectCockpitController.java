package org.aidflow.cockpit.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.aidflow.cockpit.report.CockpitFilter;
import org.aidflow.cockpit.report.ProjectIndicators;
import org.aidflow.cockpit.report.ProjectIndicators.ProjectReport;
import org.aidflow.project.Projects;
import org.aidflow.project.Projects.Project;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The cockpit's project figures (docs/projects.md) with the access rule of its indicators ({@link CockpitAccess}: a
 * unit's supervisors see their unit and the units below it, the cross-organisation supervisors everything): as JSON,
 * {@code GET /api/cockpit/projects?year=} and {@code GET /api/cockpit/projects/{code}} for HTTP Basic callers, and as
 * the project view {@code GET /cockpit-dashboard/projects} (and {@code /{code}}) for the webapp session, rendered
 * from templates/cockpit/projects.html under the dashboard's strict CSP (no script; bars are server-rendered SVG).
 */
@RestController
public class ProjectCockpitController {

  static final String PAGE = "/cockpit-dashboard/projects";
  private static final String LOGIN = "/camunda/app/cockpit/default/";

  private final ProjectIndicators indicators;
  private final Projects projects;
  private final CockpitAccess access;
  private final IdentityService identityService;
  private final ProcessEngine engine;
  private final TemplateEngine templates;
  private final Clock clock;

  public ProjectCockpitController(ProjectIndicators indicators, Projects projects, CockpitAccess access,
      IdentityService identityService, ProcessEngine engine, TemplateEngine templates, Clock clock) {
    this.indicators = indicators;
    this.projects = projects;
    this.access = access;
    this.identityService = identityService;
    this.engine = engine;
    this.templates = templates;
    this.clock = clock;
  }

  @GetMapping(path = "/api/cockpit/projects", produces = MediaType.APPLICATION_JSON_VALUE)
  public List<ProjectReport> reports(@RequestParam(required = false) String year) {
    return indicators.reports(year(year), visible(apiViewer()));
  }

  @GetMapping(path = "/api/cockpit/projects/{code}", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<?> report(@PathVariable String code) {
    Set<String> visible = visible(apiViewer());
    Optional<Project> project = projects.find(code);
    if (project.isEmpty()) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "没有该项目 / no such project");
      problem.setProperty("parameter", "code");
      return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
    return ResponseEntity.ok(report(project.get(), visible));
  }

  @GetMapping(path = {PAGE, PAGE + "/"})
  public ResponseEntity<String> page(HttpServletRequest request, @RequestParam(required = false) String year) {
    return page(request, null, year);
  }

  @GetMapping(path = PAGE + "/{code}")
  public ResponseEntity<String> projectPage(HttpServletRequest request, @PathVariable String code) {
    return page(request, code, null);
  }

  private ResponseEntity<String> page(HttpServletRequest request, String code, String year) {
    CockpitAccess.Viewer viewer = webViewer(request);
    if (viewer == null) {
      return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, LOGIN).build();
    }
    Context context = new Context(java.util.Locale.SIMPLIFIED_CHINESE);
    HttpStatus status = HttpStatus.OK;
    try {
      Set<String> visible = visible(viewer);
      List<ProjectReport> reports;
      if (code == null) {
        int shownYear = year(year);
        context.setVariable("year", shownYear);
        reports = indicators.reports(shownYear, visible);
      } else {
        Project project = projects.find(code).orElseThrow(() -> new CockpitFilter.InvalidFilter("code",
            "没有该项目 / no such project"));
        reports = List.of(report(project, visible));
      }
      context.setVariable("projects", reports.stream().map(ProjectsPage::of).toList());
      context.setVariable("single", code != null);
    } catch (CockpitFilter.InvalidFilter e) {
      status = HttpStatus.BAD_REQUEST;
      context.setVariable("error", e.getMessage());
      context.setVariable("errorParameter", e.parameter());
    } catch (CockpitAccess.Forbidden e) {
      status = HttpStatus.FORBIDDEN;
      context.setVariable("error", e.getMessage());
    }
    context.setVariable("bar", ProjectsPage.BAR);
    String html = templates.process("cockpit/projects", context);
    return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .header("Content-Security-Policy", CockpitDashboardController.CSP).header(HttpHeaders.CACHE_CONTROL, "no-store").body(html);
  }

  private ProjectReport report(Project project, Set<String> visible) {
    if (project.allUnits().stream().noneMatch(visible::contains)) {
      throw new CockpitAccess.Forbidden("只能查看本单位及下级单位的项目 / you may see the projects of your units only");
    }
    return indicators.report(project, visible);
  }

  /** The units whose rows the viewer sees; none is a refusal. */
  private Set<String> visible(CockpitAccess.Viewer viewer) {
    Set<String> visible = access.visibleUnits(viewer).keySet();
    if (visible.isEmpty()) {
      throw new CockpitAccess.Forbidden("驾驶舱仅供督导人员查看 / the cockpit is for supervisors");
    }
    return visible;
  }

  private int year(String year) {
    return year == null || year.isBlank() ? LocalDate.now(clock).getYear() : CockpitFilter.year(year);
  }

  private CockpitAccess.Viewer apiViewer() {
    return CockpitAccess.Viewer.ofApi(identityService);
  }

  private CockpitAccess.Viewer webViewer(HttpServletRequest request) {
    return CockpitAccess.Viewer.ofWebapp(request, engine);
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
    problem.setInstance(URI.create("/api/cockpit/projects"));
    return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }
}
