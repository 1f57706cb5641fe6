package org.aidflow.shared;

/**
 * What a request would create exists already (a unit, a project of that code). AidFlow's own APIs answer 409
 * application/problem+json naming the field ({@link JsonRequests#conflict}), as they answer a
 * {@link RefusedInputException} with 400.
 */
public class AlreadyExistsException extends RuntimeException {

  private final transient Violation violation;

  public AlreadyExistsException(String field, String messageZh, String messageEn) {
    super(messageZh + " / " + messageEn);
    this.violation = new Violation(field, messageZh, messageEn);
  }

  public Violation violation() {
    return violation;
  }
}
