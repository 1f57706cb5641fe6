package org.aidflow.security;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine's REST API and AidFlow's own {@code /api} answer only authenticated callers (HTTP Basic against
 * Camunda's identity service, {@link LoginConfiguration}), so that the engine's authorizations apply to every call.
 * Anonymous calls get 401.
 */
@Configuration
public class RestAuthenticationConfiguration {

  /** After authentication, before the engine: no expression reaches the engine's REST layer. */
  @Bean
  public FilterRegistrationBean<ExpressionGuardFilter> expressionGuard() {
    FilterRegistrationBean<ExpressionGuardFilter> registration = new FilterRegistrationBean<>(new ExpressionGuardFilter());
    registration.setName("expression-guard");
    // the REST API, and the engine API that Tasklist, Cockpit and Admin call from the browser
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*", "/api/*");
    registration.setOrder(2);
    return registration;
  }
}
