package org.aidflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The webapps' login form ({@code POST /camunda/api/admin/auth/user/{engine}/login/{app}}, used by Tasklist,
 * Cockpit and Admin) under the same {@link LoginThrottle} as HTTP Basic: refused with 429 before Camunda checks
 * the password while the client is blocked for that user; Camunda's answer tells success (200) from a wrong
 * password (401).
 */
public class WebappLoginThrottleFilter extends OncePerRequestFilter {

  static final String WAY = "webapp-login";
  private static final Pattern LOGIN = Pattern.compile(".*/api/admin/auth/user/[^/]+/login/[^/]*");

  private final LoginThrottle throttle;
  private final PasswordUpgrade upgrade;

  public WebappLoginThrottleFilter(LoginThrottle throttle, PasswordUpgrade upgrade) {
    this.throttle = throttle;
    this.upgrade = upgrade;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod()) || !LOGIN.matcher(request.getRequestURI()).matches();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // the form's fields; Camunda's login resource reads the same parameters after us
    String user = request.getParameter("username");
    String password = request.getParameter("password");
    String client = request.getRemoteAddr();
    if (user != null) {
      Optional<Duration> wait = throttle.refusal(user, client, WAY);
      if (wait.isPresent()) {
        BasicAuthenticationFilter.tooManyAttempts(response, wait.get());
        return;
      }
    }
    chain.doFilter(request, response);
    if (user == null) {
      return;
    }
    int status = response.getStatus();
    if (status == HttpServletResponse.SC_UNAUTHORIZED) {
      throttle.failed(user, client, WAY);
    } else if (status == HttpServletResponse.SC_OK) {
      // only a login that passed: a 403 (no access to the app, or no CSRF token) says nothing of the password
      throttle.succeeded(user, client);
      if (password != null) {
        upgrade.afterSuccessfulLogin(user, password);
      }
    }
  }
}
