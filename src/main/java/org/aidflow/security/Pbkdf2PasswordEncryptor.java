package org.aidflow.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.camunda.bpm.engine.impl.digest.PasswordEncryptor;

/**
 * Camunda's password encryptor, made slow: PBKDF2 with HMAC-SHA-512 (OWASP's 210,000 iterations). The engine
 * stores {@code {PBKDF2-SHA512}<iterations>$<salt>$<hash>}; the engine's own salt is already appended to the
 * password it hands us, the random salt here makes every hash unique on its own. The iteration count is stored
 * with the hash, so raising it later keeps old hashes valid.
 */
public class Pbkdf2PasswordEncryptor implements PasswordEncryptor {

  public static final String ALGORITHM = "PBKDF2-SHA512";
  public static final int DEFAULT_ITERATIONS = 210_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;

  public Pbkdf2PasswordEncryptor(int iterations) {
    if (iterations < 10_000) {
      throw new IllegalArgumentException("PBKDF2 needs at least 10,000 iterations, not " + iterations);
    }
    this.iterations = iterations;
  }

  @Override
  public String encrypt(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    return iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash(password, salt, iterations));
  }

  @Override
  public boolean check(String password, String encrypted) {
    String[] parts = encrypted == null ? new String[0] : encrypted.split("\\$");
    if (parts.length != 3) {
      return false;
    }
    try {
      int storedIterations = Integer.parseInt(parts[0]);
      if (storedIterations < 1 || storedIterations > 10_000_000) {
        return false;
      }
      byte[] salt = Base64.getDecoder().decode(parts[1]);
      byte[] expected = Base64.getDecoder().decode(parts[2]);
      return MessageDigest.isEqual(expected, hash(password, salt, storedIterations));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public String hashAlgorithmName() {
    return ALGORITHM;
  }

  private static byte[] hash(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA512 is part of every Java 17 runtime", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** For the log and tests: how the engine marks a hash of this encryptor. */
  static boolean isOurs(String storedPassword) {
    return storedPassword != null && storedPassword.startsWith("{" + ALGORITHM + "}");
  }
}
