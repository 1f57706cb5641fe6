package org.aidflow.shared;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Keys for personal data ({@code aidflow.privacy.*}). There is deliberately no default: the demo profile
 * brings a demo key, every other deployment must set its own.
 *
 * @param hashKey secret for the keyed hash that finds a person's open case without storing the ID number
 */
@ConfigurationProperties("aidflow.privacy")
public record PrivacySettings(String hashKey) {

  public PrivacySettings {
    if (hashKey == null || hashKey.length() < 16) {
      throw new IllegalArgumentException(
          "aidflow.privacy.hash-key must be set to a secret of at least 16 characters (env AIDFLOW_PRIVACY_HASH_KEY)");
    }
  }
}
