package org.aidflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Camunda Admin's setup page lets anybody create the first administrator while {@code camunda-admin} has no
 * member. AidFlow's administrators come from configuration instead ({@link FirstAdministrator}; the demo
 * profile's {@code admin}), so the page's API answers 403 always.
 */
public class SetupPageClosedFilter extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException {
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setContentType("application/problem+json;charset=UTF-8");
    response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
        + "\"detail\":\"首位管理员由配置创建（AIDFLOW_ADMIN_USER） / the first administrator comes from the settings "
        + "AIDFLOW_ADMIN_USER and AIDFLOW_ADMIN_PASSWORD, not from this page\"}");
  }
}
