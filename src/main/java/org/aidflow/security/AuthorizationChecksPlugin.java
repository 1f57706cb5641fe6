package org.aidflow.security;

import org.aidflow.shared.EngineExtensions;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.impl.AuthorizationServiceImpl;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Authorization checks as Camunda decides them, done cheaper ({@link AuthorizationChecks}), no revoke grants, and no
 * per-task grant that adds nothing to what the holder's groups already give ({@link TaskGrants}).
 * AidFlow gives access by grants only (docs/security.md); a revoke grant would make every check of its user or group
 * also look for revokes, and with revokes allowed Camunda asks the database before each command whether the user
 * has any. So revoke grants are refused where they are made (the Java API, the REST API and Admin, all through the
 * authorization service) and the engine checks no revokes ({@code camunda.bpm.authorization.authorization-check-revokes:
 * never} in application.yml). A database that
 * already holds revoke grants, from a release before this rule, keeps Camunda's {@code auto} mode so that they still
 * take effect.
 */
@Component
public class AuthorizationChecksPlugin extends AbstractProcessEnginePlugin {

  private static final Logger LOG = LoggerFactory.getLogger(AuthorizationChecksPlugin.class);

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    // replaces the engine's own authorization manager
    configuration.setCustomSessionFactories(EngineExtensions.plus(configuration.getCustomSessionFactories(),
        EngineExtensions.sessionFactory(AuthorizationManager.class, AuthorizationChecks::new),
        EngineExtensions.sessionFactory(TaskGrants.ReadInCommand.class, TaskGrants.ReadInCommand::new)));
    configuration.setAuthorizationService(new GrantsOnlyAuthorizationService());
    configuration.setResourceAuthorizationProvider(new TaskGrants());
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    long revokes = engine.getAuthorizationService().createAuthorizationQuery()
        .authorizationType(Authorization.AUTH_TYPE_REVOKE).count();
    if (revokes > 0) {
      ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
          .setAuthorizationCheckRevokes(ProcessEngineConfiguration.AUTHORIZATION_CHECK_REVOKE_AUTO);
      LOG.warn("{} revoke grants found in ACT_RU_AUTHORIZATION: they are still checked, at a cost to every command;"
          + " AidFlow gives access by grants only, replace them by removing the grants they take back", revokes);
    }
  }

  /** Camunda's authorization service, refusing revoke grants with a 400 through the REST API and Admin. */
  static class GrantsOnlyAuthorizationService extends AuthorizationServiceImpl {

    static final String REFUSAL = "AidFlow gives access by grants only: remove the grant instead of adding a revoke"
        + " (docs/security.md)";

    @Override
    public Authorization createNewAuthorization(int type) {
      if (type == Authorization.AUTH_TYPE_REVOKE) {
        throw new BadUserRequestException(REFUSAL);
      }
      return super.createNewAuthorization(type);
    }

    @Override
    public Authorization saveAuthorization(Authorization authorization) {
      if (authorization != null && authorization.getAuthorizationType() == Authorization.AUTH_TYPE_REVOKE) {
        throw new BadUserRequestException(REFUSAL);
      }
      return super.saveAuthorization(authorization);
    }
  }
}
