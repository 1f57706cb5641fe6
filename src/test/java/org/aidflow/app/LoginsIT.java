package org.aidflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.aidflow.security.PasswordUpgrade;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.digest.Sha512HashDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Logins: an anonymous client guessing passwords cannot keep the real user out. Failed logins are throttled per
 * client address and user on every way in (HTTP Basic on /engine-rest and /api, the webapps' login form), nothing
 * locks an account, every failure is logged without the password, and passwords are stored with PBKDF2.
 *
 * <p>Client addresses: the application trusts X-Forwarded-For from a proxy on a private or loopback address
 * ({@code server.forward-headers-strategy: native}), which is how it runs behind deploy/haproxy.cfg (that proxy
 * drops whatever the client sent in these headers). The test is such a proxy and names the clients' addresses.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoginsIT extends ApplicationTest {

  private static final String ATTACKER = "203.0.113.66";
  private static final String DESK = "198.51.100.20";

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void anAttackerGuessingAdminsPasswordOverRestIsThrottledWhileAdminLogsInFromTheirDesk(CapturedOutput output)
      throws Exception {
    String guess = "Guess-" + UUID.randomUUID();
    List<Integer> answers = attackUntilBlockedFor(8, () -> basic("/engine-rest/user?maxResults=1", "admin", guess,
        ATTACKER));
    assertThat(answers.subList(0, 5)).as("the first failures cost nothing").containsOnly(401);
    assertThat(answers.stream().filter(status -> status == 401).count())
        .as("guesses checked before an 8 s block: 5 free, then blocks of 1, 2, 4, 8 s").isEqualTo(9);
    // blocked: even the right password is not checked for this client
    HttpResponse<String> blocked = basic("/engine-rest/user?maxResults=1", "admin", "demo", ATTACKER);
    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(blocked.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

    // the real administrator, from their desk and from this host, is not affected
    assertThat(basic("/engine-rest/user?maxResults=1", "admin", "demo", DESK).statusCode()).isEqualTo(200);
    assertThat(basic("/api/cases/QBH-2000-000001", "admin", "demo", null).statusCode()).isEqualTo(404);

    // the log names user, address and time, never the password
    assertThat(output.getOut()).contains("login failed: user=admin client=" + ATTACKER + " time=");
    assertThat(output.getOut()).contains("login refused without checking: user=admin client=" + ATTACKER);
    assertThat(output.getAll()).doesNotContain(guess);
  }

  @Test
  void moreFailuresThanCamundasLockLimitFromManyAddressesLockNobodyOut() throws Exception {
    // 15 failed checks reach the engine (one per address, none throttled): Camunda's own lock would have locked the
    // account for good after 10
    for (int i = 1; i <= 15; i++) {
      assertThat(basic("/engine-rest/user?maxResults=1", "union-lead", "Wrong-" + i, "203.0.113." + (100 + i))
          .statusCode()).isEqualTo(401);
    }
    assertThat(basic("/engine-rest/task?maxResults=1", "union-lead", "demo", DESK).statusCode()).isEqualTo(200);
    Timestamp lock = jdbc.queryForObject("SELECT LOCK_EXP_TIME_ FROM ACT_ID_USER WHERE ID_ = 'union-lead'",
        Timestamp.class);
    assertThat(lock == null || !lock.toInstant().isAfter(java.time.Instant.now())).as("locked until %s", lock).isTrue();
  }

  @Test
  void anAttackerAtTheWebappLoginIsThrottledWhileTheCaseworkerSignsInToTasklist(CapturedOutput output)
      throws Exception {
    String guess = "Guess-" + UUID.randomUUID();
    String attacker = "203.0.113.77";
    List<Integer> answers = attackUntilBlockedFor(8, () -> webappLogin("union-worker", guess, attacker, "tasklist"));
    assertThat(answers.subList(0, 5)).containsOnly(401);
    assertThat(answers).contains(429).containsOnly(401, 429);
    assertThat(webappLogin("union-worker", "demo", attacker).statusCode()).isEqualTo(429);

    assertThat(webappLogin("union-worker", "demo", "198.51.100.21").statusCode()).isEqualTo(200);
    // HTTP Basic counts separately per way in only by address: the caseworker's REST client from the desk works too
    assertThat(basic("/engine-rest/task?maxResults=1", "union-worker", "demo", "198.51.100.21").statusCode())
        .isEqualTo(200);
    assertThat(output.getOut()).contains("login failed: user=union-worker client=" + attacker)
        .contains("way=webapp-login");
    assertThat(output.getAll()).doesNotContain(guess);
  }

  @Test
  void adminSignsInToTheWebappsAndTheSetupPageIsClosed() throws Exception {
    assertThat(webappLogin("admin", "demo", null, "admin").statusCode()).isEqualTo(200);
    HttpResponse<String> setup = client.send(HttpRequest.newBuilder(uri("/camunda/api/admin/setup/default/user/create"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"profile\":{\"id\":\"intruder\"},\"credentials\":{\"password\":\"Intruder-2026!\"}}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(setup.statusCode()).isEqualTo(403);
    assertThat(identityService.createUserQuery().userId("intruder").count()).isZero();
  }

  @Test
  void passwordsPeopleChooseMeetThePolicyAndAreStoredWithPbkdf2() throws Exception {
    String id = "policy-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> weak = createUser(id, "demo");
    assertThat(weak.statusCode()).as(weak.body()).isEqualTo(400);
    assertThat(identityService.createUserQuery().userId(id).count()).isZero();

    String password = "Strong-Pass-" + UUID.randomUUID().toString().substring(0, 6) + "!";
    HttpResponse<String> strong = createUser(id, password);
    assertThat(strong.statusCode()).as(strong.body()).isEqualTo(204);
    assertThat(storedHash(id)).startsWith("{PBKDF2-SHA512}210000$").doesNotContain(password);
    assertThat(basic("/engine-rest/task?maxResults=1", id, password, null).statusCode()).isEqualTo(200);
  }

  @Test
  void aSha512HashOfAnEarlierReleaseStillLogsInAndIsReplacedByPbkdf2() throws Exception {
    String id = "legacy-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "Legacy-Pass-2025";
    User user = identityService.newUser(id);
    user.setFirstName("旧");
    user.setLastName("用户");
    user.setPassword(password);
    PasswordUpgrade.saveKeepingPassword(identityService, user);
    // as an earlier release stored it: {SHA-512} of password + salt
    String salt = jdbc.queryForObject("SELECT SALT_ FROM ACT_ID_USER WHERE ID_ = ?", String.class, id);
    jdbc.update("UPDATE ACT_ID_USER SET PWD_ = ? WHERE ID_ = ?",
        "{SHA-512}" + new Sha512HashDigest().encrypt(password + salt), id);
    assertThat(identityService.checkPassword(id, password)).isTrue();

    assertThat(basic("/engine-rest/task?maxResults=1", id, password, null).statusCode()).isEqualTo(200);

    assertThat(storedHash(id)).startsWith("{PBKDF2-SHA512}");
    assertThat(identityService.checkPassword(id, password)).isTrue();
    assertThat(identityService.checkPassword(id, password + "x")).isFalse();
  }

  /**
   * What HTTP Basic costs: the slow hash is paid by the first request of a client; later requests with the same
   * credentials are remembered for a minute (an HMAC of them, under a key only the process knows).
   */
  @Test
  void httpBasicPaysTheSlowHashOncePerMinuteNotOnEveryRequest() throws Exception {
    int rounds = 5;
    long checkStart = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      assertThat(identityService.checkPassword("supervisor", "demo")).isTrue();
    }
    double checkMillis = (System.nanoTime() - checkStart) / 1e6 / rounds;

    String path = "/engine-rest/task/count";
    long firstStart = System.nanoTime();
    assertThat(basic(path, "supervisor", "demo", "198.51.100.30").statusCode()).isEqualTo(200);
    double firstMillis = (System.nanoTime() - firstStart) / 1e6;
    int requests = 20;
    long laterStart = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      assertThat(basic(path, "supervisor", "demo", "198.51.100.30").statusCode()).isEqualTo(200);
    }
    double laterMillis = (System.nanoTime() - laterStart) / 1e6 / requests;
    System.out.printf(java.util.Locale.ROOT, "HTTP Basic cost: password check (PBKDF2-SHA512, 210000 iterations) "
        + "%.1f ms; first request %.1f ms; later requests %.1f ms each%n", checkMillis, firstMillis, laterMillis);
    assertThat(laterMillis).as("a remembered login does not hash again").isLessThan(checkMillis);
  }

  private HttpResponse<String> createUser(String id, String password) throws Exception {
    String body = "{\"profile\":{\"id\":\"" + id + "\",\"firstName\":\"策略\",\"lastName\":\"测试\"},"
        + "\"credentials\":{\"password\":\"" + password + "\"}}";
    return client.send(HttpRequest.newBuilder(uri("/engine-rest/user/create"))
        .header("Authorization", basicHeader("admin", "demo")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private String storedHash(String id) {
    return jdbc.queryForObject("SELECT PWD_ FROM ACT_ID_USER WHERE ID_ = ?", String.class, id);
  }

  private HttpResponse<String> basic(String path, String user, String password, String clientAddress)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Authorization", basicHeader(user, password))
        .GET();
    if (clientAddress != null) {
      request.header("X-Forwarded-For", clientAddress);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** One login attempt of a client. */
  private interface Attempt {
    HttpResponse<String> send() throws Exception;
  }

  /**
   * The attacker keeps guessing, waiting out each block, until the next block is at least that many seconds (long
   * enough for the next request to arrive inside it on a busy machine). The answers, in order.
   */
  private static List<Integer> attackUntilBlockedFor(int seconds, Attempt attempt) throws Exception {
    List<Integer> answers = new ArrayList<>();
    while (true) {
      HttpResponse<String> answer = attempt.send();
      answers.add(answer.statusCode());
      assertThat(answer.statusCode()).as(answer.body()).isIn(401, 429);
      if (answer.statusCode() == 429) {
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        int retryAfter = Integer.parseInt(answer.headers().firstValue("Retry-After").orElseThrow());
        if (retryAfter >= seconds) {
          return answers;
        }
        Thread.sleep(retryAfter * 1000L);
      }
      assertThat(answers).as("the attacker is slowed down").hasSizeLessThan(30);
    }
  }

  private HttpResponse<String> webappLogin(String user, String password, String clientAddress) throws Exception {
    return webappLogin(user, password, clientAddress, "tasklist");
  }

  /** The webapps' login form: the CSRF cookie from a page first, then the form post with its token. */
  private HttpResponse<String> webappLogin(String user, String password, String clientAddress, String app)
      throws Exception {
    CookieManager cookies = new CookieManager();
    HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
        .build();
    browser.send(HttpRequest.newBuilder(uri("/camunda/app/" + app + "/default/")).GET().build(),
        HttpResponse.BodyHandlers.discarding());
    String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
        .map(HttpCookie::getValue).findFirst().orElseThrow();
    HttpRequest.Builder login = HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default/login/" + app))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", token)
        .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)));
    if (clientAddress != null) {
      login.header("X-Forwarded-For", clientAddress);
    }
    return browser.send(login.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basicHeader(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
