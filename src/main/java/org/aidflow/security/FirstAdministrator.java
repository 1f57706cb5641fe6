package org.aidflow.security;

import java.util.Locale;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.PasswordPolicyResult;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Outside the demo, the first administrator comes from the settings {@code AIDFLOW_ADMIN_USER} and
 * {@code AIDFLOW_ADMIN_PASSWORD}: created at the first start (password hashed by the engine, under the password
 * policy) as a member of {@code camunda-admin} and {@code admins} ({@link Administrators}). Once the user exists the password setting is not read again (it may be
 * removed, and a password changed in Admin stays). Camunda's setup page stays closed ({@link SetupPageClosedFilter}).
 */
@Component
@Profile("!" + StartupSettingsCheck.DEMO)
public class FirstAdministrator {

  static final String USER = "aidflow.admin.user";
  static final String PASSWORD = "aidflow.admin.password";
  private static final Logger LOG = LoggerFactory.getLogger(FirstAdministrator.class);

  private final IdentityService identityService;
  private final AuthorizationService authorizationService;
  private final Environment environment;

  public FirstAdministrator(IdentityService identityService, AuthorizationService authorizationService,
      Environment environment) {
    this.identityService = identityService;
    this.authorizationService = authorizationService;
    this.environment = environment;
  }

  /** After the groups exist (AuthorizationSetup, order 1). */
  @EventListener
  @Order(2)
  public void onReady(ApplicationReadyEvent event) {
    String userId = environment.getProperty(USER, "").trim();
    if (userId.isEmpty()) {
      throw new IllegalStateException("AIDFLOW_ADMIN_USER (" + USER + ") is not set");
    }
    if (identityService.createUserQuery().userId(userId).count() > 0) {
      ensureMember(userId);
      return;
    }
    String password = environment.getProperty(PASSWORD, "");
    if (password.isEmpty()) {
      throw new IllegalStateException("AIDFLOW_ADMIN_PASSWORD (" + PASSWORD + ") is needed on the first start, to "
          + "create the administrator " + userId);
    }
    if (ProductionSafetyCheck.DEFAULT_SECRETS.contains(password.toLowerCase(Locale.ROOT))) {
      throw new IllegalStateException("AIDFLOW_ADMIN_PASSWORD is a default password; choose your own");
    }
    User user = identityService.newUser(userId);
    user.setFirstName("管理员");
    user.setLastName("首位");
    user.setPassword(password);
    PasswordPolicyResult policy = identityService.checkPasswordAgainstPolicy(password, user);
    if (!policy.isValid()) {
      throw new IllegalStateException("AIDFLOW_ADMIN_PASSWORD does not meet the password policy: "
          + policy.getViolatedRules().stream().map(rule -> rule.getPlaceholder() + " " + rule.getParameters()).toList());
    }
    identityService.saveUser(user);
    ensureMember(userId);
    LOG.info("created the first administrator {} from AIDFLOW_ADMIN_USER", userId);
  }

  private void ensureMember(String userId) {
    Administrators.makeAdministrator(identityService, authorizationService, userId);
  }
}
