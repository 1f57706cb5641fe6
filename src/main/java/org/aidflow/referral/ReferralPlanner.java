package org.aidflow.referral;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aidflow.shared.Organisation;
import org.springframework.stereotype.Service;

/**
 * Turns the rows that matched in the referral-routing decision into referrals, one per organisation. The rows
 * themselves are policy in DMN; this class only applies what a collect table cannot say: merging per org,
 * the lead org's catch-all and the consent rule (docs/policy.md, "Referral routing").
 */
@Service
public class ReferralPlanner {

  static final String NONE = "NONE";
  static final String CATCH_ALL_SERVICE = "hardship-grant";
  static final String CATCH_ALL_LABEL = "困难帮扶金";

  /** One service a routing row asked for. */
  public record Match(String org, String service, String serviceLabel) {
  }

  /** One referral: an organisation and the services it is asked for. */
  public record PlannedReferral(String org, List<String> services, List<String> serviceLabels) {
    public String servicesCodes() {
      return String.join(",", services);
    }

    public String servicesText() {
      return String.join("、", serviceLabels);
    }
  }

  /** The referrals of a case, or why there are none. */
  public record ReferralPlan(List<PlannedReferral> referrals, String note, String notEligibleReason) {
    public boolean eligible() {
      return !referrals.isEmpty();
    }
  }

  public ReferralPlan plan(Collection<Match> matches, String hardshipLevel, boolean consent, String intakeOrg) {
    Map<String, Set<Match>> byOrg = new LinkedHashMap<>();
    for (String org : Organisation.codes()) {
      matches.stream().filter(m -> org.equals(m.org()))
          .forEach(m -> byOrg.computeIfAbsent(org, o -> new LinkedHashSet<>()).add(m));
    }
    String note = null;
    if (byOrg.isEmpty()) {
      if (NONE.equals(hardshipLevel)) {
        return new ReferralPlan(List.of(), null,
            "经核实，家庭人均收入不低于当地低保标准的两倍，且不属于维权类求助，暂不符合帮扶条件。");
      }
      byOrg.put(Organisation.UNION.code(),
          new LinkedHashSet<>(List.of(new Match(Organisation.UNION.code(), CATCH_ALL_SERVICE, CATCH_ALL_LABEL))));
      note = "未匹配专项帮扶，由牵头单位总工会兜底受理。";
    }
    if (!consent) {
      Set<Match> all = new LinkedHashSet<>();
      byOrg.values().forEach(all::addAll);
      byOrg.clear();
      byOrg.put(intakeOrg, all);
      note = "申请人未同意跨组织共享信息，案件仅由受理单位（" + Organisation.fromCode(intakeOrg).chineseName() + "）办理。";
    }
    List<PlannedReferral> referrals = new ArrayList<>();
    byOrg.forEach((org, services) -> referrals.add(new PlannedReferral(org,
        services.stream().map(Match::service).distinct().toList(),
        services.stream().map(Match::serviceLabel).distinct().toList())));
    return new ReferralPlan(referrals, note, null);
  }
}
