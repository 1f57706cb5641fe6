package org.aidflow.cockpit.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.aidflow.cockpit.report.ProjectIndicators.Figure;
import org.aidflow.cockpit.report.ProjectIndicators.ProjectReport;
import org.aidflow.cockpit.report.ProjectIndicators.UnitFigures;
import org.aidflow.organisation.Providers;
import org.aidflow.project.ProjectMeasure;
import org.aidflow.project.Projects;
import org.aidflow.shared.IntakeVocabulary;

/**
 * What the project view (templates/cockpit/projects.html) shows, in words: figures grouped, money in 元 (万元 from
 * 100,000 on), 匹配度 as a percentage and the width of its bar (at most the full bar, 100 %).
 */
final class ProjectsPage {

  /** The width of a full bar (匹配度 of 100 % or more), in SVG units. */
  static final int BAR = 200;

  private ProjectsPage() {
  }

  /** One measure as the page shows it. */
  record FigureView(String indicator, String label, String actual, String target, String match, int barWidth,
      boolean reached) {
  }

  record UnitView(String unit, String name, List<FigureView> figures) {
  }

  record ProjectView(String code, String name, String kind, String owner, String period, String status,
      String budget, String paid, String left, List<FigureView> totals, List<UnitView> units) {
  }

  static ProjectView of(ProjectReport report) {
    String kind = Projects.CASH_CAMPAIGN.equals(report.type()) ? "资金帮扶活动"
        : "服务项目：" + Providers.SERVICES.getOrDefault(report.service(), report.service());
    return new ProjectView(report.code(), report.name(), kind, report.owningUnitName(),
        report.startsOn() + " 至 " + report.endsOn(), Projects.ACTIVE.equals(report.status()) ? "进行中" : "已结束",
        money(report.budget()), report.cashPaid() == null ? null : money(report.cashPaid()),
        report.budgetLeft() == null ? null : money(report.budgetLeft()),
        report.totals() == null ? null : report.totals().stream().map(ProjectsPage::figure).toList(),
        report.units().stream().map(ProjectsPage::unit).toList());
  }

  private static UnitView unit(UnitFigures unit) {
    return new UnitView(unit.unit(), unit.unitName(), unit.figures().stream().map(ProjectsPage::figure).toList());
  }

  static FigureView figure(Figure figure) {
    boolean money = ProjectMeasure.CASH_PAID.key().equals(figure.indicator());
    String actual = money ? money(figure.actual()) : IntakeVocabulary.figure(figure.actual()) + " " + figure.measureUnit();
    String target = figure.target() == null ? "未设目标"
        : money ? money(figure.target()) : IntakeVocabulary.figure(figure.target()) + " " + figure.measureUnit();
    String match = figure.match() == null ? "—"
        : IntakeVocabulary.figure(figure.match().movePointRight(2).setScale(1, RoundingMode.HALF_UP)) + "%";
    int width = figure.match() == null ? 0
        : figure.match().min(BigDecimal.ONE).multiply(BigDecimal.valueOf(BAR)).setScale(0, RoundingMode.HALF_UP)
            .intValue();
    return new FigureView(figure.indicator(), figure.label(), actual, target, match, width,
        figure.match() != null && figure.match().compareTo(BigDecimal.ONE) >= 0);
  }

  /** 元 with thousands separators, 万元 from 100,000 on. */
  static String money(BigDecimal amount) {
    return amount != null && amount.abs().compareTo(new BigDecimal("100000")) >= 0
        ? IntakeVocabulary.tenThousandYuan(amount) : IntakeVocabulary.money(amount);
  }
}
