package org.aidflow.casepage;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import java.util.List;
import java.util.function.Function;

/**
 * The case page's HTML: rendered on the server, no script (the page's Content-Security-Policy allows none), every
 * value escaped. Sections carry {@code id}s and rows {@code data-*} so a browser test can find them.
 */
final class CasePageHtml {

  private CasePageHtml() {
  }

  static String page(CasePage.View view, String contactPath) {
    CasePage.Header h = view.header();
    StringBuilder body = new StringBuilder();
    body.append("<header><h1 id=\"case-number\">案件 ").append(e(h.caseNumber())).append("</h1>");
    body.append("<dl class=\"facts\">");
    fact(body, "状态", h.status(), "status");
    fact(body, "当前阶段", h.stage(), "stage");
    fact(body, "紧急程度", h.urgency(), "urgency");
    fact(body, "受理单位", h.intakeUnit(), "intake-unit");
    fact(body, "受理时间", h.createdAt(), "created");
    if (!h.closedAt().isEmpty()) {
      fact(body, "结案时间", h.closedAt(), "closed");
    }
    if (h.closureReason() != null) {
      fact(body, "结案原因", h.closureReason(), "closure-reason");
    }
    body.append("</dl><p><a id=\"contact-link\" href=\"").append(e(contactPath))
        .append("\">查看申请人联系方式</a>（查阅将记入案件审计）</p></header>");

    section(body, "decisions", "决策依据", view.decisions().isEmpty() ? "<p>暂无决策记录。</p>" : decisions(view));
    section(body, "timeline", "办理过程", table(List.of("步骤", "所属", "办理人", "开始", "结束"), view.timeline(),
        s -> row("step", s.name(), s.name(), s.part(), s.who(), s.started(), s.ended().isEmpty() ? "进行中" : s.ended())));
    section(body, "referrals", "转介及结果", table(List.of("接收单位", "承办单位", "服务", "状态", "拒绝原因", "维权结果",
        "已发放"), view.referrals(), r -> row("referral", r.org(), r.org(), r.unit(), r.services(), r.status(),
        r.declineReason(), r.rightsOutcome(), r.delivered())));
    section(body, "service-orders", "服务工单（助联体）", table(List.of("服务", "服务机构", "状态", "服务日期", "时长（小时）",
        "服务内容", "服务结果"), view.serviceOrders(), o -> row("service-order", o.service(), o.service(), o.provider(),
        o.status(), o.deliveredOn(), o.hours(), o.work(), o.outcome())));
    section(body, "plan", "帮扶方案", table(List.of("单位", "项目", "资金", "金额", "用途"), view.planItems(),
        p -> row("plan-item", p.item(), p.org(), p.item(), p.fund(), p.amount(), p.purpose())));
    section(body, "payments", "资金记录", table(List.of("时间", "类型", "单位", "项目", "资金", "金额", "经办人"),
        view.payments(), p -> row("payment", p.kind(), p.time(), p.kind(), p.org(), p.item(), p.fund(), p.amount(),
            p.who())));
    section(body, "service-levels", "服务时限（超时 " + view.breaches() + " 次）", table(List.of("任务", "办理人",
        "期限", "完成", "情况"), view.serviceLevels(), d -> row(d.breached() ? "breach" : "deadline", d.step(),
        d.step(), d.who(), d.due(), d.done().isEmpty() ? "—" : d.done(), d.state())));
    return shell("案件 " + h.caseNumber(), body.toString());
  }

  static String contact(CaseContact.Contact contact, String backPath) {
    StringBuilder body = new StringBuilder("<h1>申请人联系方式</h1><dl class=\"facts\" id=\"contact\" data-full=\"")
        .append(contact.full()).append("\">");
    fact(body, "电话", nullToDash(contact.phone()), "phone");
    fact(body, "地址", nullToDash(contact.address()), "address");
    fact(body, "工作单位", nullToDash(contact.employer()), "employer");
    body.append("</dl><p class=\"note\">").append(e(contact.note())).append("</p><p><a href=\"").append(e(backPath))
        .append("\">返回案件页</a></p>");
    return shell("案件 " + contact.caseNumber() + " 联系方式", body.toString());
  }

  static String message(String title, String text) {
    return shell(title, "<h1>" + e(title) + "</h1><p class=\"error\">" + e(text) + "</p>");
  }

  private static String decisions(CasePage.View view) {
    StringBuilder html = new StringBuilder();
    for (CasePage.Decision d : view.decisions()) {
      html.append("<article class=\"decision\" data-decision=\"").append(e(d.name())).append("\"><h3>")
          .append(e(d.name())).append("<small>").append(e(d.time())).append("</small></h3><table><tbody>");
      for (CasePage.Field f : d.inputs()) {
        html.append("<tr class=\"input\"><th>").append(e(f.label())).append("</th><td>").append(e(f.value()))
            .append("</td></tr>");
      }
      for (CasePage.Field f : d.outputs()) {
        html.append("<tr class=\"output\"><th>→ ").append(e(f.label())).append("</th><td><strong>")
            .append(e(f.value())).append("</strong></td></tr>");
      }
      html.append("</tbody></table></article>");
    }
    return html.toString();
  }

  private static <T> String table(List<String> heads, List<T> rows, Function<T, String> row) {
    if (rows.isEmpty()) {
      return "<p>暂无记录。</p>";
    }
    StringBuilder html = new StringBuilder("<table><thead><tr>");
    heads.forEach(head -> html.append("<th>").append(e(head)).append("</th>"));
    html.append("</tr></thead><tbody>");
    rows.forEach(r -> html.append(row.apply(r)));
    return html.append("</tbody></table>").toString();
  }

  private static String row(String kind, String key, String... cells) {
    StringBuilder html = new StringBuilder("<tr class=\"").append(kind).append("\" data-name=\"").append(e(key))
        .append("\">");
    for (String cell : cells) {
      html.append("<td>").append(e(cell == null ? "" : cell)).append("</td>");
    }
    return html.append("</tr>").toString();
  }

  private static void section(StringBuilder body, String id, String title, String content) {
    body.append("<section id=\"").append(id).append("\"><h2>").append(e(title)).append("</h2>").append(content)
        .append("</section>");
  }

  private static void fact(StringBuilder body, String label, String value, String id) {
    body.append("<dt>").append(e(label)).append("</dt><dd id=\"").append(id).append("\">")
        .append(e(value == null ? "" : value)).append("</dd>");
  }

  private static String nullToDash(String value) {
    return value == null ? "（未登记）" : value;
  }

  private static String e(String text) {
    return text == null ? "" : htmlEscape(text, "UTF-8");
  }

  static String shell(String title, String body) {
    return "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + e(title)
        + "</title><style>body{font-family:sans-serif;margin:1.5em;color:#222}h1{font-size:1.4em}"
        + "h2{font-size:1.15em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}"
        + "h3{font-size:1em}h3 small{font-weight:normal;color:#666;margin-left:1em}"
        + "dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{color:#555}dd{margin:0}"
        + "table{border-collapse:collapse;margin:.4em 0}th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;"
        + "vertical-align:top}thead th{background:#f3f3f3}tr.breach td{color:#b00}.error{color:#b00}"
        + "article.decision{margin-bottom:1em}tr.output th{color:#075}.note{color:#555}</style></head><body>"
        + body + "</body></html>";
  }
}
