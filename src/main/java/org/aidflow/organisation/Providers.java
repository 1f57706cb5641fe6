package org.aidflow.organisation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Service providers of the assistance alliance (助联体, docs/service-orders.md): organisation units of type
 * {@code provider} ({@code provider-<name>}), with the services each offers ({@code provider_service}) and the region
 * prefixes it covers ({@code provider_region}). A provider has no parent: it answers to no unit above it.
 */
@Repository
public class Providers {

  /** The unit type of providers. */
  public static final String TYPE = "provider";
  /** A provider's code: {@code provider-} and 2 to 20 lower-case letters or digits. */
  public static final String CODE_PATTERN = "provider-[a-z0-9]{2,20}";
  /** The services a provider may offer, with the labels the forms show. */
  public static final Map<String, String> SERVICES;

  static {
    Map<String, String> services = new LinkedHashMap<>();
    services.put("legal-aid", "法律援助");
    services.put("counselling", "心理疏导");
    services.put("training", "职业技能培训");
    services.put("health-check", "免费体检");
    services.put("in-kind", "实物帮扶");
    services.put("job-referral", "就业推荐");
    services.put("enterprise-legal-checkup", "企业法治体检");
    SERVICES = java.util.Collections.unmodifiableMap(services);
  }

  private final JdbcTemplate jdbc;

  public Providers(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public static boolean isProvider(String unitCode) {
    return unitCode != null && unitCode.startsWith(TYPE + "-");
  }

  public List<String> servicesOf(String unit) {
    return jdbc.queryForList("SELECT service FROM provider_service WHERE unit = ? ORDER BY service", String.class,
        unit);
  }

  public List<String> regionsOf(String unit) {
    return jdbc.queryForList("SELECT region FROM provider_region WHERE unit = ? ORDER BY region", String.class, unit);
  }

  /** Replaces what the provider offers (when {@code services} is not null) and where (when {@code regions} is not). */
  public void replace(String unit, List<String> services, List<String> regions) {
    if (services != null) {
      jdbc.update("DELETE FROM provider_service WHERE unit = ?", unit);
      for (String service : services) {
        jdbc.update("INSERT INTO provider_service (unit, service) VALUES (?, ?)", unit, service);
      }
    }
    if (regions != null) {
      jdbc.update("DELETE FROM provider_region WHERE unit = ?", unit);
      for (String region : regions) {
        jdbc.update("INSERT INTO provider_region (unit, region) VALUES (?, ?)", unit, region);
      }
    }
  }

  /**
   * The active providers that offer the service and cover the applicant's 6-digit region (one of their regions is a
   * prefix of it), by code.
   */
  public List<String> covering(String service, String applicantRegion) {
    return service == null ? List.of()
        : covering(List.of(service), applicantRegion).getOrDefault(service, List.of());
  }

  /**
   * For each of the services, the active providers that offer it and cover the applicant's 6-digit region, by code;
   * a service no provider covers is absent. One read for all of them (the plan form lists every service).
   */
  public Map<String, List<String>> covering(Collection<String> services, String applicantRegion) {
    if (services.isEmpty() || applicantRegion == null || !applicantRegion.matches("\\d{6}")) {
      return Map.of();
    }
    List<Object> arguments = new ArrayList<>(List.of(TYPE));
    arguments.addAll(services);
    arguments.addAll(List.of(applicantRegion, applicantRegion.substring(0, 4), applicantRegion.substring(0, 2)));
    Map<String, List<String>> covering = new LinkedHashMap<>();
    jdbc.query("SELECT s.service, u.code FROM organisation_unit u JOIN provider_service s ON s.unit = u.code"
            + " WHERE u.type = ? AND u.active = TRUE AND s.service IN (" + String.join(", ",
            Collections.nCopies(services.size(), "?")) + ") AND EXISTS (SELECT 1 FROM provider_region r"
            + " WHERE r.unit = u.code AND r.region IN (?, ?, ?)) ORDER BY s.service, u.code",
        rs -> {
          covering.computeIfAbsent(rs.getString(1), service -> new ArrayList<>()).add(rs.getString(2));
        }, arguments.toArray());
    return covering;
  }
}
