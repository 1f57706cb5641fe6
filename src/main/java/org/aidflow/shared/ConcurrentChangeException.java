package org.aidflow.shared;

/**
 * A step undone as a whole at commit because work committed at the same moment took what it needed (a fund's room,
 * say). Sent again, it sees the state as it now is, so the REST API answers 409 as the engine does for a concurrent
 * change (security's RefusedInputExceptionMapper), with the subclass's simple name as the type.
 */
public abstract class ConcurrentChangeException extends RuntimeException {

  protected ConcurrentChangeException(String message, Throwable cause) {
    super(message, cause);
  }
}
