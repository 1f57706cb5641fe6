package org.aidflow.intake;

/** One invalid intake field, explained in the caseworker's language and in English. */
public record IntakeViolation(String field, String messageZh, String messageEn) {

  @Override
  public String toString() {
    return field + ": " + messageZh + " / " + messageEn;
  }
}
