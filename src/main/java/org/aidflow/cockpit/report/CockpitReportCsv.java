package org.aidflow.cockpit.report;

import java.math.BigDecimal;
import java.util.Map;
import org.aidflow.shared.Organisation;

/** The monthly report as CSV for Excel: UTF-8 with a byte-order mark, Chinese headers, one figure a line. */
public final class CockpitReportCsv {

  /** Excel reads UTF-8 (and so Chinese) only when the file starts with a BOM. */
  public static final String BOM = "\uFEFF";
  public static final String HEADER = "类别,项目,数值,单位,目标,匹配度";

  private CockpitReportCsv() {
  }

  public static String of(CockpitIndicators.Report report) {
    StringBuilder csv = new StringBuilder(BOM).append(HEADER).append("\r\n");
    CockpitFilter filter = report.filter();
    line(csv, "筛选条件", "期间", filter.from() + " 至 " + filter.to(), "", null, null);
    line(csv, "筛选条件", "单位", filter.orgs() == null ? "全部" : String.join("、",
        filter.orgs().stream().map(o -> Organisation.fromCode(o).chineseName()).toList()), "", null, null);
    line(csv, "筛选条件", "地区", filter.region() == null ? "全部" : filter.region(), "", null, null);
    line(csv, "筛选条件", "受理/承办单位（含下级）", filter.units() == null ? "全部" : String.join("、", filter.units()), "",
        null, null);
    report.indicators().forEach((key, figure) -> line(csv, "核心指标", figure.label(), text(figure.value()),
        figure.unit(), figure.target(), figure.matchingDegree()));
    report.steps().forEach((code, step) -> {
      line(csv, "超期环节", step.label() + "（当前超期）", Long.toString(step.overdue()), "个", null, null);
      line(csv, "超期环节", step.label() + "（累计超时督办）", Long.toString(step.breached()), "个", null, null);
    });
    report.openByStage().forEach((stage, count) -> line(csv, "在办案件（按阶段）", stage, count.toString(), "件", null,
        null));
    String[][] dimensions = {{"byMonth", "受理（按月）"}, {"byChannel", "受理（按渠道）"}, {"byCategory", "受理（按类别）"},
        {"byOrg", "受理（按单位）"}, {"byRegion", "受理（按地区）"}, {"byUnit", "受理（按受理单位）"}};
    for (String[] dimension : dimensions) {
      Map<String, Long> counts = report.received().get(dimension[0]);
      counts.forEach((value, count) -> line(csv, dimension[1], value, count.toString(), "件", null, null));
    }
    report.funds().forEach(fund -> {
      String name = Organisation.fromCode(fund.org()).chineseName() + " " + fund.name() + "（" + fund.year() + "）";
      line(csv, "资金（期间发放）", name, text(fund.disbursed()), "元", null, null);
      line(csv, "资金（剩余可用）", name, text(fund.left()), "元", null, null);
    });
    return csv.toString();
  }

  private static void line(StringBuilder csv, String group, String item, String value, String unit, BigDecimal target,
      BigDecimal degree) {
    csv.append(cell(group)).append(',').append(cell(item)).append(',').append(cell(value)).append(',')
        .append(cell(unit)).append(',').append(cell(text(target))).append(',').append(cell(text(degree)))
        .append("\r\n");
  }

  private static String text(BigDecimal value) {
    return value == null ? "" : value.toPlainString();
  }

  private static String cell(String value) {
    if (value == null) {
      return "";
    }
    // a leading = + - @ would make Excel evaluate the cell as a formula
    String safe = value.matches("^[=+@-].*") && !value.matches("-?\\d+(\\.\\d+)?") ? "'" + value : value;
    return safe.contains(",") || safe.contains("\"") || safe.contains("\n")
        ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
  }
}
