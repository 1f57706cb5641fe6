package org.aidflow.shared;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;

/**
 * The user signed in to the Camunda webapps (Tasklist, Cockpit) in this browser session, for AidFlow's own pages
 * beside them. The one way AidFlow reads that session: a page never takes its user from a parameter.
 */
public final class WebappUser {

  private WebappUser() {
  }

  /** The session's user on the engine of that name; empty when nobody is signed in there. */
  public static Optional<UserAuthentication> of(HttpServletRequest request, String engineName) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return Optional.empty();
    }
    Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
    if (authentications != null
        && authentications.getAuthenticationForProcessEngine(engineName) instanceof UserAuthentication user) {
      return Optional.of(user);
    }
    return Optional.empty();
  }
}
