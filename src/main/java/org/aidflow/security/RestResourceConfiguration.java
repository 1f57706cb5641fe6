package org.aidflow.security;

import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.springframework.stereotype.Component;

/** The engine's REST API as the starter builds it, plus the mapping of refused input to 400. */
@Component
public class RestResourceConfiguration extends CamundaJerseyResourceConfig {

  @Override
  protected void registerAdditionalResources() {
    register(RefusedInputExceptionMapper.ForEngine.class);
    register(RefusedInputExceptionMapper.ForRest.class);
    register(RefusedInputExceptionMapper.ForConcurrentChange.class);
  }
}
