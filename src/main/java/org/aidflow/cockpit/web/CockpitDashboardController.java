package org.aidflow.cockpit.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aidflow.cockpit.report.CockpitFilter;
import org.aidflow.cockpit.report.CockpitIndicators;
import org.aidflow.cockpit.report.CockpitReportCsv;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.servicelevel.ServiceLevelStep;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.shared.Organisation;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The dashboard (驾驶舱) pages for supervisors signed in to Camunda Cockpit: they read the Camunda webapp session, so
 * no second login. The overview ({@code /cockpit-dashboard}), the late cases of a step ({@code /overdue}) and the
 * per-unit comparison ({@code /units}) are Thymeleaf templates (templates/cockpit/, escaping by default) over
 * {@link DashboardView}; charts are SVG drawn on the server, the styles a file of the same origin, no script. Each
 * number carries {@code data-indicator} (and the raw value in {@code data-value}) so a browser test can compare it with
 * the API.
 */
@Controller
public class CockpitDashboardController {

  static final String PATH = "/cockpit-dashboard";
  /** Where a signed-out visitor signs in; Cockpit returns to its own start page afterwards. */
  private static final String LOGIN = "/camunda/app/cockpit/default/";
  /** No script at all; styles from the page's own origin only (static/cockpit-dashboard/dashboard.css). */
  static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
      + " frame-ancestors 'self'; base-uri 'none'";

  private final CockpitIndicators indicators;
  private final CockpitAccess access;
  private final OrganisationUnits units;
  private final ProcessEngine engine;
  private final Clock clock;

  public CockpitDashboardController(CockpitIndicators indicators, CockpitAccess access, OrganisationUnits units,
      ProcessEngine engine, Clock clock) {
    this.indicators = indicators;
    this.access = access;
    this.units = units;
    this.engine = engine;
    this.clock = clock;
  }

  /** Every answer of these pages, the refusals included: the strict policy, and not kept in caches. */
  @ModelAttribute
  void headers(HttpServletResponse response) {
    response.setHeader("Content-Security-Policy", CSP);
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
  }

  @GetMapping(path = {PATH, PATH + "/"})
  public String dashboard(HttpServletRequest request, @RequestParam(required = false) String org,
      @RequestParam(required = false) String region, @RequestParam(required = false) String unit,
      @RequestParam(required = false) String year,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model) {
    CockpitAccess.Viewer viewer = viewer(request);
    if (viewer == null) {
      return "redirect:" + LOGIN;
    }
    CockpitFilter filter = filter(viewer, org, region, unit, year, from, to);
    model.addAttribute("title", "驾驶舱");
    model.addAttribute("page", DashboardView.dashboard(indicators.report(filter), unit, access.visibleUnits(viewer),
        DashboardView.query(DashboardView.parameters(org, region, unit, year, from, to))));
    return "cockpit/dashboard";
  }

  @GetMapping(path = PATH + "/overdue")
  public String overdue(HttpServletRequest request, @RequestParam(required = false) String step,
      @RequestParam(required = false) String org, @RequestParam(required = false) String region,
      @RequestParam(required = false) String unit, @RequestParam(required = false) String year,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model) {
    CockpitAccess.Viewer viewer = viewer(request);
    if (viewer == null) {
      return "redirect:" + LOGIN;
    }
    ServiceLevelStep serviceLevelStep = CockpitApiController.step(step);
    CockpitFilter filter = filter(viewer, org, region, unit, year, from, to);
    model.addAttribute("title", "超期案件：" + serviceLevelStep.shortLabel());
    model.addAttribute("page", DashboardView.overdue(serviceLevelStep, indicators.overdue(filter, serviceLevelStep),
        DashboardView.query(DashboardView.parameters(org, region, unit, year, from, to))));
    return "cockpit/overdue";
  }

  /**
   * The units the viewer may see side by side for a year: per indicator with a target, each unit's actual (the unit
   * and the units below it, as the overview filtered by that unit), target and 匹配度; units in region-code order.
   */
  @GetMapping(path = PATH + "/units")
  public String units(HttpServletRequest request, @RequestParam(required = false) String year, Model model) {
    CockpitAccess.Viewer viewer = viewer(request);
    if (viewer == null) {
      return "redirect:" + LOGIN;
    }
    CockpitFilter whole = filter(viewer, null, null, null, year, null, null);
    Map<String, String> visible = access.visibleUnits(viewer);
    List<OrganisationUnit> shown = units.all().stream().filter(u -> visible.containsKey(u.code()))
        .filter(u -> Organisation.codes().contains(u.type())).toList();
    Map<String, CockpitIndicators.Report> reports = new LinkedHashMap<>();
    for (OrganisationUnit unit : shown) {
      reports.put(unit.code(), indicators.report(access.restrict(whole.withOrgs(null).withUnits(List.of(unit.code())),
          viewer)));
    }
    model.addAttribute("title", "单位对比");
    model.addAttribute("page", DashboardView.comparison(whole.from().getYear(), shown, reports,
        IntakeVocabulary.dateTime(LocalDateTime.now(clock))));
    return "cockpit/units";
  }

  /** The monthly report for the signed-in supervisor, as the API's CSV. */
  @GetMapping(path = PATH + "/report.csv")
  public ResponseEntity<byte[]> csv(HttpServletRequest request, @RequestParam(required = false) String org,
      @RequestParam(required = false) String region, @RequestParam(required = false) String unit,
      @RequestParam(required = false) String year,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    CockpitAccess.Viewer viewer = viewer(request);
    if (viewer == null) {
      return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, LOGIN).build();
    }
    CockpitFilter filter = filter(viewer, org, region, unit, year, from, to);
    return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"cockpit-" + filter.from() + "-"
            + filter.to() + ".csv\"")
        .body(CockpitReportCsv.of(indicators.report(filter)).getBytes(StandardCharsets.UTF_8));
  }

  @ExceptionHandler(CockpitFilter.InvalidFilter.class)
  public ModelAndView invalid(CockpitFilter.InvalidFilter e) {
    return refusal(HttpStatus.BAD_REQUEST, "筛选条件无效", e.getMessage(), e.parameter());
  }

  @ExceptionHandler(CockpitAccess.Forbidden.class)
  public ModelAndView forbidden(CockpitAccess.Forbidden e) {
    return refusal(HttpStatus.FORBIDDEN, "无权查看", e.getMessage(), null);
  }

  private static ModelAndView refusal(HttpStatus status, String title, String message, String parameter) {
    ModelAndView page = new ModelAndView("cockpit/refused", status);
    page.addObject("title", title);
    page.addObject("message", message);
    page.addObject("parameter", parameter);
    return page;
  }

  private CockpitFilter filter(CockpitAccess.Viewer viewer, String org, String region, String unit, String year,
      String from, String to) {
    return access.restrict(CockpitFilter.parse(org, region, unit, year, from, to, YearMonth.now(clock)), viewer);
  }

  /** The user signed in to the Camunda webapps on this engine, or null. */
  private CockpitAccess.Viewer viewer(HttpServletRequest request) {
    return CockpitAccess.Viewer.ofWebapp(request, engine);
  }
}
