package org.aidflow.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.springframework.stereotype.Component;

/**
 * Authorization checks without reading the whole authorization table first. Before its first check in a command,
 * Camunda narrows the user's groups to those that hold any authorization, with
 * {@code SELECT DISTINCT GROUP_ID_ FROM ACT_RU_AUTHORIZATION}: a full scan of a table that grows with every case,
 * as AidFlow grants each case and referral to its organisations and those grants stay until history cleanup. The
 * benchmark measured it as the one engine cost that grows with the number of cases. AidFlow's users belong to a
 * few groups each, so the narrowing saves nothing: a group without grants simply matches no authorization row.
 */
@Component
public class AuthorizationGroupsPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<SessionFactory> factories = configuration.getCustomSessionFactories() == null ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomSessionFactories());
    factories.add(new SessionFactory() {
      @Override
      public Class<?> getSessionType() {
        // replaces the engine's own authorization manager
        return AuthorizationManager.class;
      }

      @Override
      public Session openSession() {
        return new AuthorizationManager() {
          @Override
          public List<String> filterAuthenticatedGroupIds(List<String> authenticatedGroupIds) {
            return authenticatedGroupIds == null ? Collections.emptyList() : new ArrayList<>(authenticatedGroupIds);
          }
        };
      }
    });
    configuration.setCustomSessionFactories(factories);
  }
}
