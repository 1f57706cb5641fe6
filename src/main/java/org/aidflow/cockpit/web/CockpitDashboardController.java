package org.aidflow.cockpit.web;

import org.aidflow.cockpit.report.CockpitIndicators;
import org.aidflow.cockpit.report.CockpitReportCsv;
import org.aidflow.servicelevel.ServiceLevelStep;
import static org.springframework.web.util.HtmlUtils.htmlEscape;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aidflow.shared.Organisation;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
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
 */
@RestController
public class CockpitDashboardController {

  static final String PATH = "/cockpit-dashboard";
  /** Where a signed-out visitor signs in; Cockpit returns to its own start page afterwards. */
  private static final String LOGIN = "/camunda/app/cockpit/default/";
  private static final String INSTANCE_VIEW = "/camunda/app/cockpit/default/#/process-instance/";
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
      @RequestParam(required = false) String region, @RequestParam(required = false) String year,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    return page(request, () -> {
      CockpitFilter filter = filter(request, org, region, year, from, to);
      return render(indicators.report(filter), query(org, region, year, from, to));
    });
  }

  @GetMapping(path = PATH + "/overdue")
  public ResponseEntity<String> overdue(HttpServletRequest request, @RequestParam(required = false) String step,
      @RequestParam(required = false) String org, @RequestParam(required = false) String region,
      @RequestParam(required = false) String year, @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    return page(request, () -> {
      ServiceLevelStep serviceLevelStep = CockpitApiController.step(step);
      CockpitFilter filter = filter(request, org, region, year, from, to);
      return renderOverdue(serviceLevelStep, indicators.overdue(filter, serviceLevelStep),
          query(org, region, year, from, to));
    });
  }

  /** The monthly report for the signed-in supervisor, as the API's CSV. */
  @GetMapping(path = PATH + "/report.csv")
  public ResponseEntity<?> csv(HttpServletRequest request, @RequestParam(required = false) String org,
      @RequestParam(required = false) String region, @RequestParam(required = false) String year,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    if (viewer(request) == null) {
      return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, LOGIN).build();
    }
    try {
      CockpitFilter filter = filter(request, org, region, year, from, to);
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
      return html(HttpStatus.BAD_REQUEST, shell("筛选条件无效", "<p class=\"error\" data-parameter=\""
          + htmlEscape(e.parameter()) + "\">" + htmlEscape(e.getMessage()) + "</p><p><a href=\"" + PATH
          + "\">返回驾驶舱</a></p>"));
    } catch (CockpitAccess.Forbidden e) {
      return html(HttpStatus.FORBIDDEN, shell("无权查看", "<p class=\"error\">" + htmlEscape(e.getMessage())
          + "</p>"));
    }
  }

  private static ResponseEntity<String> html(HttpStatus status, String body) {
    return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .header("Content-Security-Policy", CSP).header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
  }

  private CockpitFilter filter(HttpServletRequest request, String org, String region, String year, String from,
      String to) {
    return access.restrict(CockpitFilter.parse(org, region, year, from, to, YearMonth.now(clock)), viewer(request));
  }

  /** The user signed in to the Camunda webapps on this engine, or null. */
  private CockpitAccess.Viewer viewer(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return null;
    }
    Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
    if (authentications == null
        || !(authentications.getAuthenticationForProcessEngine(engine.getName()) instanceof UserAuthentication user)) {
      return null;
    }
    return new CockpitAccess.Viewer(user.getName(), user.getGroupIds() == null ? List.of() : user.getGroupIds());
  }

  // ------------------------------------------------------------------ the page

  private String render(CockpitIndicators.Report report, String query) {
    StringBuilder body = new StringBuilder();
    body.append(filterForm(report.filter()));
    body.append("<section id=\"indicators\" class=\"tiles\">");
    report.indicators().forEach((key, figure) -> body.append(tile(key, figure)));
    body.append("</section>");

    body.append("<section id=\"cases-per-month\"><h2>每月受理案件数</h2>")
        .append(bars(report.received().get("byMonth"), "month", null)).append("</section>");

    body.append("<section id=\"open-by-stage\"><h2>在办案件（按阶段）</h2>")
        .append(bars(report.openByStage(), "stage", STAGE_NAMES)).append("</section>");

    body.append("<section id=\"overdue-by-step\"><h2>超期环节（点击查看案件）</h2><table><thead><tr><th>环节</th>"
        + "<th>当前超期</th><th>累计超时督办</th><th>已办结</th><th>按时办结</th><th>按时率</th></tr></thead><tbody>");
    report.steps().forEach((code, step) -> body.append("<tr data-step=\"").append(code).append("\"><td>")
        .append(htmlEscape(step.label())).append("</td><td><a id=\"overdue-").append(code)
        .append("\" data-overdue=\"").append(code).append("\" href=\"").append(PATH).append("/overdue?step=")
        .append(code).append(query.isEmpty() ? "" : "&amp;" + htmlEscape(query)).append("\">")
        .append(step.overdue()).append("</a></td><td data-breached=\"").append(code).append("\">")
        .append(step.breached()).append("</td><td>").append(step.completed()).append("</td><td>")
        .append(step.onTime()).append("</td><td>").append(percent(step.onTimeRate())).append("</td></tr>"));
    body.append("</tbody></table></section>");

    body.append("<section id=\"per-org\"><h2>各单位</h2><table><thead><tr><th>单位</th><th>受理案件数</th></tr></thead><tbody>");
    report.received().get("byOrg").forEach((org, count) -> body.append("<tr data-org=\"").append(htmlEscape(org))
        .append("\"><td>").append(htmlEscape(orgName(org))).append("</td><td data-received-by-org=\"")
        .append(htmlEscape(org)).append("\">").append(count).append("</td></tr>"));
    body.append("</tbody></table>");
    body.append("<h3>资金</h3><table id=\"funds\"><thead><tr><th>单位</th><th>资金</th><th>年度</th><th>预算（元）</th>"
        + "<th>期间发放（元）</th><th>剩余可用（元）</th></tr></thead><tbody>");
    report.funds().forEach(fund -> body.append("<tr data-fund=\"").append(htmlEscape(fund.code())).append("\"><td>")
        .append(htmlEscape(orgName(fund.org()))).append("</td><td>").append(htmlEscape(fund.name())).append("</td><td>")
        .append(fund.year()).append("</td><td>").append(fund.budget().toPlainString())
        .append("</td><td data-fund-disbursed=\"").append(htmlEscape(fund.code())).append("\">")
        .append(fund.disbursed().toPlainString()).append("</td><td data-fund-left=\"").append(htmlEscape(fund.code()))
        .append("\">").append(fund.left().toPlainString()).append("</td></tr>"));
    body.append("</tbody></table></section>");

    for (String[] dimension : new String[][] {{"byChannel", "按渠道受理"}, {"byCategory", "按类别受理"},
        {"byRegion", "按地区受理"}}) {
      body.append("<section id=\"received-").append(dimension[0]).append("\"><h2>").append(dimension[1])
          .append("</h2>").append(bars(report.received().get(dimension[0]), dimension[0], null)).append("</section>");
    }
    body.append("<p class=\"note\">统计口径：期间内受理的案件；核实按受理单位、转介环节与资金按承办单位统计；匹配度 = 实际值 ÷ 年度目标。"
        + "数据时间 ").append(report.asOf()).append("。<a id=\"report-csv\" href=\"").append(PATH).append("/report.csv")
        .append(query.isEmpty() ? "" : "?" + htmlEscape(query)).append("\">下载月报（CSV）</a></p>");
    return shell("驾驶舱", body.toString());
  }

  private static final Map<String, String> STAGE_NAMES = Map.of("INTAKE", "受理", "VERIFICATION", "核实",
      "REFERRAL", "转介帮扶", "SUPERVISOR_DECISION", "主管决定", "FOLLOW_UP", "回访");

  private String renderOverdue(ServiceLevelStep step, List<CockpitIndicators.OverdueStep> late, String query) {
    StringBuilder body = new StringBuilder("<p><a href=\"").append(PATH)
        .append(query.isEmpty() ? "" : "?" + htmlEscape(query)).append("\">← 返回驾驶舱</a></p>");
    body.append("<table id=\"overdue-cases\" data-step=\"").append(step.code()).append("\"><thead><tr><th>案件编号</th>"
        + "<th>单位</th><th>环节</th><th>应办结时间</th></tr></thead><tbody>");
    for (CockpitIndicators.OverdueStep item : late) {
      body.append("<tr data-case=\"").append(htmlEscape(item.caseNumber())).append("\"><td>");
      if (item.processInstanceId() != null) {
        body.append("<a target=\"_top\" href=\"").append(INSTANCE_VIEW).append(htmlEscape(item.processInstanceId()))
            .append("\">").append(htmlEscape(item.caseNumber())).append("</a>");
      } else {
        body.append(htmlEscape(item.caseNumber())).append("（演示数据，无流程实例）");
      }
      body.append("</td><td>").append(htmlEscape(orgName(item.org()))).append("</td><td>")
          .append(htmlEscape(item.stepLabel())).append("</td><td>").append(item.dueAt()).append("</td></tr>");
    }
    body.append("</tbody></table>");
    if (late.size() == CockpitIndicators.MAX_OVERDUE_LISTED) {
      body.append("<p class=\"note\">仅列出最早到期的 ").append(CockpitIndicators.MAX_OVERDUE_LISTED).append(" 件。</p>");
    }
    return shell("超期案件：" + step.shortLabel(), body.toString());
  }

  private String filterForm(CockpitFilter filter) {
    StringBuilder form = new StringBuilder("<form id=\"filters\" method=\"get\" action=\"").append(PATH)
        .append("\"><label>单位 <select name=\"org\" id=\"filter-org\"><option value=\"\">全部</option>");
    for (Organisation org : Organisation.values()) {
      boolean selected = filter.orgs() != null && filter.orgs().size() == 1 && filter.orgs().contains(org.code());
      form.append("<option value=\"").append(org.code()).append('"').append(selected ? " selected" : "").append('>')
          .append(org.chineseName()).append("</option>");
    }
    form.append("</select></label> <label>地区代码 <input id=\"filter-region\" name=\"region\" size=\"6\" value=\"")
        .append(filter.region() == null ? "" : htmlEscape(filter.region()))
        .append("\" placeholder=\"如 3301\"></label> <label>起始月 <input id=\"filter-from\" name=\"from\" type=\"month\" value=\"")
        .append(filter.from()).append("\"></label> <label>截止月 <input id=\"filter-to\" name=\"to\" type=\"month\" value=\"")
        .append(filter.to()).append("\"></label> <button type=\"submit\">查询</button></form>");
    return form.toString();
  }

  private static String tile(String key, CockpitIndicators.Figure figure) {
    return "<div class=\"tile\" data-indicator=\"" + key + "\" data-value=\"" + raw(figure.value())
        + "\" data-target=\"" + raw(figure.target()) + "\" data-matching-degree=\"" + raw(figure.matchingDegree())
        + "\"><div class=\"label\">" + htmlEscape(figure.label()) + "</div><div class=\"value\">"
        + shown(figure.value(), figure.unit()) + "</div><div class=\"target\">目标 "
        + (figure.target() == null ? "—" : shown(figure.target(), figure.unit())) + " · 匹配度 "
        + percent(figure.matchingDegree()) + "</div>" + gauge(figure.matchingDegree()) + "</div>";
  }

  /** A bar of the matching degree, full at 100 %. */
  private static String gauge(BigDecimal degree) {
    if (degree == null) {
      return "";
    }
    double share = Math.min(1, Math.max(0, degree.doubleValue()));
    return "<svg class=\"gauge\" width=\"160\" height=\"8\" role=\"img\" aria-label=\"匹配度\"><rect width=\"160\" height=\"8\""
        + " fill=\"#e5e7eb\"/><rect width=\"" + Math.round(160 * share) + "\" height=\"8\" fill=\""
        + (share >= 1 ? "#16a34a" : "#2563eb") + "\"/></svg>";
  }

  /** A horizontal bar chart, one bar per key, as SVG. */
  private static String bars(Map<String, Long> counts, String dimension, Map<String, String> names) {
    if (counts == null || counts.isEmpty()) {
      return "<p class=\"empty\">无数据</p>";
    }
    long max = Math.max(1, counts.values().stream().mapToLong(Long::longValue).max().orElse(1));
    int rowHeight = 22;
    int width = 640;
    int labelWidth = 150;
    StringBuilder svg = new StringBuilder("<svg class=\"chart\" data-chart=\"").append(dimension)
        .append("\" width=\"").append(width).append("\" height=\"").append(counts.size() * rowHeight + 4)
        .append("\" role=\"img\">");
    int y = 0;
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      String label = names == null ? entry.getKey() : names.getOrDefault(entry.getKey(), entry.getKey());
      long barWidth = Math.round((width - labelWidth - 60) * (double) entry.getValue() / max);
      svg.append("<g data-key=\"").append(htmlEscape(entry.getKey())).append("\" data-count=\"")
          .append(entry.getValue()).append("\"><text x=\"0\" y=\"").append(y + 15).append("\">")
          .append(htmlEscape(label)).append("</text><rect x=\"").append(labelWidth).append("\" y=\"").append(y + 3)
          .append("\" width=\"").append(barWidth).append("\" height=\"16\" fill=\"#2563eb\"/><text x=\"")
          .append(labelWidth + barWidth + 6).append("\" y=\"").append(y + 15).append("\">").append(entry.getValue())
          .append("</text></g>");
      y += rowHeight;
    }
    return svg.append("</svg>").toString();
  }

  private static String raw(BigDecimal value) {
    return value == null ? "" : value.toPlainString();
  }

  private static String shown(BigDecimal value, String unit) {
    if (value == null) {
      return "—";
    }
    if ("%".equals(unit)) {
      return percent(value);
    }
    return value.toPlainString() + " " + unit;
  }

  private static String percent(BigDecimal fraction) {
    return fraction == null ? "—"
        : fraction.multiply(BigDecimal.valueOf(100)).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
  }

  private static String orgName(String code) {
    try {
      return Organisation.fromCode(code).chineseName();
    } catch (IllegalArgumentException e) {
      return code;
    }
  }

  private static String query(String org, String region, String year, String from, String to) {
    List<String> parts = new ArrayList<>();
    add(parts, "org", org);
    add(parts, "region", region);
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

  private static String shell(String title, String body) {
    return "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + htmlEscape(title)
        + " · 群帮惠</title><style>body{font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;margin:16px 24px;"
        + "color:#111827}h1{font-size:22px}h2{font-size:17px;margin-top:24px}.tiles{display:flex;flex-wrap:wrap;gap:12px}"
        + ".tile{border:1px solid #d1d5db;border-radius:6px;padding:10px 12px;min-width:180px}.tile .label{color:#4b5563;"
        + "font-size:13px}.tile .value{font-size:22px;font-weight:600;margin:4px 0}.tile .target{font-size:12px;"
        + "color:#6b7280}table{border-collapse:collapse}td,th{border:1px solid #e5e7eb;padding:4px 10px;text-align:left}"
        + ".chart text{font-size:12px}.error{color:#b91c1c}.note{color:#6b7280;font-size:12px}form label{margin-right:8px}"
        + "</style></head><body><h1>" + htmlEscape(title) + "</h1>" + body + "</body></html>";
  }
}
