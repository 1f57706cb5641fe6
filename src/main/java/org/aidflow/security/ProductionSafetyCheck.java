package org.aidflow.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.aidflow.shared.Organisation;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The {@code prod} profile refuses to start with anything meant for the demo: the demo profile, demo users, the
 * demo key or a default password. The message names every setting that is wrong.
 */
@Component
@Profile("prod")
public class ProductionSafetyCheck {

  /** Passwords and keys nobody may run production with. */
  static final Set<String> DEFAULT_SECRETS = Set.of("", "demo", "admin", "password", "postgres", "camunda", "secret",
      "changeme", "change-me", "aidflow");

  /** The key of application-demo.yml. */
  static final String DEMO_ENCRYPTION_KEY = "ZGVtby1vbmx5LWFlcy1rZXktbm90LWZvci1wcm9kISE=";

  /** The password of every demo user (demo profile's DemoUsers). */
  static final String DEMO_PASSWORD = "demo";

  private final Environment environment;
  private final IdentityService identityService;

  public ProductionSafetyCheck(Environment environment, IdentityService identityService) {
    this.environment = environment;
    this.identityService = identityService;
  }

  @EventListener
  public void onStarted(ApplicationStartedEvent event) {
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      throw new IllegalStateException("AidFlow refuses to start in the prod profile:\n - "
          + String.join("\n - ", problems));
    }
  }

  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (Arrays.asList(environment.getActiveProfiles()).contains("demo")) {
      problems.add("spring.profiles.active contains 'demo' (demo users and cases); remove it");
    }
    String hashKey = environment.getProperty("aidflow.privacy.hash-key", "");
    if (isDefault(hashKey) || hashKey.toLowerCase(Locale.ROOT).contains("demo")) {
      problems.add("aidflow.privacy.hash-key (AIDFLOW_PRIVACY_HASH_KEY) is the demo key or a default; set a secret");
    }
    String encryptionKey = environment.getProperty("aidflow.privacy.encryption-key", "");
    if (encryptionKey.equals(DEMO_ENCRYPTION_KEY) || isDefault(encryptionKey)) {
      problems.add("aidflow.privacy.encryption-key (AIDFLOW_PRIVACY_ENCRYPTION_KEY) is the demo key; set your own");
    }
    if (environment.getProperty("camunda.bpm.admin-user.id") != null) {
      problems.add("camunda.bpm.admin-user is set; create administrators in Admin instead of in configuration");
    }
    String databasePassword = environment.getProperty("spring.datasource.password", "");
    if (isDefault(databasePassword)) {
      problems.add("spring.datasource.password (DB_PASSWORD) is empty or a default password");
    }
    for (String demo : demoUserIds()) {
      if (identityService.createUserQuery().userId(demo).count() > 0
          && identityService.checkPassword(demo, DEMO_PASSWORD)) {
        problems.add("user '" + demo + "' still has the demo password; change it or delete the user in Admin");
      }
    }
    return problems;
  }

  /**
   * The users the demo profile creates (DemoUsers; a test keeps the two lists alike), looked for here without
   * depending on the demo package: each organisation's worker and lead, and the intake, supervisor, designer and admin.
   */
  static List<String> demoUserIds() {
    List<String> ids = new ArrayList<>();
    for (Organisation org : Organisation.values()) {
      ids.add(org.code() + "-worker");
      ids.add(org.code() + "-lead");
    }
    ids.addAll(List.of("intake", "supervisor", "designer", "admin"));
    return ids;
  }

  private static boolean isDefault(String secret) {
    return DEFAULT_SECRETS.contains(secret.trim().toLowerCase(Locale.ROOT));
  }
}
