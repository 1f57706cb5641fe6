package org.aidflow.demo;

import java.util.ArrayList;
import java.util.List;
import org.aidflow.organisation.OrganisationService;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.security.PasswordUpgrade;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo's units (docs/organisation-units.md): every organisation in Hangzhou (3301) and Ningbo (3302), the union and
 * the women's federation in 上城区 (330102), 西湖区 (330106) and 鄞州区 (330212), each with a worker and a lead
 * ({@code <unit>-worker}, {@code <unit>-lead}, password {@code demo}); the province units keep the demo users of
 * {@link DemoUsers}; and the service providers of {@link #PROVIDERS} with theirs. Only in the demo profile with {@code aidflow.demo.units} (on in application-demo.yml; the
 * integration tests turn it off so that their applicants keep going to the province units).
 */
@Component
@Profile("demo")
@ConditionalOnProperty(name = "aidflow.demo.units", havingValue = "true")
public class DemoUnits {

  /** Code and Chinese name, parents before children. */
  static final List<String[]> UNITS = List.of(
      new String[] {"union-3301", "杭州市总工会"}, new String[] {"youth-3301", "共青团杭州市委"},
      new String[] {"women-3301", "杭州市妇女联合会"}, new String[] {"charity-3301", "杭州市慈善总会"},
      new String[] {"civil-3301", "杭州市民政局"},
      new String[] {"union-3302", "宁波市总工会"}, new String[] {"youth-3302", "共青团宁波市委"},
      new String[] {"women-3302", "宁波市妇女联合会"}, new String[] {"charity-3302", "宁波市慈善总会"},
      new String[] {"civil-3302", "宁波市民政局"},
      new String[] {"union-330102", "上城区总工会"}, new String[] {"women-330102", "上城区妇女联合会"},
      new String[] {"union-330106", "西湖区总工会"}, new String[] {"women-330106", "西湖区妇女联合会"},
      new String[] {"union-330212", "鄞州区总工会"}, new String[] {"women-330212", "鄞州区妇女联合会"});

  /**
   * The demo's service providers (助联体, docs/service-orders.md): code, Chinese name, services, regions covered.
   * Hangzhou and Ningbo law firms, a hospital, a training school and a social-work station.
   */
  static final List<Object[]> PROVIDERS = List.of(
      new Object[] {"provider-hzxhlaw", "浙江西湖律师事务所", List.of("legal-aid", "enterprise-legal-checkup"),
          List.of("3301")},
      new Object[] {"provider-hzqtlaw", "杭州钱塘律师事务所", List.of("legal-aid"), List.of("330102", "330106")},
      new Object[] {"provider-nbylaw", "宁波甬江律师事务所", List.of("legal-aid", "enterprise-legal-checkup"),
          List.of("3302")},
      new Object[] {"provider-hzhosp", "杭州市职工医院", List.of("health-check"), List.of("3301")},
      new Object[] {"provider-zjskill", "浙江职工技能培训学校", List.of("training", "job-referral"),
          List.of("3301", "3302")},
      new Object[] {"provider-xhsocial", "西湖区社会工作服务站", List.of("counselling", "in-kind"), List.of("330106")});

  private final OrganisationUnits units;
  private final OrganisationService organisations;
  private final IdentityService identityService;
  private final String password;

  public DemoUnits(OrganisationUnits units, OrganisationService organisations, IdentityService identityService,
      @Value("${aidflow.demo.password}") String password) {
    this.units = units;
    this.organisations = organisations;
    this.identityService = identityService;
    this.password = password;
  }

  /** The demo logins of the units: {@code <unit>-worker} and {@code <unit>-lead}. */
  public static List<DemoUsers.DemoUser> users() {
    List<DemoUsers.DemoUser> users = new ArrayList<>();
    for (String[] unit : UNITS) {
      users.add(new DemoUsers.DemoUser(unit[0] + "-worker", "经办", unit[1], List.of(unit[0]
          + OrganisationUnit.CASEWORKERS)));
      users.add(new DemoUsers.DemoUser(unit[0] + "-lead", "主管", unit[1], List.of(unit[0]
          + OrganisationUnit.SUPERVISORS)));
    }
    for (Object[] provider : PROVIDERS) {
      String code = (String) provider[0];
      users.add(new DemoUsers.DemoUser(code + "-worker", "经办", (String) provider[1], List.of(code
          + OrganisationUnit.CASEWORKERS)));
      users.add(new DemoUsers.DemoUser(code + "-lead", "主管", (String) provider[1], List.of(code
          + OrganisationUnit.SUPERVISORS)));
    }
    return users;
  }

  /** After the groups and filters of the start-up (orders 1, 2), before the demo cases (order 4). */
  @EventListener
  @Order(3)
  public void onReady(ApplicationReadyEvent event) {
    for (String[] unit : UNITS) {
      if (units.find(unit[0]).isEmpty()) {
        organisations.create(unit[0], unit[1]);
      }
    }
    for (Object[] provider : PROVIDERS) {
      if (units.find((String) provider[0]).isEmpty()) {
        @SuppressWarnings("unchecked")
        List<String> services = (List<String>) provider[2];
        @SuppressWarnings("unchecked")
        List<String> regions = (List<String>) provider[3];
        organisations.createProvider((String) provider[0], (String) provider[1], services, regions);
      }
    }
    for (DemoUsers.DemoUser demoUser : users()) {
      if (identityService.createUserQuery().userId(demoUser.id()).count() == 0) {
        User user = identityService.newUser(demoUser.id());
        user.setFirstName(demoUser.firstName());
        user.setLastName(demoUser.lastName());
        user.setPassword(password);
        user.setEmail(demoUser.id() + "@aidflow.example");
        PasswordUpgrade.saveKeepingPassword(identityService, user);
      }
      for (String group : demoUser.groups()) {
        if (identityService.createUserQuery().userId(demoUser.id()).memberOfGroup(group).count() == 0) {
          identityService.createMembership(demoUser.id(), group);
        }
      }
    }
  }
}
