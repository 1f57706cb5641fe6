package org.aidflow.support;

import java.util.List;
import java.util.function.Supplier;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application as `mvn spring-boot:run` starts it (demo profile), but on the shared embedded PostgreSQL 17
 * through the postgres profile, exactly as docker-compose.yml configures it. Every application test extends
 * this class, so they share one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "postgres"})
// metrics exported as in production (MetricsIT reads them): here, not on one test class, which would start a second
// application whose engine, also named "default", the webapps and the REST API of the first would then find
@AutoConfigureObservability(tracing = false)
public abstract class ApplicationTest {

  @Autowired
  protected IdentityService identityService;

  @Autowired
  protected HistoryService historyService;

  /** Waits (up to 30 s) until the job executor has taken the instance to its end, e.g. past an async step. */
  protected void awaitEnded(String processInstanceId) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (historyService.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).finished()
        .count() == 0) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("process instance " + processInstanceId + " did not end within 30 s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Runs the action logged in as the user, with the user's groups, as Tasklist and the REST API do. */
  protected <T> T as(String user, Supplier<T> action) {
    List<String> groups = identityService.createGroupQuery().groupMember(user).list().stream().map(Group::getId)
        .toList();
    identityService.setAuthentication(user, groups);
    try {
      return action.get();
    } finally {
      identityService.clearAuthentication();
    }
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("DB_URL", () -> EmbeddedDatabase.jdbcUrl("postgres"));
    registry.add("DB_USER", () -> "postgres");
    registry.add("DB_PASSWORD", () -> "postgres");
    // the demo's Hangzhou units would take the tests' applicants (Hangzhou by default) from the province units the
    // tests' users belong to; tests that need units make their own (TestUnits)
    registry.add("aidflow.demo.units", () -> "false");
  }
}
