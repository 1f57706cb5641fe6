package org.aidflow.demo;

import java.util.ArrayList;
import java.util.List;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.security.Administrators;
import org.aidflow.security.PasswordUpgrade;
import org.aidflow.shared.Groups;
import org.aidflow.shared.Organisation;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The demo logins of README (password {@code demo}), {@code admin} among them; only in the demo profile. */
@Component
@Profile("demo")
public class DemoUsers {

  /** A demo login: id, Chinese display name and the groups it belongs to. */
  public record DemoUser(String id, String firstName, String lastName, List<String> groups) {
  }

  private final IdentityService identityService;
  private final AuthorizationService authorizationService;
  private final String password;

  public DemoUsers(IdentityService identityService, AuthorizationService authorizationService,
      @Value("${aidflow.demo.password}") String password) {
    this.identityService = identityService;
    this.authorizationService = authorizationService;
    this.password = password;
  }

  public static List<DemoUser> users() {
    List<DemoUser> users = new ArrayList<>();
    String[][] people = {{"张", "工"}, {"李", "团"}, {"王", "妇"}, {"赵", "善"}, {"周", "民"}};
    Organisation[] orgs = Organisation.values();
    for (int i = 0; i < orgs.length; i++) {
      Organisation org = orgs[i];
      // the province unit's (union-33-caseworkers, ...)
      String province = OrganisationUnits.provinceUnit(org.code());
      users.add(new DemoUser(org.code() + "-worker", people[i][1] + "经办", people[i][0],
          List.of(province + OrganisationUnit.CASEWORKERS)));
      users.add(new DemoUser(org.code() + "-lead", people[i][1] + "主管", people[i][0],
          List.of(province + OrganisationUnit.SUPERVISORS)));
    }
    users.add(new DemoUser("intake", "受理员", "陈", List.of(Groups.INTAKE_OFFICERS)));
    users.add(new DemoUser("supervisor", "主管", "孙", List.of(Groups.SUPERVISORS)));
    users.add(new DemoUser("designer", "设计", "吴", List.of(Groups.DESIGNERS)));
    // also in camunda-admin, as Camunda's setup page would make it (onReady)
    users.add(new DemoUser("admin", "管理员", "系统", List.of(Groups.ADMINS)));
    return users;
  }

  @EventListener
  @Order(3)
  public void onReady(ApplicationReadyEvent event) {
    for (DemoUser demoUser : users()) {
      if (identityService.createUserQuery().userId(demoUser.id()).count() == 0) {
        User user = identityService.newUser(demoUser.id());
        user.setFirstName(demoUser.firstName());
        user.setLastName(demoUser.lastName());
        user.setPassword(password);
        user.setEmail(demoUser.id() + "@aidflow.example");
        // "demo" does not pass the password policy, which is for passwords people choose in Admin and over REST
        PasswordUpgrade.saveKeepingPassword(identityService, user);
      }
      if (demoUser.groups().contains(Groups.ADMINS)) {
        Administrators.makeAdministrator(identityService, authorizationService, demoUser.id());
      }
      for (String group : demoUser.groups()) {
        if (identityService.createUserQuery().userId(demoUser.id()).memberOfGroup(group).count() == 0) {
          identityService.createMembership(demoUser.id(), group);
        }
      }
    }
  }
}
