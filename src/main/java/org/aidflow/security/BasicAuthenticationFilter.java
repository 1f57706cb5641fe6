package org.aidflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.aidflow.shared.AuthenticatedUser;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic for the engine's REST API and AidFlow's {@code /api}, in place of Camunda's
 * {@code ProcessEngineAuthenticationFilter}: the same check against the identity service and an authentication
 * (user, groups, tenants) for the engine while the request runs, plus
 * <ul>
 *   <li>{@link LoginThrottle}: a client that keeps failing for a user gets 429 with Retry-After, without the
 *       password being checked; failures are logged;</li>
 *   <li>a short memory of successful logins: the password hash is slow on purpose (PBKDF2) and REST clients send
 *       the password with every request. A success is remembered for {@link #REMEMBERED} under an HMAC of user
 *       and password with a key that exists only in this process's memory, so neither the password nor a hash
 *       that could be guessed offline is kept. The login keeps the user's groups and tenants as read at the
 *       check, which every request read again before (two engine commands, each its own transaction). A changed
 *       password, and a membership added or removed, take effect within that time (Camunda's REST filter reads the
 *       memberships at every request, its webapps keep a login's for five minutes).</li>
 * </ul>
 */
public class BasicAuthenticationFilter extends OncePerRequestFilter {

  static final Duration REMEMBERED = Duration.ofSeconds(60);
  static final int MAX_REMEMBERED = 10_000;
  static final String WAY = "http-basic";

  private final IdentityService identityService;
  private final LoginThrottle throttle;
  private final PasswordUpgrade upgrade;
  private final byte[] cacheKey = new byte[32];
  /** HMAC of user and password -> the login: its user, groups and tenants, and when the memory ends (nanoTime). */
  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
  /** HMAC of user and password -> the password check under way for them: the login, or null for a wrong password. */
  private final Map<String, CompletableFuture<Remembered>> checking = new ConcurrentHashMap<>();

  private record Remembered(String user, List<String> groups, List<String> tenants, long until) {
  }

  public BasicAuthenticationFilter(IdentityService identityService, LoginThrottle throttle, PasswordUpgrade upgrade) {
    this.identityService = identityService;
    this.throttle = throttle;
    this.upgrade = upgrade;
    new SecureRandom().nextBytes(cacheKey);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<String[]> credentials = credentials(request.getHeader("Authorization"));
    if (credentials.isEmpty()) {
      challenge(response);
      return;
    }
    String user = credentials.get()[0];
    String password = credentials.get()[1];
    String client = request.getRemoteAddr();
    // the throttle before the memory of successes: a blocked client may not test guesses against it either
    Optional<Duration> wait = throttle.refusal(user, client, WAY);
    if (wait.isPresent()) {
      tooManyAttempts(response, wait.get());
      return;
    }
    String key = mac(user, password);
    Remembered login = remembered(key, user);
    if (login == null) {
      login = checkPassword(key, user, password);
      if (login == null) {
        throttle.failed(user, client, WAY);
        challenge(response);
        return;
      }
      throttle.succeeded(user, client);
    }
    identityService.setAuthentication(user, login.groups(), login.tenants());
    request.setAttribute(AuthenticatedUser.ATTRIBUTE, user);
    try {
      chain.doFilter(request, response);
    } finally {
      identityService.clearAuthentication();
    }
  }

  /** user and password of a well-formed Basic header; empty for anything else. */
  static Optional<String[]> credentials(String header) {
    if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
  }

  /**
   * The password checked once for all requests that bring the same user and password at the same time: when the
   * memory of a login ends, every request a busy client has in flight misses it at once, and each would spend the
   * slow hash on the same answer. Returns the login, remembered, or null when the password is wrong.
   */
  private Remembered checkPassword(String key, String user, String password) {
    CompletableFuture<Remembered> mine = new CompletableFuture<>();
    CompletableFuture<Remembered> running = checking.putIfAbsent(key, mine);
    if (running != null) {
      try {
        return running.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
    }
    try {
      identityService.clearAuthentication();
      Remembered login = null;
      if (identityService.checkPassword(user, password)) {
        upgrade.afterSuccessfulLogin(user, password);
        login = remember(key, user);
      }
      mine.complete(login);
      return login;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      checking.remove(key, mine);
    }
  }

  /** The remembered login under this key (HMAC of user and password); null when there is none or its time is up. */
  private Remembered remembered(String key, String user) {
    Remembered entry = remembered.get(key);
    return entry != null && entry.user().equals(user) && entry.until() - System.nanoTime() > 0 ? entry : null;
  }

  /** The user's login with their groups and tenants as the identity service has them now, remembered. */
  private Remembered remember(String key, String user) {
    long now = System.nanoTime();
    if (remembered.size() >= MAX_REMEMBERED) {
      remembered.values().removeIf(entry -> entry.until() - now <= 0);
      if (remembered.size() >= MAX_REMEMBERED) {
        remembered.clear();
      }
    }
    List<String> groups = identityService.createGroupQuery().groupMember(user).list().stream().map(Group::getId)
        .toList();
    List<String> tenants = identityService.createTenantQuery().userMember(user).includingGroupsOfUser(true).list()
        .stream().map(Tenant::getId).toList();
    Remembered login = new Remembered(user, groups, tenants, now + REMEMBERED.toNanos());
    remembered.put(key, login);
    return login;
  }

  private String mac(String user, String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
      mac.update(user.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static void challenge(HttpServletResponse response) {
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader("WWW-Authenticate", "Basic realm=\"default\"");
  }

  static void tooManyAttempts(HttpServletResponse response, Duration wait) throws IOException {
    response.setStatus(429);
    response.setHeader("Retry-After", String.valueOf(LoginThrottle.seconds(wait)));
    response.setContentType("application/problem+json;charset=UTF-8");
    response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,"
        + "\"detail\":\"登录失败次数过多，请稍后再试 / too many failed logins from this address; try again later\","
        + "\"retryAfterSeconds\":" + LoginThrottle.seconds(wait) + "}");
  }
}
