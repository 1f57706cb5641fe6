package org.aidflow.support;

import java.util.List;
import org.aidflow.organisation.OrganisationService;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.security.PasswordUpgrade;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;

/**
 * Units of the integration tests, in regions no other test's applicants live in (金华 3307, 绍兴 3306), so that the
 * tests sharing one database route as before: 金华's union (union-3307) with 婺城区's (union-330702) below it and no
 * unit for 金东区 (330703); 绍兴's union (union-3306) with 越城区's (union-330602); 金华's women's federation. Each
 * with a worker and a lead ({@code <unit>-worker}, {@code <unit>-lead}, password {@code demo}). Idempotent.
 */
public final class TestUnits {

  public static final String CITY = "union-3307";
  public static final String DISTRICT = "union-330702";
  public static final String OTHER_CITY = "union-3306";
  public static final String OTHER_DISTRICT = "union-330602";
  public static final String WOMEN_CITY = "women-3307";
  /** 婺城区, which has its own union unit. */
  public static final String DISTRICT_REGION = "330702";
  /** 金东区: no district unit, so 金华's city unit. */
  public static final String CITY_ONLY_REGION = "330703";
  /** 越城区. */
  public static final String OTHER_DISTRICT_REGION = "330602";
  /** 衢州 柯城区: no city or district unit, so the province's. */
  public static final String PROVINCE_ONLY_REGION = "330802";

  private TestUnits() {
  }

  public static synchronized void ensure(OrganisationUnits units, OrganisationService organisations,
      IdentityService identityService) {
    String[][] wanted = {
        {CITY, "金华市总工会"}, {DISTRICT, "婺城区总工会"}, {OTHER_CITY, "绍兴市总工会"}, {OTHER_DISTRICT, "越城区总工会"},
        {WOMEN_CITY, "金华市妇女联合会"}};
    for (String[] unit : wanted) {
      if (units.find(unit[0]).isEmpty()) {
        organisations.create(unit[0], unit[1]);
      }
      user(identityService, unit[0] + "-worker", unit[0] + "-caseworkers");
      user(identityService, unit[0] + "-lead", unit[0] + "-supervisors");
    }
  }

  public static List<String> codes() {
    return List.of(CITY, DISTRICT, OTHER_CITY, OTHER_DISTRICT, WOMEN_CITY);
  }

  /** A user with password {@code demo} in the group, made where missing. */
  public static void user(IdentityService identityService, String id, String group) {
    if (identityService.createUserQuery().userId(id).count() == 0) {
      User user = identityService.newUser(id);
      user.setFirstName(id);
      user.setLastName("测试");
      user.setPassword("demo");
      PasswordUpgrade.saveKeepingPassword(identityService, user);
    }
    if (identityService.createUserQuery().userId(id).memberOfGroup(group).count() == 0) {
      identityService.createMembership(id, group);
    }
  }
}
