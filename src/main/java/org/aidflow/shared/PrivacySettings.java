package org.aidflow.shared;

import java.util.Base64;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Keys for personal data ({@code aidflow.privacy.*}). There is deliberately no default: the demo profile brings
 * demo keys, every other deployment must set its own.
 *
 * @param hashKey secret for the keyed hash that finds a person's open case without storing the ID number
 * @param encryptionKey AES-256 key, base64 of 32 bytes, that encrypts ID numbers and phones at rest
 */
@ConfigurationProperties("aidflow.privacy")
public record PrivacySettings(String hashKey, String encryptionKey) {

  public PrivacySettings {
    if (hashKey == null || hashKey.length() < 16) {
      throw new IllegalArgumentException(
          "aidflow.privacy.hash-key must be set to a secret of at least 16 characters (env AIDFLOW_PRIVACY_HASH_KEY)");
    }
    if (!isAes256Key(encryptionKey)) {
      throw new IllegalArgumentException("aidflow.privacy.encryption-key must be the base64 of 32 random bytes "
          + "(env AIDFLOW_PRIVACY_ENCRYPTION_KEY; e.g. openssl rand -base64 32)");
    }
  }

  private static boolean isAes256Key(String key) {
    try {
      return key != null && Base64.getDecoder().decode(key).length == 32;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
