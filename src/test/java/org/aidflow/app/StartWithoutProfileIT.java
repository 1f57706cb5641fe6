package org.aidflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.aidflow.support.AppNode;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar, started with {@code java -jar} and no profile, has no demo to fall back on: it refuses to start
 * and names the settings a real installation needs. Started with only the demo's keys, it refuses them too.
 */
class StartWithoutProfileIT {

  @Test
  void theJarWithoutAProfileRefusesToStartAndNamesTheSettings() throws Exception {
    String log = runUntilExit("no-profile", Map.of());

    assertThat(log).contains("AidFlow refuses to start", "no profile is active", "AIDFLOW_PRIVACY_HASH_KEY",
        "AIDFLOW_PRIVACY_ENCRYPTION_KEY", "DB_URL", "AIDFLOW_ADMIN_USER", "--spring.profiles.active=demo");
    assertThat(log).doesNotContain("Started AidFlowApplication", "The following 1 profile is active: \"demo\"");
    System.out.println("java -jar target/aidflow.jar without a profile:\n" + excerpt(log));
  }

  @Test
  void theJarWithTheDemosKeysButWithoutTheDemoProfileRefusesThem() throws Exception {
    String log = runUntilExit("demo-keys", Map.of("SPRING_PROFILES_ACTIVE", "prod",
        "AIDFLOW_PRIVACY_HASH_KEY", "demo-only-hash-key-do-not-use-in-production",
        "AIDFLOW_PRIVACY_ENCRYPTION_KEY", "ZGVtby1vbmx5LWFlcy1rZXktbm90LWZvci1wcm9kISE=",
        "AIDFLOW_DEMO_PASSWORD", "demo"));

    assertThat(log).contains("AidFlow refuses to start with profiles [prod]", "AIDFLOW_PRIVACY_HASH_KEY",
        "AIDFLOW_PRIVACY_ENCRYPTION_KEY", "aidflow.demo", "DB_URL").doesNotContain("no profile is active");
  }

  private static String runUntilExit(String name, Map<String, String> environment) throws InterruptedException {
    try (AppNode node = new AppNode(name, AppNode.freePort(), environment, List.of("java", "-jar", "aidflow.jar"))) {
      node.start();
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (node.isAlive()) {
        assertThat(System.nanoTime()).as("the jar should have stopped by now:\n%s", node.log()).isLessThan(deadline);
        Thread.sleep(200);
      }
      return node.log();
    }
  }

  private static String excerpt(String log) {
    int start = log.indexOf("AidFlow refuses to start");
    return start < 0 ? log : log.substring(start, Math.min(log.length(), start + 1200));
  }
}
