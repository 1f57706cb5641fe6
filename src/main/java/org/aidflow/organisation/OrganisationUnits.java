package org.aidflow.organisation;

import org.aidflow.shared.BoundedCache;
import org.aidflow.shared.Organisation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The organisation units as data ({@code organisation_unit}) and jurisdiction: which unit works a case or referral
 * of one organisation type for an applicant's region.
 */
@Repository
public class OrganisationUnits {

  /** The province every unit tree starts from, and where work without a matching unit goes. */
  public static final String PROVINCE = "33";

  private static final String COLUMNS = "SELECT code, type, region, name, parent, active FROM organisation_unit";

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public OrganisationUnits(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public List<OrganisationUnit> all() {
    return jdbc.query(COLUMNS + " ORDER BY type, region", OrganisationUnits::unit);
  }

  public List<OrganisationUnit> active() {
    return jdbc.query(COLUMNS + " WHERE active = TRUE ORDER BY type, region", OrganisationUnits::unit);
  }

  public Optional<OrganisationUnit> find(String code) {
    return jdbc.query(COLUMNS + " WHERE code = ?", OrganisationUnits::unit, code).stream().findFirst();
  }

  /**
   * The unit that works an organisation type's part of a case for an applicant's 6-digit region: the most specific
   * active unit of that type whose region is a prefix of it (330106 → union-330106, else union-3301, else union-33).
   * Without a region, or for a region outside every unit, the type's province unit.
   */
  public String jurisdiction(String type, String applicantRegion) {
    if (applicantRegion != null && applicantRegion.matches("\\d{6}")) {
      List<String> prefixes = List.of(applicantRegion, applicantRegion.substring(0, 4), applicantRegion.substring(0, 2));
      List<String> found = jdbc.queryForList("SELECT code FROM organisation_unit WHERE type = ? AND active = TRUE"
              + " AND region IN (?, ?, ?) ORDER BY LENGTH(region) DESC", String.class, type, prefixes.get(0),
          prefixes.get(1), prefixes.get(2));
      if (!found.isEmpty()) {
        return found.get(0);
      }
    }
    return provinceUnit(type);
  }

  /** {@code <type>-33}: the province unit, which always exists and cannot be deactivated. */
  public static String provinceUnit(String type) {
    return Organisation.provinceUnit(type);
  }

  /**
   * A unit code for what a caller holds: a unit code as it is, a bare organisation code (rows and variables from
   * before units) as that organisation's province unit.
   */
  public static String unitCode(String orgOrUnit) {
    return orgOrUnit.indexOf('-') < 0 ? provinceUnit(orgOrUnit) : orgOrUnit;
  }

  /**
   * The codes of the units that may stand above a unit, by its code alone: the same type with each shorter region
   * prefix, nearest first ({@code union-330106} → {@code union-3301}, {@code union-33}; empty for a province unit).
   * Whether they exist is the caller's question; a sibling or a lower unit is never among them.
   */
  public static List<String> ancestorCodes(String unitCode) {
    String type = OrganisationUnit.typeOf(unitCode);
    String region = unitCode.substring(type.length() + 1);
    List<String> codes = new ArrayList<>();
    for (int length = region.length() - 2; length >= 2; length -= 2) {
      codes.add(type + "-" + region.substring(0, length));
    }
    return codes;
  }

  /**
   * The unit's parents, nearest first, up to the province unit (empty for a province unit, and for a code no unit
   * has yet).
   */
  public List<String> ancestors(String code) {
    // one statement for the whole chain, the unit itself first: only a unit that exists has a chain to keep
    List<String> ancestors = chains.get(code, unit -> {
      List<String> chain = jdbc.queryForList(CHAIN, String.class, unit);
      return chain.isEmpty() ? null : List.copyOf(chain.subList(1, chain.size()));
    });
    return ancestors == null ? List.of() : ancestors;
  }

  /**
   * The chains read so far, by unit. A unit's parent is set when it is created and never changes (no unit is moved
   * or deleted, {@link #update} changes name and state only), so a chain read once holds on every node for the
   * application's life: the grants of each new task asked for it in a statement of their own (5 per case). A feature
   * that moves units must clear this. At most far more units than a province has (a few per county and type).
   */
  private final BoundedCache<String, List<String>> chains = new BoundedCache<>(100_000);

  /** At most four levels above a unit (district, city, province and one to spare): parent links never loop it. */
  private static final String CHAIN = "WITH RECURSIVE chain (code, parent, depth) AS ("
      + "SELECT code, parent, 0 FROM organisation_unit WHERE code = ? "
      + "UNION ALL SELECT u.code, u.parent, c.depth + 1 FROM organisation_unit u JOIN chain c ON u.code = c.parent"
      + " WHERE c.depth < 4) SELECT code FROM chain ORDER BY depth";

  /** The nearest active unit above this one (its parent, or the parent's parent when that is inactive, …). */
  public Optional<String> nearestActiveAncestor(String code) {
    for (String above : ancestors(code)) {
      if (find(above).map(OrganisationUnit::active).orElse(false)) {
        return Optional.of(above);
      }
    }
    return Optional.empty();
  }

  /** The unit with every unit below it (the unit first), active or not. */
  public List<String> selfAndDescendants(String code) {
    List<String> result = new ArrayList<>();
    List<String> frontier = List.of(code);
    while (!frontier.isEmpty() && result.size() < 10_000) {
      result.addAll(frontier);
      List<String> next = new ArrayList<>();
      for (String unit : frontier) {
        next.addAll(jdbc.queryForList("SELECT code FROM organisation_unit WHERE parent = ?", String.class, unit));
      }
      frontier = next;
    }
    return result;
  }

  /** The nearest existing unit of the type whose region is a proper prefix of this one; empty if none. */
  public Optional<String> parentFor(String type, String region) {
    List<String> prefixes = new ArrayList<>();
    for (int length = region.length() - 2; length >= 2; length -= 2) {
      prefixes.add(region.substring(0, length));
    }
    for (String prefix : prefixes) {
      List<String> found = jdbc.queryForList("SELECT code FROM organisation_unit WHERE type = ? AND region = ?",
          String.class, type, prefix);
      if (!found.isEmpty()) {
        return Optional.of(found.get(0));
      }
    }
    return Optional.empty();
  }

  public void insert(OrganisationUnit unit) {
    jdbc.update("INSERT INTO organisation_unit (code, type, region, name, parent, active, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)", unit.code(), unit.type(), unit.region(), unit.name(), unit.parent(),
        unit.active(), Timestamp.from(clock.instant()));
  }

  public void update(String code, String name, boolean active) {
    jdbc.update("UPDATE organisation_unit SET name = ?, active = ? WHERE code = ?", name, active, code);
  }

  private static OrganisationUnit unit(ResultSet rs, int row) throws SQLException {
    return new OrganisationUnit(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getBoolean(6));
  }
}
