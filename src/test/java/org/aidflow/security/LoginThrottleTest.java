package org.aidflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private Instant now = Instant.parse("2026-03-01T02:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  private final LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(15), Duration.ofMinutes(15), clock);

  @Test
  void fiveFailuresAreFreeThenTheClientWaitsLongerEachTimeUpToTheMaximum() {
    for (int i = 0; i < 5; i++) {
      assertThat(throttle.refusal("admin", "203.0.113.1", "test")).isEmpty();
      throttle.failed("admin", "203.0.113.1", "test");
    }
    assertThat(throttle.refusal("admin", "203.0.113.1", "test")).isEmpty();
    throttle.failed("admin", "203.0.113.1", "test");
    assertThat(throttle.refusal("admin", "203.0.113.1", "test")).contains(Duration.ofSeconds(1));
    now = now.plusSeconds(1);
    throttle.failed("admin", "203.0.113.1", "test");
    assertThat(throttle.refusal("admin", "203.0.113.1", "test")).contains(Duration.ofSeconds(2));
    for (int i = 0; i < 20; i++) {
      now = now.plusSeconds(60);
      throttle.failed("admin", "203.0.113.1", "test");
    }
    assertThat(throttle.refusal("admin", "203.0.113.1", "test")).contains(Duration.ofMinutes(15));
  }

  @Test
  void theSameUserFromAnotherAddressAndAnotherUserFromTheSameAddressAreNotAffected() {
    for (int i = 0; i < 10; i++) {
      throttle.failed("admin", "203.0.113.1", "test");
    }
    assertThat(throttle.refusal("admin", "203.0.113.1", "test")).isPresent();
    assertThat(throttle.refusal("ADMIN", "203.0.113.1", "test")).as("user ids compared without case").isPresent();
    assertThat(throttle.refusal("admin", "198.51.100.7", "test")).isEmpty();
    assertThat(throttle.refusal("union-worker", "203.0.113.1", "test")).isEmpty();
  }

  @Test
  void aSuccessOrAQuietWindowForgetsTheFailures() {
    for (int i = 0; i < 6; i++) {
      throttle.failed("admin", "203.0.113.1", "test");
    }
    now = now.plusSeconds(2);
    throttle.succeeded("admin", "203.0.113.1");
    throttle.failed("admin", "203.0.113.1", "test");
    assertThat(throttle.refusal("admin", "203.0.113.1", "test")).isEmpty();

    for (int i = 0; i < 6; i++) {
      throttle.failed("union-lead", "203.0.113.2", "test");
    }
    now = now.plus(Duration.ofMinutes(16));
    throttle.failed("union-lead", "203.0.113.2", "test");
    assertThat(throttle.refusal("union-lead", "203.0.113.2", "test")).as("counted afresh").isEmpty();
  }

  @Test
  void userNamesAreLoggedWithoutLineBreaks() {
    assertThat(LoginThrottle.printable("admin\r\nlogin succeeded: user=admin")).doesNotContain("\n", "\r");
    assertThat(LoginThrottle.printable("x".repeat(500))).hasSizeLessThan(70);
  }
}
