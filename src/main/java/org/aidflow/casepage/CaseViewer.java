package org.aidflow.casepage;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.function.Supplier;
import org.aidflow.shared.WebappUser;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.stereotype.Component;

/**
 * The user of a page request: the one signed in to the Camunda webapps (Tasklist, Cockpit) in this browser session,
 * set as the engine's authentication while the page is built so that the engine's authorizations apply. Never a user
 * named by a parameter.
 */
@Component
public class CaseViewer {

  private final ProcessEngine engine;
  private final IdentityService identityService;

  public CaseViewer(ProcessEngine engine, IdentityService identityService) {
    this.engine = engine;
    this.identityService = identityService;
  }

  /** Whether a user is signed in to the webapps in this session. */
  public boolean signedIn(HttpServletRequest request) {
    return user(request) != null;
  }

  /** Runs the action as the signed-in user; the caller checked {@link #signedIn}. */
  public <T> T as(HttpServletRequest request, Supplier<T> action) {
    UserAuthentication user = user(request);
    if (user == null) {
      throw new IllegalStateException("not signed in");
    }
    identityService.setAuthentication(user.getName(), user.getGroupIds() == null ? List.of()
        : List.copyOf(user.getGroupIds()), user.getTenantIds() == null ? List.of() : List.copyOf(user.getTenantIds()));
    try {
      return action.get();
    } finally {
      identityService.clearAuthentication();
    }
  }

  private UserAuthentication user(HttpServletRequest request) {
    return WebappUser.of(request, engine.getName()).orElse(null);
  }
}
