package org.aidflow.shared;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/** Masks and keyed hashes so that ID numbers and phones never travel in plain text beyond the intake org. */
@Component
public class PersonalData {

  private static final String HMAC = "HmacSHA256";
  private final SecretKeySpec key;

  public PersonalData(PrivacySettings settings) {
    this.key = new SecretKeySpec(settings.hashKey().getBytes(StandardCharsets.UTF_8), HMAC);
  }

  /** Keyed hash of a normalised ID number: equal people give equal hashes, the hash reveals nothing. */
  public String idNumberHash(String idNumber) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(idNumber.toUpperCase().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }

  /** First 6 and last 4 characters, the rest starred: 330102********123X. */
  public static String maskIdNumber(String idNumber) {
    if (idNumber == null || idNumber.length() < 10) {
      return "****";
    }
    return idNumber.substring(0, 6) + "*".repeat(idNumber.length() - 10) + idNumber.substring(idNumber.length() - 4);
  }

  /** First 3 and last 4 digits: 138****5678. */
  public static String maskPhone(String phone) {
    if (phone == null || phone.length() < 7) {
      return "****";
    }
    return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
  }
}
