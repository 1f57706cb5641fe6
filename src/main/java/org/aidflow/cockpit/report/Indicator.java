package org.aidflow.cockpit.report;

import org.aidflow.servicelevel.ServiceLevelStep;

/**
 * The cockpit's headline indicators (docs/policy.md, "Cockpit indicators"), with the name the dashboard and the report
 * show; yearly targets per unit are held in the table cockpit_target under the JSON name ({@link CockpitTargets}).
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
  DELIVERY_ON_TIME_RATE("deliveryOnTimeRate", "发放帮扶按时率", "%"),
  LEGAL_SERVICES_DELIVERED("legalServicesDelivered", "法律服务（已交付）", "次"),
  HEALTH_CHECKS_DELIVERED("healthChecksDelivered", "职工健康体检（已交付）", "次"),
  TRAININGS_DELIVERED("trainingsDelivered", "技能培训（已交付）", "次"),
  ENTERPRISE_LEGAL_CHECKUPS_DELIVERED("enterpriseLegalCheckupsDelivered", "企业法治体检（已交付）", "次");

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

  /**
   * Whether targets of several units add up (counts, people, money); rates, averages and days do not: for those the
   * units in view must share one target.
   */
  public boolean additive() {
    return !isRate() && !"分".equals(unit) && !"天".equals(unit);
  }

  /** The service-order service whose delivered orders this indicator counts, or null. */
  public String service() {
    return switch (this) {
      case LEGAL_SERVICES_DELIVERED -> "legal-aid";
      case HEALTH_CHECKS_DELIVERED -> "health-check";
      case TRAININGS_DELIVERED -> "training";
      case ENTERPRISE_LEGAL_CHECKUPS_DELIVERED -> "enterprise-legal-checkup";
      default -> null;
    };
  }

  public static java.util.Optional<Indicator> ofKey(String key) {
    for (Indicator indicator : values()) {
      if (indicator.key.equals(key)) {
        return java.util.Optional.of(indicator);
      }
    }
    return java.util.Optional.empty();
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
