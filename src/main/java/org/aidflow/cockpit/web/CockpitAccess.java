package org.aidflow.cockpit.web;

import java.util.List;
import org.aidflow.cockpit.report.CockpitFilter;
import org.aidflow.shared.Groups;
import org.aidflow.shared.Organisation;
import org.springframework.stereotype.Component;

/**
 * Who sees which figures: members of {@code supervisors} every organisation, an organisation's supervisors
 * ({@code <org>-supervisors}) their own, everyone else nothing.
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

  /** The filter the viewer may run: their own organisation(s) unless they asked for one, which must be theirs. */
  public CockpitFilter restrict(CockpitFilter filter, Viewer viewer) {
    if (viewer.groups().contains(Groups.SUPERVISORS)) {
      return filter;
    }
    List<String> own = Organisation.codes().stream()
        .filter(org -> viewer.groups().contains(Organisation.fromCode(org).supervisorsGroup())).toList();
    if (own.isEmpty()) {
      throw new Forbidden("驾驶舱仅供督导人员查看 / the cockpit is for supervisors");
    }
    if (filter.orgs() == null) {
      return filter.withOrgs(own);
    }
    if (!own.containsAll(filter.orgs())) {
      throw new Forbidden("只能查看本单位的数据 / you may see your own organisation's figures only");
    }
    return filter;
  }

  public boolean mayRebuild(Viewer viewer) {
    return viewer.groups().contains(Groups.ADMINS) || viewer.groups().contains(CAMUNDA_ADMIN);
  }
}
