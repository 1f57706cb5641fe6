package org.aidflow.security;

import java.util.List;
import org.aidflow.shared.EngineExtensions;
import org.aidflow.shared.Groups;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/** Members of {@code admins} administer the engine (Camunda's own {@code camunda-admin} stays one too). */
@Component
public class AdminGroupPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<String> configured = configuration.getAdminGroups();
    if (configured == null || !configured.contains(Groups.ADMINS)) {
      configuration.setAdminGroups(EngineExtensions.plus(configured, Groups.ADMINS));
    }
  }
}
