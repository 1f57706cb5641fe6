package org.aidflow.cockpit.report;

import org.aidflow.servicelevel.ServiceLevelStep;

/**
 * The cockpit's headline indicators (docs/policy.md, "Cockpit indicators"), with the name the dashboard and the report
 * show and the key of their yearly target ({@code aidflow.cockpit.targets.<year>.<target-key>}).
 */
public enum Indicator {
  CASES_RECEIVED("casesReceived", "受理案件数", "件"),
  OPEN_CASES("openCases", "在办案件数", "件"),
  OVERDUE_STEPS("overdueSteps", "当前超期环节数", "个"),
  CLOSURE_RATE("closureRate", "结案率", "%"),
  RESOLUTION_RATE("resolutionRate", "脱困率", "%"),
  MEDIAN_DAYS_TO_FIRST_DELIVERY("medianDaysToFirstDelivery", "受理至首次帮扶天数（中位数）", "天"),
  P90_DAYS_TO_FIRST_DELIVERY("p90DaysToFirstDelivery", "受理至首次帮扶天数（90分位）", "天"),
  DISTINCT_BENEFICIARIES("distinctBeneficiaries", "受助人数（去重）", "人"),
  CASH_DISBURSED("cashDisbursed", "发放帮扶资金", "元"),
  AVERAGE_SATISFACTION("averageSatisfaction", "平均满意度", "分"),
  WAGES_RECOVERED("wagesRecovered", "追回欠薪", "元"),
  NEW_EMPLOYMENT_WORKERS_SERVED("newEmploymentWorkersServed", "服务新就业形态劳动者", "人"),
  VERIFICATION_ON_TIME_RATE("verificationOnTimeRate", "核实按时率", "%"),
  ACCEPTANCE_ON_TIME_RATE("acceptanceOnTimeRate", "接收转介按时率", "%"),
  PLAN_ON_TIME_RATE("planOnTimeRate", "制定方案按时率", "%"),
  DELIVERY_ON_TIME_RATE("deliveryOnTimeRate", "发放帮扶按时率", "%");

  private final String key;
  private final String label;
  private final String unit;

  Indicator(String key, String label, String unit) {
    this.key = key;
    this.label = label;
    this.unit = unit;
  }

  /** The JSON name, also the dashboard's data-indicator attribute. */
  public String key() {
    return key;
  }

  public String label() {
    return label;
  }

  /** "%" for rates, which the API gives as fractions (0.8 is 80 %). */
  public String unit() {
    return unit;
  }

  public boolean isRate() {
    return "%".equals(unit);
  }

  /** The setting's key, e.g. new-employment-workers-served. */
  public String targetKey() {
    return key.replaceAll("([A-Z0-9])", "-$1").toLowerCase().replace("p-90", "p90");
  }

  public static Indicator onTimeRateOf(ServiceLevelStep step) {
    return switch (step) {
      case VERIFICATION -> VERIFICATION_ON_TIME_RATE;
      case ACCEPTANCE -> ACCEPTANCE_ON_TIME_RATE;
      case PLAN -> PLAN_ON_TIME_RATE;
      case DELIVERY -> DELIVERY_ON_TIME_RATE;
    };
  }
}
