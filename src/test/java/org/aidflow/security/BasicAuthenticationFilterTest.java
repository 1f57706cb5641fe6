package org.aidflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * A busy REST client sends many requests at once with the same password; when the memory of its login ends, the slow
 * password hash is computed once for all of them, not once per request in flight. A remembered login keeps the
 * user's groups and tenants, so its requests run as the user of those groups without asking the identity service.
 */
class BasicAuthenticationFilterTest {

  private static ProcessEngine engine;
  private static final AtomicInteger CHECKS = new AtomicInteger();
  private static final AtomicInteger MEMBERSHIP_READS = new AtomicInteger();
  private static IdentityService counting;

  @BeforeAll
  static void engine() {
    engine = ProcessEngineConfiguration.createStandaloneInMemProcessEngineConfiguration()
        .setJdbcUrl("jdbc:h2:mem:basic-authentication-filter;DB_CLOSE_DELAY=-1")
        .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_CREATE_DROP)
        .setHistory(ProcessEngineConfiguration.HISTORY_NONE).setJobExecutorActivate(false).buildProcessEngine();
    IdentityService real = engine.getIdentityService();
    // a user per test: Camunda itself locks a user for a few seconds after a failed password
    for (String id : List.of("intakeapi", "hotlineapi", "windowapi")) {
      User user = real.newUser(id);
      user.setPassword("Correct-Horse-9");
      real.saveUser(user);
    }
    real.saveGroup(real.newGroup("unionintake"));
    real.createMembership("windowapi", "unionintake");
    real.saveTenant(real.newTenant("hangzhou"));
    real.createTenantGroupMembership("hangzhou", "unionintake");
    counting = (IdentityService) Proxy.newProxyInstance(IdentityService.class.getClassLoader(),
        new Class<?>[] {IdentityService.class}, (proxy, method, args) -> {
          if (method.getName().equals("createGroupQuery") || method.getName().equals("createTenantQuery")) {
            MEMBERSHIP_READS.incrementAndGet();
          }
          if (method.getName().equals("checkPassword")) {
            CHECKS.incrementAndGet();
            // as slow as the production hash, so that the requests overlap
            Thread.sleep(300);
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Test
  void requestsArrivingTogetherShareOnePasswordCheck() throws Exception {
    BasicAuthenticationFilter filter = filter();
    CHECKS.set(0);

    List<Integer> statuses = sendAtOnce(filter, 16, "intakeapi", "Correct-Horse-9");

    assertThat(statuses).hasSize(16).containsOnly(200);
    assertThat(CHECKS.get()).isEqualTo(1);
    // remembered afterwards: no further check
    assertThat(send(filter, "intakeapi", "Correct-Horse-9")).isEqualTo(200);
    assertThat(CHECKS.get()).isEqualTo(1);
  }

  @Test
  void aWrongPasswordSentTogetherIsRefusedForEveryRequestAndNotRemembered() throws Exception {
    BasicAuthenticationFilter filter = filter();
    CHECKS.set(0);

    List<Integer> statuses = sendAtOnce(filter, 4, "hotlineapi", "wrong");

    assertThat(statuses).hasSize(4).containsOnly(401);
    assertThat(CHECKS.get()).isEqualTo(1);
    // a refusal is not remembered: the next attempt is checked again
    assertThat(send(filter, "hotlineapi", "wrong")).isEqualTo(401);
    assertThat(CHECKS.get()).isEqualTo(2);
  }

  @Test
  void aRememberedLoginRunsWithTheUsersGroupsAndTenantsReadOnceAtItsCheck() throws Exception {
    BasicAuthenticationFilter filter = filter();
    MEMBERSHIP_READS.set(0);
    CHECKS.set(0);

    for (int request = 0; request < 3; request++) {
      Authentication seen = authenticationSeen(filter, "windowapi", "Correct-Horse-9");
      assertThat(seen.getUserId()).isEqualTo("windowapi");
      assertThat(seen.getGroupIds()).containsExactly("unionintake");
      assertThat(seen.getTenantIds()).containsExactly("hangzhou");
    }
    // one password check, one read of the groups and one of the tenants for the three requests
    assertThat(CHECKS.get()).isEqualTo(1);
    assertThat(MEMBERSHIP_READS.get()).isEqualTo(2);
    // and nothing stays set on the thread after a request
    assertThat(engine.getIdentityService().getCurrentAuthentication()).isNull();
  }

  private static Authentication authenticationSeen(BasicAuthenticationFilter filter, String user, String password)
      throws Exception {
    AtomicReference<Authentication> seen = new AtomicReference<>();
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/cases/mine");
    request.addHeader("Authorization", "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, new MockFilterChain(new HttpServlet() {
      @Override
      protected void service(HttpServletRequest req, HttpServletResponse res) {
        seen.set(engine.getIdentityService().getCurrentAuthentication());
      }
    }));
    assertThat(response.getStatus()).isEqualTo(200);
    return seen.get();
  }

  private static BasicAuthenticationFilter filter() {
    return new BasicAuthenticationFilter(counting,
        new LoginThrottle(100, Duration.ofMinutes(15), Duration.ofMinutes(15)), new PasswordUpgrade(counting));
  }

  private static List<Integer> sendAtOnce(BasicAuthenticationFilter filter, int requests, String user,
      String password)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(requests);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> answers = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      answers.add(pool.submit(() -> {
        start.await();
        return send(filter, user, password);
      }));
    }
    start.countDown();
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> answer : answers) {
      statuses.add(answer.get(30, TimeUnit.SECONDS));
    }
    pool.shutdown();
    return statuses;
  }

  private static int send(BasicAuthenticationFilter filter, String user, String password) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/cases");
    request.addHeader("Authorization", "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, new MockFilterChain());
    return response.getStatus();
  }
}
