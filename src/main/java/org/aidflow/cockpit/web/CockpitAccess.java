package org.aidflow.cockpit.web;

import java.util.List;
import org.aidflow.cockpit.report.CockpitFilter;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.shared.Groups;
import org.aidflow.shared.Organisation;
import org.springframework.stereotype.Component;

/**
 * Who sees which figures: members of {@code supervisors} every organisation, a unit's supervisors
 * ({@code <unit>-supervisors}) their organisation's within their unit's region, everyone else nothing.
 */
@Component
public class CockpitAccess {

  /** Camunda's own administrators' group, beside AidFlow's admins. */
  private static final String CAMUNDA_ADMIN = org.camunda.bpm.engine.authorization.Groups.CAMUNDA_ADMIN;

  /** The signed-in user, from HTTP Basic or the Camunda webapp session. */
  public record Viewer(String userId, List<String> groups) {
  }

  /** The viewer may not see these figures. */
  public static final class Forbidden extends RuntimeException {
    public Forbidden(String message) {
      super(message);
    }
  }

  /**
   * The filter the viewer may run: their own organisation(s) unless they asked for one, which must be theirs. A
   * supervisor of a city or district unit ({@code union-3301-supervisors}) sees their unit's region and the regions
   * below it: the region asked for must lie within it, and without one it is theirs (docs/organisation-units.md).
   */
  public CockpitFilter restrict(CockpitFilter filter, Viewer viewer) {
    if (viewer.groups().contains(Groups.SUPERVISORS)) {
      return filter;
    }
    List<String> units = viewer.groups().stream().filter(g -> g.endsWith(OrganisationUnit.SUPERVISORS))
        .map(OrganisationUnit::unitOfGroup).filter(java.util.Objects::nonNull).toList();
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
    // the regions the viewer supervises for the organisations asked for; a province unit's covers them all
    List<String> regions = units.stream().filter(u -> wanted.contains(OrganisationUnit.typeOf(u)))
        .map(u -> u.substring(u.indexOf('-') + 1)).distinct().toList();
    boolean everywhere = wanted.stream().allMatch(org -> units.contains(org + "-" + OrganisationUnits.PROVINCE));
    if (everywhere) {
      return filter;
    }
    if (filter.region() == null) {
      return new CockpitFilter(filter.orgs(), regions.get(0), filter.from(), filter.to());
    }
    String asked = filter.region();
    if (regions.stream().noneMatch(asked::startsWith)) {
      throw new Forbidden("只能查看本单位及下级单位地区的数据 / you may see your unit's region and those below it only");
    }
    return filter;
  }

  public boolean mayRebuild(Viewer viewer) {
    return viewer.groups().contains(Groups.ADMINS) || viewer.groups().contains(CAMUNDA_ADMIN);
  }
}
