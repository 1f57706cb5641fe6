package org.aidflow.cockpit.web;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.aidflow.cockpit.report.CockpitFilter;
import org.aidflow.cockpit.report.CockpitIndicators;
import org.aidflow.cockpit.report.CockpitReportCsv;
import org.aidflow.servicelevel.ServiceLevelStep;
import org.aidflow.shared.WebappUser;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard (驾驶舱) page for supervisors signed in to Camunda Cockpit: it reads the Camunda webapp session, so
 * no second login; the figures are rendered on the server, charts as SVG, no script. Each number carries
 * {@code data-indicator} (and the raw value in {@code data-value}) so a browser test can compare it with the API.
 * This class answers the requests (sign-in, filter, access); {@link CockpitDashboardPage} renders the HTML.
 */
@RestController
public class CockpitDashboardController {

  static final String PATH = "/cockpit-dashboard";
  /** Where a signed-out visitor signs in; Cockpit returns to its own start page afterwards. */
  private static final String LOGIN = "/camunda/app/cockpit/default/";
  private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self';"
      + " frame-ancestors 'self'";

  private final CockpitIndicators indicators;
  private final CockpitAccess access;
  private final ProcessEngine engine;
  private final Clock clock;

  public CockpitDashboardController(CockpitIndicators indicators, CockpitAccess access, ProcessEngine engine,
      Clock clock) {
    this.indicators = indicators;
    this.access = access;
    this.engine = engine;
    this.clock = clock;
  }

  @GetMapping(path = {PATH, PATH + "/"})
  public ResponseEntity<String> dashboard(HttpServletRequest request, @RequestParam(required = false) String org,
      @RequestParam(required = false) String region, @RequestParam(required = false) String unit,
      @RequestParam(required = false) String year,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    return page(request, () -> {
      CockpitFilter filter = filter(request, org, region, unit, year, from, to);
      return CockpitDashboardPage.dashboard(indicators.report(filter), unit, access.visibleUnits(viewer(request)),
          query(org, region, unit, year, from, to));
    });
  }

  @GetMapping(path = PATH + "/overdue")
  public ResponseEntity<String> overdue(HttpServletRequest request, @RequestParam(required = false) String step,
      @RequestParam(required = false) String org, @RequestParam(required = false) String region,
      @RequestParam(required = false) String unit, @RequestParam(required = false) String year,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    return page(request, () -> {
      ServiceLevelStep serviceLevelStep = CockpitApiController.step(step);
      CockpitFilter filter = filter(request, org, region, unit, year, from, to);
      return CockpitDashboardPage.overdue(serviceLevelStep, indicators.overdue(filter, serviceLevelStep),
          query(org, region, unit, year, from, to));
    });
  }

  /** The monthly report for the signed-in supervisor, as the API's CSV. */
  @GetMapping(path = PATH + "/report.csv")
  public ResponseEntity<?> csv(HttpServletRequest request, @RequestParam(required = false) String org,
      @RequestParam(required = false) String region, @RequestParam(required = false) String unit,
      @RequestParam(required = false) String year,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    if (viewer(request) == null) {
      return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, LOGIN).build();
    }
    try {
      CockpitFilter filter = filter(request, org, region, unit, year, from, to);
      return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
          .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"cockpit-" + filter.from() + "-"
              + filter.to() + ".csv\"")
          .body(CockpitReportCsv.of(indicators.report(filter)).getBytes(StandardCharsets.UTF_8));
    } catch (CockpitFilter.InvalidFilter | CockpitAccess.Forbidden e) {
      // the same answer as the page's, in HTML
      return page(request, () -> {
        throw e;
      });
    }
  }

  private interface Page {
    String html();
  }

  private ResponseEntity<String> page(HttpServletRequest request, Page page) {
    if (viewer(request) == null) {
      return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, LOGIN).build();
    }
    try {
      return html(HttpStatus.OK, page.html());
    } catch (CockpitFilter.InvalidFilter e) {
      return html(HttpStatus.BAD_REQUEST, CockpitDashboardPage.shell("筛选条件无效", "<p class=\"error\" data-parameter=\""
          + htmlEscape(e.parameter()) + "\">" + htmlEscape(e.getMessage()) + "</p><p><a href=\"" + PATH
          + "\">返回驾驶舱</a></p>"));
    } catch (CockpitAccess.Forbidden e) {
      return html(HttpStatus.FORBIDDEN, CockpitDashboardPage.shell("无权查看", "<p class=\"error\">" + htmlEscape(e.getMessage())
          + "</p>"));
    }
  }

  private static ResponseEntity<String> html(HttpStatus status, String body) {
    return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .header("Content-Security-Policy", CSP).header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
  }

  private CockpitFilter filter(HttpServletRequest request, String org, String region, String unit, String year,
      String from, String to) {
    return access.restrict(CockpitFilter.parse(org, region, unit, year, from, to, YearMonth.now(clock)),
        viewer(request));
  }

  /** The user signed in to the Camunda webapps on this engine, or null. */
  private CockpitAccess.Viewer viewer(HttpServletRequest request) {
    return WebappUser.of(request, engine.getName()).map(user -> new CockpitAccess.Viewer(user.getName(),
        user.getGroupIds() == null ? List.<String>of() : List.copyOf(user.getGroupIds()))).orElse(null);
  }

  private static String query(String org, String region, String unit, String year, String from, String to) {
    List<String> parts = new ArrayList<>();
    add(parts, "org", org);
    add(parts, "region", region);
    add(parts, "unit", unit);
    add(parts, "year", year);
    add(parts, "from", from);
    add(parts, "to", to);
    return String.join("&", parts);
  }

  private static void add(List<String> parts, String name, String value) {
    if (value != null && !value.isBlank()) {
      parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }
}
