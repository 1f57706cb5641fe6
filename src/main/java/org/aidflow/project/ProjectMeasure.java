package org.aidflow.project;

import java.util.Optional;

/**
 * What a project's targets count (table project_target, by the JSON name the cockpit shows): distinct persons
 * reached, the service orders delivered by type and the cash paid. A service's measure counts the delivered service
 * orders of that service ({@code service_order.service}).
 */
public enum ProjectMeasure {
  BENEFICIARIES("beneficiaries", "受益人数（去重）", "人", null),
  LEGAL_SERVICES_DELIVERED("legalServicesDelivered", "法律服务", "次", "legal-aid"),
  HEALTH_CHECKS_DELIVERED("healthChecksDelivered", "职工健康体检", "次", "health-check"),
  TRAININGS_DELIVERED("trainingsDelivered", "技能培训", "次", "training"),
  ENTERPRISE_LEGAL_CHECKUPS_DELIVERED("enterpriseLegalCheckupsDelivered", "企业法治体检", "次",
      "enterprise-legal-checkup"),
  CASH_PAID("cashPaid", "发放资金", "元", null);

  private final String key;
  private final String label;
  private final String unit;
  private final String service;

  ProjectMeasure(String key, String label, String unit, String service) {
    this.key = key;
    this.label = label;
    this.unit = unit;
    this.service = service;
  }

  public String key() {
    return key;
  }

  public String label() {
    return label;
  }

  public String unit() {
    return unit;
  }

  /** The service-order service this measure counts, or null. */
  public String service() {
    return service;
  }

  public static Optional<ProjectMeasure> ofKey(String key) {
    for (ProjectMeasure measure : values()) {
      if (measure.key.equals(key)) {
        return Optional.of(measure);
      }
    }
    return Optional.empty();
  }

  /** The measure counting a service's delivered orders, if any. */
  public static Optional<ProjectMeasure> ofService(String service) {
    for (ProjectMeasure measure : values()) {
      if (measure.service != null && measure.service.equals(service)) {
        return Optional.of(measure);
      }
    }
    return Optional.empty();
  }
}
