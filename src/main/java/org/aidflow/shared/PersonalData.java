package org.aidflow.shared;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Masks, keyed hashes and encryption, so that ID numbers and phones are never stored or shown in plain text: the
 * database holds them AES-GCM encrypted, duplicates are found by keyed hash, people see the masked form.
 */
@Component
public class PersonalData {

  private static final String HMAC = "HmacSHA256";
  private static final String AES_GCM = "AES/GCM/NoPadding";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec hashKey;
  private final SecretKeySpec encryptionKey;
  private final SecureRandom random = new SecureRandom();

  public PersonalData(PrivacySettings settings) {
    this.hashKey = new SecretKeySpec(settings.hashKey().getBytes(StandardCharsets.UTF_8), HMAC);
    this.encryptionKey = new SecretKeySpec(Base64.getDecoder().decode(settings.encryptionKey()), "AES");
  }

  /** Keyed hash of a normalised ID number: equal people give equal hashes, the hash reveals nothing. */
  public String idNumberHash(String idNumber) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(hashKey);
      return HexFormat.of().formatHex(mac.doFinal(idNumber.toUpperCase().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }

  /** AES-256-GCM with a random IV; base64 of IV and ciphertext. */
  public String encrypt(String plain) {
    try {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      Cipher cipher = Cipher.getInstance(AES_GCM);
      cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, iv));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed)
          .array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JRE", e);
    }
  }

  public String decrypt(String encrypted) {
    try {
      byte[] all = Base64.getDecoder().decode(encrypted);
      Cipher cipher = Cipher.getInstance(AES_GCM);
      cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
      return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("not encrypted with this key, or altered", e);
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
