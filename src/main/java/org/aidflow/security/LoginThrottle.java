package org.aidflow.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Failed logins counted per client address and user, for every way in (HTTP Basic on the REST APIs, the webapps'
 * login form). A client that keeps guessing one user's password is slowed down, then refused without the
 * password being checked; the same user logging in from another address is not affected, and nothing an
 * anonymous client does locks an account (Camunda's own lock-out is off, see {@link LoginSecurityPlugin}).
 *
 * <p>The first {@code aidflow.login.free-failures} failures within {@code aidflow.login.window} cost nothing;
 * each further failure blocks the pair for 1, 2, 4, ... seconds, at most {@code aidflow.login.max-block}. A
 * success clears the pair. Each node counts on its own (in memory): behind the proxy a client's attempts spread
 * over the nodes, which multiplies the free failures by the number of nodes and no more.
 *
 * <p>Every failure and every refusal is logged by {@code org.aidflow.security.LoginAttempts} with the user, the
 * client address and the time; never the password.
 */
@Component
public class LoginThrottle {

  /** The log of failed and refused logins: user, client address, time, way in. */
  static final Logger ATTEMPTS = LoggerFactory.getLogger("org.aidflow.security.LoginAttempts");
  /** Bounds the memory an attacker can make us spend on distinct pairs. */
  static final int MAX_TRACKED = 100_000;

  private final int freeFailures;
  private final Duration window;
  private final Duration maxBlock;
  private final Clock clock;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();

  @Autowired
  public LoginThrottle(@Value("${aidflow.login.free-failures:5}") int freeFailures,
      @Value("${aidflow.login.window:PT15M}") Duration window,
      @Value("${aidflow.login.max-block:PT15M}") Duration maxBlock) {
    this(freeFailures, window, maxBlock, Clock.systemUTC());
  }

  LoginThrottle(int freeFailures, Duration window, Duration maxBlock, Clock clock) {
    this.freeFailures = freeFailures;
    this.window = window;
    this.maxBlock = maxBlock;
    this.clock = clock;
  }

  /** Failures of one client for one user: how many, the last one, and until when the pair is refused. */
  private record Failures(int count, Instant last, Instant blockedUntil) {
  }

  /**
   * How long the client must still wait before a password of this user is checked again; empty when it may try
   * now. A refusal is logged.
   */
  public Optional<Duration> refusal(String user, String clientAddress, String way) {
    Instant now = clock.instant();
    Failures known = failures.get(key(user, clientAddress));
    if (known == null || !known.blockedUntil().isAfter(now)) {
      return Optional.empty();
    }
    Duration wait = Duration.between(now, known.blockedUntil());
    ATTEMPTS.warn("login refused without checking: user={} client={} time={} way={} failures={} retryAfterSeconds={}",
        printable(user), printable(clientAddress), now, way, known.count(), seconds(wait));
    return Optional.of(wait);
  }

  /** Records and logs a wrong password (or unknown user). */
  public void failed(String user, String clientAddress, String way) {
    Instant now = clock.instant();
    if (failures.size() >= MAX_TRACKED) {
      forgetExpired(now);
    }
    Failures updated = failures.compute(key(user, clientAddress), (key, known) -> {
      int count = known == null || known.last().plus(window).isBefore(now) ? 1 : known.count() + 1;
      Instant blockedUntil = now;
      if (count > freeFailures) {
        int doublings = Math.min(count - freeFailures - 1, 30);
        Duration block = Duration.ofSeconds(1L << doublings);
        blockedUntil = now.plus(block.compareTo(maxBlock) > 0 ? maxBlock : block);
      }
      return new Failures(count, now, blockedUntil);
    });
    ATTEMPTS.warn("login failed: user={} client={} time={} way={} failures={}", printable(user),
        printable(clientAddress), now, way, updated.count());
  }

  /** The right password: the client's failures for this user are forgotten. */
  public void succeeded(String user, String clientAddress) {
    failures.remove(key(user, clientAddress));
  }

  private void forgetExpired(Instant now) {
    failures.entrySet().removeIf(entry -> entry.getValue().last().plus(window).isBefore(now)
        && !entry.getValue().blockedUntil().isAfter(now));
    if (failures.size() >= MAX_TRACKED) {
      // a flood of distinct pairs: start over rather than grow without bound
      failures.clear();
    }
  }

  private static String key(String user, String clientAddress) {
    return String.valueOf(clientAddress) + '\n' + String.valueOf(user).toLowerCase(Locale.ROOT);
  }

  static long seconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  /** A user name comes from the caller: no line breaks or control characters in the log, and not too long. */
  static String printable(String text) {
    if (text == null) {
      return "(none)";
    }
    String cleaned = text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return cleaned.length() > 64 ? cleaned.substring(0, 64) + "…" : cleaned;
  }
}
