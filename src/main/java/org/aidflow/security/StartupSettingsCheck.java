package org.aidflow.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * No demo by accident: the packaged jar has no default profile, and outside the {@code demo} profile AidFlow
 * refuses to start, before it opens the database, unless the settings a real installation needs are there (the
 * privacy keys, a PostgreSQL database, the first administrator) and none of the demo's is. The message names each
 * setting. {@code mvn spring-boot:run} names the demo profile itself (pom.xml).
 */
@Component
public class StartupSettingsCheck implements BeanFactoryPostProcessor, EnvironmentAware {

  static final String DEMO = "demo";

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
    List<String> problems = problems(environment);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("AidFlow refuses to start with profiles "
          + Arrays.toString(environment.getActiveProfiles()) + ":\n - " + String.join("\n - ", problems)
          + "\nFor the demonstration (demo users with password demo, H2, demo keys) name the profile: "
          + "--spring.profiles.active=demo (mvn spring-boot:run does). Production: SPRING_PROFILES_ACTIVE=prod,postgres "
          + "with the settings above (docker-compose.yml).");
    }
  }

  /** Empty in the demo profile, and when every setting of a real installation is present. */
  static List<String> problems(Environment environment) {
    List<String> problems = new ArrayList<>();
    List<String> profiles = Arrays.asList(environment.getActiveProfiles());
    if (profiles.contains(DEMO)) {
      return problems;
    }
    if (profiles.isEmpty()) {
      problems.add("no profile is active (SPRING_PROFILES_ACTIVE): name demo, or prod,postgres");
    }
    String hashKey = environment.getProperty("aidflow.privacy.hash-key", "");
    if (blankOrDemo(hashKey)) {
      problems.add("AIDFLOW_PRIVACY_HASH_KEY (aidflow.privacy.hash-key) is missing or the demo's");
    }
    String encryptionKey = environment.getProperty("aidflow.privacy.encryption-key", "");
    if (blankOrDemo(encryptionKey) || encryptionKey.equals(ProductionSafetyCheck.DEMO_ENCRYPTION_KEY)) {
      problems.add("AIDFLOW_PRIVACY_ENCRYPTION_KEY (aidflow.privacy.encryption-key) is missing or the demo's");
    }
    String databaseUrl = environment.getProperty("spring.datasource.url", "");
    if (databaseUrl.isBlank() || databaseUrl.startsWith("jdbc:h2:")) {
      problems.add("DB_URL, DB_USER, DB_PASSWORD with the postgres profile (spring.datasource.url is the demo's H2 "
          + "file database)");
    }
    if (environment.getProperty(FirstAdministrator.USER, "").isBlank()) {
      problems.add("AIDFLOW_ADMIN_USER (" + FirstAdministrator.USER + "), and AIDFLOW_ADMIN_PASSWORD on the first "
          + "start: the first administrator");
    }
    if (environment.getProperty("aidflow.demo.password") != null
        || environment.getProperty("aidflow.demo.cases", Boolean.class, false)) {
      problems.add("aidflow.demo.* is set (demo users and cases) without the demo profile");
    }
    if (environment.getProperty("camunda.bpm.admin-user.id") != null) {
      problems.add("camunda.bpm.admin-user is set; use AIDFLOW_ADMIN_USER and AIDFLOW_ADMIN_PASSWORD");
    }
    return problems;
  }

  private static boolean blankOrDemo(String secret) {
    return secret.isBlank() || secret.toLowerCase(Locale.ROOT).contains(DEMO);
  }
}
