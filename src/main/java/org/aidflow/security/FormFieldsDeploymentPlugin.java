package org.aidflow.security;

import org.aidflow.shared.EngineExtensions;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/** Tells {@link FormFields} that a deployment (a new model or form) was made, so it reads the forms again. */
@Component
public class FormFieldsDeploymentPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setCustomPostDeployers(EngineExtensions.plus(configuration.getCustomPostDeployers(),
        deployment -> FormFields.DEPLOYMENTS.incrementAndGet()));
  }
}
