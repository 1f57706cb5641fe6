package org.aidflow.security;

import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Caps model uploads: {@code aidflow.deployment.max-upload-bytes} (default 5 MiB for all resources together) and
 * {@code aidflow.deployment.max-resources} (default 50), checked with the caller's right to deploy before the body is
 * read (see {@link DeploymentUploadFilter}).
 */
@Configuration
public class DeploymentUploadConfiguration {

  @Bean
  public FilterRegistrationBean<DeploymentUploadFilter> deploymentUploadLimit(ObjectProvider<ProcessEngine> engine,
      @Value("${aidflow.deployment.max-upload-bytes:5242880}") long maxBytes,
      @Value("${aidflow.deployment.max-resources:50}") int maxResources) {
    FilterRegistrationBean<DeploymentUploadFilter> registration = new FilterRegistrationBean<>(
        new DeploymentUploadFilter(engine::getObject, maxBytes, maxResources));
    registration.setName("deployment-upload-limit");
    // the engine REST API's upload, and the same API as the webapps serve it
    registration.addUrlPatterns("/engine-rest/deployment/create", "/camunda/api/engine/*");
    // after the engine REST API's authentication (order 1), which reads no body
    registration.setOrder(2);
    return registration;
  }
}
