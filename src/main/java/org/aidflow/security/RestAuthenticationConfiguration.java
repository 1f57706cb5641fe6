package org.aidflow.security;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine's REST API and AidFlow's own {@code /api} answer only authenticated callers (HTTP Basic against
 * Camunda's identity service), so that the engine's authorizations apply to every call. Anonymous calls get 401.
 */
@Configuration
public class RestAuthenticationConfiguration {

  @Bean
  public FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("engine-rest-authentication");
    registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        HttpBasicAuthenticationProvider.class.getName());
    registration.addUrlPatterns("/engine-rest/*", "/api/*");
    registration.setOrder(1);
    return registration;
  }

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
