package org.aidflow.shared;

import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * Runs engine calls without the caller's authentication, for reads the application does on the caller's behalf
 * after it has checked the caller may read the case (e.g. the operation log, which needs history permissions
 * caseworkers do not hold). The caller's authentication is restored afterwards.
 */
public final class SystemContext {

  private SystemContext() {
  }

  public static <T> T call(IdentityService identityService, Supplier<T> action) {
    Authentication caller = identityService.getCurrentAuthentication();
    identityService.clearAuthentication();
    try {
      return action.get();
    } finally {
      if (caller != null) {
        identityService.setAuthentication(caller);
      }
    }
  }
}
