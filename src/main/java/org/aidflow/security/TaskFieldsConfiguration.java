package org.aidflow.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Each user task accepts only its own fields, over both engine APIs (see {@link TaskFieldsFilter}). */
@Configuration
public class TaskFieldsConfiguration {

  @Bean
  public FilterRegistrationBean<TaskFieldsFilter> taskFields(TaskService taskService,
      RepositoryService repositoryService, IdentityService identityService, FormFields formFields) {
    FilterRegistrationBean<TaskFieldsFilter> registration = new FilterRegistrationBean<>(
        new TaskFieldsFilter(taskService, repositoryService, identityService, formFields));
    registration.setName("task-fields");
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
    // after the REST API's authentication (1) and the expression guard (2)
    registration.setOrder(3);
    return registration;
  }
}
