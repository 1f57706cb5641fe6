package org.aidflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.aidflow.demo.DemoUsers;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class StartupSettingsCheckTest {

  @Test
  void withoutAProfileEverySettingOfARealInstallationIsNamed() {
    MockEnvironment environment = new MockEnvironment()
        .withProperty("spring.datasource.url", "jdbc:h2:file:./data/aidflow");

    assertThat(String.join("\n", StartupSettingsCheck.problems(environment))).contains("no profile is active",
        "AIDFLOW_PRIVACY_HASH_KEY", "AIDFLOW_PRIVACY_ENCRYPTION_KEY", "DB_URL", "AIDFLOW_ADMIN_USER");
  }

  @Test
  void theDemosSettingsWithoutTheDemoProfileAreRefused() {
    MockEnvironment environment = production()
        .withProperty("aidflow.privacy.hash-key", "demo-only-hash-key-do-not-use-in-production")
        .withProperty("aidflow.privacy.encryption-key", ProductionSafetyCheck.DEMO_ENCRYPTION_KEY)
        .withProperty("aidflow.demo.password", "demo")
        .withProperty("camunda.bpm.admin-user.id", "admin");

    assertThat(String.join("\n", StartupSettingsCheck.problems(environment))).contains("AIDFLOW_PRIVACY_HASH_KEY",
        "AIDFLOW_PRIVACY_ENCRYPTION_KEY", "aidflow.demo", "camunda.bpm.admin-user");
  }

  @Test
  void aCompleteProductionSetupAndTheNamedDemoStart() {
    assertThat(StartupSettingsCheck.problems(production())).isEmpty();
    MockEnvironment demo = new MockEnvironment();
    demo.setActiveProfiles("demo");
    assertThat(StartupSettingsCheck.problems(demo)).isEmpty();
  }

  @Test
  void theProductionCheckLooksForEveryDemoUser() {
    // the check does not depend on the demo package, so it keeps its own list of the demo users
    assertThat(ProductionSafetyCheck.demoUserIds())
        .containsExactlyInAnyOrderElementsOf(DemoUsers.users().stream().map(DemoUsers.DemoUser::id).toList());
  }

  private static MockEnvironment production() {
    MockEnvironment environment = new MockEnvironment()
        .withProperty("spring.datasource.url", "jdbc:postgresql://db:5432/aidflow")
        .withProperty("aidflow.privacy.hash-key", "a-real-secret-of-the-operator")
        .withProperty("aidflow.privacy.encryption-key", "c2VjcmV0LWtleS1vZi10aGUtb3BlcmF0b3ItMzJiIQ==")
        .withProperty("aidflow.admin.user", "ops-admin");
    environment.setActiveProfiles("prod", "postgres");
    return environment;
  }
}
