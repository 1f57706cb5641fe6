package org.aidflow.cockpit.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.aidflow.cockpit.report.CockpitFilter;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.shared.Groups;
import org.aidflow.shared.Organisation;
import org.aidflow.shared.WebappUser;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who sees which figures: members of {@code supervisors} everything (administrators manage users, not cases); a unit's supervisors
 * ({@code <unit>-supervisors}) their unit's and those of every unit below it (same organisation type, region starting
 * with the unit's: the cases whose intake unit and the referrals whose receiving unit is one of them); everyone else
 * nothing.
 */
@Component
public class CockpitAccess {

  private final OrganisationUnits organisationUnits;

  public CockpitAccess(OrganisationUnits organisationUnits) {
    this.organisationUnits = organisationUnits;
  }

  /** The signed-in user, from HTTP Basic or the Camunda webapp session. */
  public record Viewer(String userId, List<String> groups) {

    /** The user an API call was authenticated as (HTTP Basic); refused when nobody is. */
    public static Viewer ofApi(IdentityService identityService) {
      Authentication authentication = identityService.getCurrentAuthentication();
      if (authentication == null) {
        throw new Forbidden("未登录 / not signed in");
      }
      return new Viewer(authentication.getUserId(),
          authentication.getGroupIds() == null ? List.of() : authentication.getGroupIds());
    }

    /** The user signed in to the Camunda webapps on this engine, or null. */
    public static Viewer ofWebapp(HttpServletRequest request, ProcessEngine engine) {
      return WebappUser.of(request, engine.getName()).map(user -> new Viewer(user.getName(),
          user.getGroupIds() == null ? List.<String>of() : List.copyOf(user.getGroupIds()))).orElse(null);
    }
  }

  /** The viewer may not see these figures. */
  public static final class Forbidden extends RuntimeException {
    public Forbidden(String message) {
      super(message);
    }
  }

  /**
   * The filter the viewer may run. Everyone but the cross-organisation supervisors is held to the
   * units they supervise: an organisation asked for must be one of theirs, a unit asked for must be one of theirs or
   * below one, a region asked for must lie within their units' regions; without a unit, their units are the filter.
   */
  public CockpitFilter restrict(CockpitFilter filter, Viewer viewer) {
    if (seesAll(viewer)) {
      return filter;
    }
    List<String> units = supervisedUnits(viewer);
    List<String> own = units.stream().map(OrganisationUnit::typeOf).filter(Organisation.codes()::contains).distinct()
        .toList();
    if (own.isEmpty()) {
      throw new Forbidden("驾驶舱仅供督导人员查看 / the cockpit is for supervisors");
    }
    if (filter.orgs() == null) {
      filter = filter.withOrgs(own);
    } else if (!own.containsAll(filter.orgs())) {
      throw new Forbidden("只能查看本单位的数据 / you may see your own organisation's figures only");
    }
    List<String> wanted = filter.orgs();
    List<String> scope = units.stream().filter(u -> wanted.contains(OrganisationUnit.typeOf(u))).toList();
    if (filter.units() != null) {
      CockpitFilter mine = filter.withUnits(scope);
      if (!filter.units().stream().allMatch(mine::covers)) {
        throw new Forbidden("只能查看本单位及下级单位的数据 / you may see your unit's figures and those of the units"
            + " below it only");
      }
    } else {
      filter = filter.withUnits(scope);
    }
    if (filter.region() != null) {
      String asked = filter.region();
      // the regions the viewer supervises for the organisations asked for; a province unit's covers them all
      if (scope.stream().map(u -> u.substring(u.indexOf('-') + 1)).noneMatch(asked::startsWith)) {
        throw new Forbidden("只能查看本单位及下级单位地区的数据 / you may see your unit's region and those below it only");
      }
    }
    return filter;
  }

  /**
   * The units the viewer may choose in the dashboard's unit filter, code → Chinese name, in tree order: every unit for
   * those who see everything, else the units they supervise and every unit below each.
   */
  public Map<String, String> visibleUnits(Viewer viewer) {
    Map<String, String> visible = new LinkedHashMap<>();
    List<OrganisationUnit> all = organisationUnits.all();
    List<String> scope = seesAll(viewer) ? null : supervisedUnits(viewer);
    for (OrganisationUnit unit : all) {
      if (scope == null || scope.stream().anyMatch(unit.code()::startsWith)) {
        visible.put(unit.code(), unit.name() + (unit.active() ? "" : "（已停用）"));
      }
    }
    return visible;
  }

  private static boolean seesAll(Viewer viewer) {
    return viewer.groups().contains(Groups.SUPERVISORS);
  }

  /** The units whose supervisors' group the viewer is in ({@code union-3301-supervisors} → {@code union-3301}). */
  private static List<String> supervisedUnits(Viewer viewer) {
    List<String> units = new ArrayList<>();
    viewer.groups().stream().filter(g -> g.endsWith(OrganisationUnit.SUPERVISORS))
        .map(OrganisationUnit::unitOfGroup).filter(Objects::nonNull).distinct().forEach(units::add);
    return units;
  }

  /**
   * Whether the viewer may set a unit's targets: that unit's supervisors ({@code <unit>-supervisors}) and the
   * cross-organisation {@code supervisors}; not the supervisors of a unit above or beside it.
   */
  public boolean mayEditTargets(Viewer viewer, String unit) {
    return seesAll(viewer) || viewer.groups().contains(unit + OrganisationUnit.SUPERVISORS);
  }

  public boolean mayRebuild(Viewer viewer) {
    return Groups.isAdministrator(viewer.groups());
  }
}
