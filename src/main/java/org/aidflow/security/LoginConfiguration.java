package org.aidflow.security;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Every way to log in: HTTP Basic on {@code /engine-rest} and {@code /api} (anonymous calls get 401), the
 * webapps' login form, and the Admin setup page, which stays closed.
 */
@Configuration
public class LoginConfiguration {

  /** Authenticates before the expression guard (order 2) and the engine. */
  @Bean
  public FilterRegistrationBean<BasicAuthenticationFilter> engineRestAuthentication(IdentityService identityService,
      LoginThrottle throttle, PasswordUpgrade upgrade) {
    FilterRegistrationBean<BasicAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new BasicAuthenticationFilter(identityService, throttle, upgrade));
    registration.setName("engine-rest-authentication");
    registration.addUrlPatterns("/engine-rest/*", "/api/*", "/actuator/prometheus");
    registration.setOrder(1);
    return registration;
  }

  @Bean
  public FilterRegistrationBean<WebappLoginThrottleFilter> webappLoginThrottle(LoginThrottle throttle,
      PasswordUpgrade upgrade) {
    FilterRegistrationBean<WebappLoginThrottleFilter> registration =
        new FilterRegistrationBean<>(new WebappLoginThrottleFilter(throttle, upgrade));
    registration.setName("webapp-login-throttle");
    registration.addUrlPatterns("/camunda/api/admin/auth/user/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  @Bean
  public FilterRegistrationBean<SetupPageClosedFilter> setupPageClosed() {
    FilterRegistrationBean<SetupPageClosedFilter> registration = new FilterRegistrationBean<>(new SetupPageClosedFilter());
    registration.setName("admin-setup-closed");
    registration.addUrlPatterns("/camunda/api/admin/setup/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }
}
