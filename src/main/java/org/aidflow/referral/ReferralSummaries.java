package org.aidflow.referral;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.organisation.Providers;
import org.aidflow.serviceorder.ServiceOrders;
import org.aidflow.serviceorder.ServiceOrders.Order;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.shared.Organisation;
import org.aidflow.shared.ReferralRegistry;
import org.aidflow.shared.ReferralRegistry.Referral;
import org.aidflow.shared.ReferralRegistry.Status;
import org.springframework.stereotype.Service;

/**
 * How the referrals of a case ended, and each service order of their plans (docs/service-orders.md), in words a
 * caseworker reads in Tasklist and Cockpit.
 */
@Service
public class ReferralSummaries {

  private final ReferralRegistry registry;
  private final ServiceOrders orders;
  private final OrganisationUnits units;

  public ReferralSummaries(ReferralRegistry registry, ServiceOrders orders, OrganisationUnits units) {
    this.registry = registry;
    this.orders = orders;
    this.units = units;
  }

  /**
   * True when no organisation took the case on in this assessment cycle: every referral was declined, or passed to
   * the charities who declined it too.
   */
  public boolean allDeclined(String caseNumber, int assessmentCycle) {
    List<Referral> current = registry.referralsOf(caseNumber).stream()
        .filter(r -> r.assessmentCycle() == assessmentCycle).toList();
    return !current.isEmpty()
        && current.stream().allMatch(r -> r.status() == Status.DECLINED || r.status() == Status.TO_CHARITY);
  }

  /**
   * One line per referral, e.g. "第1轮 总工会（困难帮扶金）：已帮扶，发放 3,000.00 元", then one per service order of
   * their plans as it stands now.
   */
  public String summarize(String caseNumber) {
    List<Referral> referrals = registry.referralsOf(caseNumber);
    List<Order> serviceOrders = orders.ofCase(caseNumber);
    if (referrals.isEmpty() && serviceOrders.isEmpty()) {
      return "未转介";
    }
    return java.util.stream.Stream.concat(referrals.stream().map(ReferralSummaries::line),
        serviceOrders.stream().map(this::line)).collect(Collectors.joining("\n"));
  }

  /**
   * One line per service order, with the provider by name and what it did, e.g. "服务工单 法律援助（浙江西湖律师事务所）：
   * 已完成 2026-12-01，2.5 小时，问题解决；代写仲裁申请书".
   */
  private String line(Order order) {
    String outcome = order.status() != ServiceOrders.Status.DELIVERED ? ServiceOrders.statusLabel(order.status())
        : "已完成 " + order.deliveredOn() + "，" + order.deliveredHours().stripTrailingZeros().toPlainString() + " 小时，"
            + ServiceOrders.OUTCOME_LABELS.getOrDefault(order.outcome(), order.outcome())
            + (order.deliveredWork() == null || order.deliveredWork().isBlank() ? "" : "；" + order.deliveredWork().strip());
    String provider = order.providerUnit() == null ? ""
        : "（" + units.find(order.providerUnit()).map(OrganisationUnit::name).orElse("服务机构") + "）";
    return "服务工单 " + Providers.SERVICES.getOrDefault(order.service(), order.service()) + provider + "：" + outcome;
  }

  private static String line(Referral r) {
    String outcome = switch (r.status()) {
      case OPEN -> "待接收";
      case ACCEPTED -> "办理中";
      case DECLINED -> "已拒绝：" + r.declineReason();
      case DELIVERED -> "已帮扶" + amount(r.deliveredAmount());
      case NOT_DELIVERED -> "未能帮扶";
      case CANCELLED -> "已取消";
      case TO_CHARITY -> "资金不足，已转慈善组织：" + r.declineReason();
    };
    String rights = r.rightsResolved() == null ? ""
        : "；维权" + (r.rightsResolved() ? "已解决" : "未解决") + amount(r.recoveredAmount()).replace("发放", "追回");
    return "第" + r.assessmentCycle() + "轮 " + Organisation.fromCode(r.org()).chineseName() + "（"
        + IntakeVocabulary.servicesText(r.services()) + "）："
        + outcome + rights;
  }

  private static String amount(BigDecimal amount) {
    return amount == null || amount.signum() == 0 ? "" : "，发放 " + IntakeVocabulary.money(amount);
  }
}
