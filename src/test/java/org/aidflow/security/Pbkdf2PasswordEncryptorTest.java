package org.aidflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.camunda.bpm.engine.impl.digest.PasswordManager;
import org.camunda.bpm.engine.impl.digest.Sha512HashDigest;
import org.junit.jupiter.api.Test;

class Pbkdf2PasswordEncryptorTest {

  private final Pbkdf2PasswordEncryptor encryptor = new Pbkdf2PasswordEncryptor(Pbkdf2PasswordEncryptor.DEFAULT_ITERATIONS);
  private final PasswordManager passwords = new PasswordManager(encryptor, List.of());

  @Test
  void aHashVerifiesItsPasswordOnlyAndIsSaltedEachTime() {
    String hash = passwords.encrypt("Correct-Horse-1salt");

    assertThat(hash).startsWith("{PBKDF2-SHA512}210000$").doesNotContain("Correct");
    assertThat(passwords.check("Correct-Horse-1salt", hash)).isTrue();
    assertThat(passwords.check("Correct-Horse-2salt", hash)).isFalse();
    assertThat(passwords.encrypt("Correct-Horse-1salt")).isNotEqualTo(hash);
  }

  @Test
  void hashesOfEarlierReleasesStillVerify() {
    String sha512 = "{SHA-512}" + new Sha512HashDigest().encrypt("demo" + "somesalt");
    assertThat(passwords.check("demo" + "somesalt", sha512)).isTrue();
    assertThat(passwords.check("demo2" + "somesalt", sha512)).isFalse();
  }

  @Test
  void anotherIterationCountStoredWithTheHashStillVerifies() {
    String older = "{PBKDF2-SHA512}" + new Pbkdf2PasswordEncryptor(20_000).encrypt("Pass-word-9");
    assertThat(passwords.check("Pass-word-9", older)).isTrue();
  }

  @Test
  void damagedHashesVerifyNothing() {
    for (String damaged : new String[] {"", "210000", "x$y$z", "210000$!!$!!", "0$AAAA$AAAA", "99999999999$AA$AA"}) {
      assertThat(encryptor.check("anything", damaged)).as(damaged).isFalse();
    }
  }

  @Test
  void aCheckIsSlowOnPurpose() {
    String hash = encryptor.encrypt("Pass-word-9");
    long start = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      encryptor.check("Pass-word-9", hash);
    }
    double millis = (System.nanoTime() - start) / 1e6 / 3;
    System.out.printf(java.util.Locale.ROOT, "PBKDF2-SHA512 210000 iterations: %.1f ms per check%n", millis);
    assertThat(millis).as("an offline guess costs as much").isGreaterThan(20);
  }
}
