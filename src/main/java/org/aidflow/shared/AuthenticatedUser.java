package org.aidflow.shared;

/**
 * The request attribute holding the user an API request (HTTP Basic) was authenticated as: set by security's
 * authentication filter, read by whoever records the request (the request log), so neither depends on the other.
 */
public final class AuthenticatedUser {

  public static final String ATTRIBUTE = AuthenticatedUser.class.getName();

  private AuthenticatedUser() {
  }
}
