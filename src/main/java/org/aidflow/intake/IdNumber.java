package org.aidflow.intake;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;
import java.util.Set;

/**
 * A resident identity number of GB 11643-1999: region (6 digits), birth date (YYYYMMDD), sequence (3 digits,
 * odd for men) and an ISO 7064 MOD 11-2 check character.
 */
public record IdNumber(String value, LocalDate birthDate, boolean female) {

  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK_CHARACTERS = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  /** Provincial prefixes of GB/T 2260; the first two digits of every valid region code are one of these. */
  private static final Set<String> PROVINCES = Set.of("11", "12", "13", "14", "15", "21", "22", "23", "31", "32",
      "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
      "63", "64", "65", "71", "81", "82");
  private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);

  /** Parses and checks an ID number; empty when it is not a valid one (as of {@code today}). */
  public static Optional<IdNumber> parse(String raw, LocalDate today) {
    if (raw == null) {
      return Optional.empty();
    }
    String value = raw.trim().toUpperCase();
    if (!value.matches("\\d{17}[\\dX]") || !isRegionCode(value.substring(0, 6))) {
      return Optional.empty();
    }
    LocalDate birthDate;
    try {
      birthDate = LocalDate.of(Integer.parseInt(value.substring(6, 10)), Integer.parseInt(value.substring(10, 12)),
          Integer.parseInt(value.substring(12, 14)));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
    if (birthDate.isBefore(EARLIEST_BIRTH) || birthDate.isAfter(today) || checkCharacter(value) != value.charAt(17)) {
      return Optional.empty();
    }
    boolean female = (value.charAt(16) - '0') % 2 == 0;
    return Optional.of(new IdNumber(value, birthDate, female));
  }

  /** A 6-digit administrative division code inside a known province. */
  public static boolean isRegionCode(String code) {
    return code != null && code.matches("\\d{6}") && PROVINCES.contains(code.substring(0, 2));
  }

  /** The check character for the first 17 digits of {@code value}. */
  public static char checkCharacter(String value) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (value.charAt(i) - '0') * WEIGHTS[i];
    }
    return CHECK_CHARACTERS[sum % 11];
  }

  public int ageOn(LocalDate date) {
    return Period.between(birthDate, date).getYears();
  }

  public String gender() {
    return female ? "female" : "male";
  }
}
