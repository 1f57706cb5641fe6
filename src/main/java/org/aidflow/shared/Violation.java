package org.aidflow.shared;

/** One refused input field (of an intake or a later step), explained in the caseworker's language and in English. */
public record Violation(String field, String messageZh, String messageEn) {

  @Override
  public String toString() {
    return field + ": " + messageZh + " / " + messageEn;
  }
}
