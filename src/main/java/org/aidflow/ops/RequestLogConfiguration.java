package org.aidflow.ops;

import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The request log ({@link RequestLogFilter}) around every request, before any other filter answers it. */
@Configuration
public class RequestLogConfiguration {

  @Bean
  public FilterRegistrationBean<RequestLogFilter> requestLog(ObjectProvider<ProcessEngine> engine) {
    FilterRegistrationBean<RequestLogFilter> registration = new FilterRegistrationBean<>(
        new RequestLogFilter(engine::getIfAvailable));
    registration.setName("request-log");
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }
}
