package org.aidflow.shared;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The policy numbers of domain.md that operators change without a rebuild
 * ({@code aidflow.policy.*} in application.yml or the environment).
 *
 * @param defaultLowLine minimum living standard (CNY per person and month) where a region has none of its own
 * @param lowLines minimum living standard per 6-digit region code
 * @param firstFollowUp time from the end of the referrals to the first follow-up
 * @param secondFollowUp time to the second follow-up after an IMPROVED outcome
 * @param maxReassessments how many times a case that did not improve goes back to verification before a
 *     supervisor decides
 */
@ConfigurationProperties("aidflow.policy")
public record PolicySettings(
    @DefaultValue("1200") BigDecimal defaultLowLine,
    Map<String, BigDecimal> lowLines,
    @DefaultValue("P30D") Duration firstFollowUp,
    @DefaultValue("P90D") Duration secondFollowUp,
    @DefaultValue("3") int maxReassessments) {

  public PolicySettings {
    lowLines = lowLines == null ? Map.of() : Map.copyOf(lowLines);
  }

  public BigDecimal lowLineFor(String region) {
    return lowLines.getOrDefault(region, defaultLowLine);
  }

  public Duration followUpDelay(int round) {
    return round <= 1 ? firstFollowUp : secondFollowUp;
  }
}
