package org.aidflow.security;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.springframework.stereotype.Component;

/** Tells {@link FormFields} that a deployment (a new model or form) was made, so it reads the forms again. */
@Component
public class FormFieldsDeploymentPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<Deployer> deployers = configuration.getCustomPostDeployers() == null ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomPostDeployers());
    deployers.add(deployment -> FormFields.DEPLOYMENTS.incrementAndGet());
    configuration.setCustomPostDeployers(deployers);
  }
}
