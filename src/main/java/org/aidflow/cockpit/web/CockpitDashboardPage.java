package org.aidflow.cockpit.web;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.aidflow.cockpit.report.CockpitFilter;
import org.aidflow.cockpit.report.CockpitIndicators;
import org.aidflow.servicelevel.ServiceLevelStep;
import org.aidflow.shared.CaseStage;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.shared.Organisation;
import org.aidflow.shared.Regions;

/**
 * The dashboard's HTML, rendered on the server from a report: figures as tiles, charts as SVG, no script. Each
 * number carries {@code data-indicator} (and the raw value in {@code data-value}) so a browser test can compare it
 * with the API. What people read is in words (docs/words.md): channels, categories, regions, stages and units by
 * name, money as 3,000,000.00 (万元 on the tiles), times as 2026-12-02 23:28.
 */
final class CockpitDashboardPage {

  private static final String INSTANCE_VIEW = "/camunda/app/cockpit/default/#/process-instance/";

  private CockpitDashboardPage() {
  }

  /** The dashboard of a report; {@code query} is the filter as given, for the links that keep it. */
  static String dashboard(CockpitIndicators.Report report, String query) {
    return dashboard(report, null, Map.of(), query);
  }

  /**
   * The dashboard with the unit filter: {@code units} are those the viewer may choose (code → Chinese name),
   * {@code unit} the one chosen, if any.
   */
  static String dashboard(CockpitIndicators.Report report, String unit, Map<String, String> units, String query) {
    StringBuilder body = new StringBuilder();
    body.append(filterForm(report.filter(), unit, units));
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
        .append("\" data-overdue=\"").append(code).append("\" href=\"").append(CockpitDashboardController.PATH).append("/overdue?step=")
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
    body.append("<h3>按受理单位</h3><table id=\"per-unit\"><thead><tr><th>受理单位</th><th>受理案件数</th></tr>"
        + "</thead><tbody>");
    report.received().get("byUnit").forEach((code, count) -> body.append("<tr data-unit=\"").append(htmlEscape(code))
        .append("\"><td>").append(htmlEscape(unitName(code, units))).append("</td><td data-received-by-unit=\"").append(htmlEscape(code)).append("\">")
        .append(count).append("</td></tr>"));
    body.append("</tbody></table>");
    body.append("<h3>资金</h3><table id=\"funds\"><thead><tr><th>单位</th><th>资金</th><th>年度</th><th>预算（元）</th>"
        + "<th>期间发放（元）</th><th>剩余可用（元）</th></tr></thead><tbody>");
    report.funds().forEach(fund -> body.append("<tr data-fund=\"").append(htmlEscape(fund.code()))
        .append("\" data-fund-unit=\"").append(htmlEscape(fund.unit())).append("\"><td>")
        .append(htmlEscape(orgName(fund.org()))).append("</td><td>").append(htmlEscape(fund.name())).append("</td><td>")
        .append(fund.year()).append("</td><td>").append(IntakeVocabulary.amountText(fund.budget()))
        .append("</td><td data-fund-disbursed=\"").append(htmlEscape(fund.code())).append("\">")
        .append(IntakeVocabulary.amountText(fund.disbursed())).append("</td><td data-fund-left=\"").append(htmlEscape(fund.code()))
        .append("\">").append(IntakeVocabulary.amountText(fund.left())).append("</td></tr>"));
    body.append("</tbody></table></section>");

    for (String[] dimension : new String[][] {{"byChannel", "按渠道受理"}, {"byCategory", "按类别受理"},
        {"byRegion", "按地区受理"}}) {
      Map<String, Long> counts = report.received().get(dimension[0]);
      body.append("<section id=\"received-").append(dimension[0]).append("\"><h2>").append(dimension[1])
          .append("</h2>").append(bars(counts, dimension[0], names(dimension[0], counts))).append("</section>");
    }
    body.append("<p class=\"note\">统计口径：期间内受理的案件；核实按受理单位、转介环节与资金按承办单位统计；匹配度 = 实际值 ÷ 年度目标。"
        + "数据时间 ").append(IntakeVocabulary.dateTime(report.asOf())).append("。<a id=\"report-csv\" href=\"").append(CockpitDashboardController.PATH).append("/report.csv")
        .append(query.isEmpty() ? "" : "?" + htmlEscape(query)).append("\">下载月报（CSV）</a></p>");
    return shell("驾驶舱", body.toString());
  }

  /** The Chinese names of a chart's keys: channels, categories or regions. */
  private static Map<String, String> names(String dimension, Map<String, Long> counts) {
    if (counts == null) {
      return Map.of();
    }
    java.util.function.UnaryOperator<String> name = switch (dimension) {
      case "byChannel" -> IntakeVocabulary::channelName;
      case "byCategory" -> IntakeVocabulary::categoryName;
      case "byRegion" -> Regions::prefixName;
      default -> code -> code;
    };
    Map<String, String> names = new java.util.LinkedHashMap<>();
    counts.keySet().forEach(code -> names.put(code, name.apply(code)));
    return names;
  }

  private static final Map<String, String> STAGE_NAMES = Arrays.stream(CaseStage.values())
      .collect(Collectors.toMap(CaseStage::name, CaseStage::label));

  /** The late cases of one step. */
  static String overdue(ServiceLevelStep step, List<CockpitIndicators.OverdueStep> late, String query) {
    StringBuilder body = new StringBuilder("<p><a href=\"").append(CockpitDashboardController.PATH)
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
          .append(htmlEscape(item.stepLabel())).append("</td><td>").append(IntakeVocabulary.dateTime(item.dueAt()))
          .append("</td></tr>");
    }
    body.append("</tbody></table>");
    if (late.size() == CockpitIndicators.MAX_OVERDUE_LISTED) {
      body.append("<p class=\"note\">仅列出最早到期的 ").append(CockpitIndicators.MAX_OVERDUE_LISTED).append(" 件。</p>");
    }
    return shell("超期案件：" + step.shortLabel(), body.toString());
  }

  private static String filterForm(CockpitFilter filter, String unit, Map<String, String> units) {
    StringBuilder form = new StringBuilder("<form id=\"filters\" method=\"get\" action=\"").append(CockpitDashboardController.PATH)
        .append("\"><label>组织 <select name=\"org\" id=\"filter-org\"><option value=\"\">全部</option>");
    for (Organisation org : Organisation.values()) {
      boolean selected = filter.orgs() != null && filter.orgs().size() == 1 && filter.orgs().contains(org.code());
      form.append("<option value=\"").append(org.code()).append('"').append(selected ? " selected" : "").append('>')
          .append(org.chineseName()).append("</option>");
    }
    form.append("</select></label> <label>单位（含下级） <select name=\"unit\" id=\"filter-unit\"><option value=\"\">")
        .append("全部可见单位</option>");
    units.forEach((code, name) -> form.append("<option value=\"").append(htmlEscape(code)).append('"')
        .append(code.equals(unit) ? " selected" : "").append('>').append(htmlEscape(name)).append("</option>"));
    // the region by name; the value is the GB/T 2260 prefix the filter takes (33, 3301, 330106)
    form.append("</select></label> <label>地区 <select id=\"filter-region\" name=\"region\"><option value=\"\">全部地区</option>");
    String chosen = filter.region();
    boolean listed = chosen == null;
    for (String code : Regions.all().keySet()) {
      String prefix = code.endsWith("0000") ? code.substring(0, 2) : code.endsWith("00") ? code.substring(0, 4) : code;
      listed |= prefix.equals(chosen);
      form.append("<option value=\"").append(prefix).append('"').append(prefix.equals(chosen) ? " selected" : "")
          .append('>').append(htmlEscape(Regions.prefixName(prefix))).append("</option>");
    }
    if (!listed) {
      form.append("<option value=\"").append(htmlEscape(chosen)).append("\" selected>")
          .append(htmlEscape(Regions.prefixName(chosen))).append("</option>");
    }
    form.append("</select></label> <label>起始月 <input id=\"filter-from\" name=\"from\" type=\"month\" value=\"")
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
    if ("元".equals(unit)) {
      return IntakeVocabulary.tenThousandYuan(value);
    }
    return value.toPlainString() + " " + unit;
  }

  private static String percent(BigDecimal fraction) {
    return fraction == null ? "—"
        : fraction.multiply(BigDecimal.valueOf(100)).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
  }

  /**
   * A unit by its name; one the viewer's list does not name (a unit closed or of the history only) by its region and
   * organisation, e.g. union-330102 → 浙江省杭州市上城区总工会.
   */
  private static String unitName(String code, Map<String, String> units) {
    String name = units.get(code);
    if (name != null) {
      return name;
    }
    int dash = code.indexOf('-');
    if (dash > 0 && code.substring(dash + 1).matches("\\d{2}|\\d{4}|\\d{6}")) {
      return Regions.prefixName(code.substring(dash + 1)) + orgName(code.substring(0, dash));
    }
    return orgName(code);
  }

  private static String orgName(String code) {
    try {
      return Organisation.fromCode(code).chineseName();
    } catch (IllegalArgumentException e) {
      return code;
    }
  }

  /** The page around a body: title, styles. */
  static String shell(String title, String body) {
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
