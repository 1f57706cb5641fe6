package org.aidflow.cockpit.report;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Targets per indicator and year, e.g. {@code aidflow.cockpit.targets.2026.new-employment-workers-served=30000};
 * rates as fractions ({@code closure-rate: 0.9}). Alliance-wide: with an organisation or region filter the matching
 * degree (匹配度) is that part's contribution to the target.
 */
@Component
@ConfigurationProperties(prefix = "aidflow.cockpit")
public class CockpitTargets {

  private Map<Integer, Map<String, BigDecimal>> targets = new HashMap<>();

  public Map<Integer, Map<String, BigDecimal>> getTargets() {
    return targets;
  }

  public void setTargets(Map<Integer, Map<String, BigDecimal>> targets) {
    this.targets = targets;
  }

  public Optional<BigDecimal> of(int year, Indicator indicator) {
    return Optional.ofNullable(targets.getOrDefault(year, Map.of()).get(indicator.targetKey()));
  }
}
