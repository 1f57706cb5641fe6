package org.aidflow.security;

import java.lang.reflect.Field;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractDeleteProcessDefinitionCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteDeploymentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessDefinitionsByIdsCmd;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

/**
 * Deleting a deployment "with cascade" removes every case of its processes, running and finished, with their
 * history. Only administrators may do that; designers (who hold DEPLOYMENT DELETE so that they can take back a
 * deployment no case uses yet) are refused, whichever door they come through (engine REST API, the webapps' API,
 * Java). A deletion without cascade still fails, as the engine has it, while any case of the deployment runs.
 */
final class CascadeDeletionGuard extends CommandInterceptor {

  private static final List<String> CASCADE_FIELDS = List.of("cascade", "cascadeToHistory", "cascadeToInstances");

  private final ProcessEngineConfigurationImpl configuration;

  CascadeDeletionGuard(ProcessEngineConfigurationImpl configuration) {
    this.configuration = configuration;
  }

  @Override
  public <T> T execute(Command<T> command) {
    if ((command instanceof DeleteDeploymentCmd || command instanceof DeleteProcessDefinitionsByIdsCmd
        || command instanceof AbstractDeleteProcessDefinitionCmd)
        && cascades(command)) {
      Authentication user = configuration.getIdentityService().getCurrentAuthentication();
      if (user != null && !isAdministrator(user)) {
        throw new AuthorizationException("只有管理员可以级联删除部署（会删除所有案件及其历史）；请部署新版本 / "
            + "only administrators may delete a deployment with cascade (it removes every case and its history);"
            + " deploy a new version instead");
      }
    }
    return next.execute(command);
  }

  private boolean isAdministrator(Authentication user) {
    List<String> adminUsers = configuration.getAdminUsers();
    List<String> adminGroups = configuration.getAdminGroups();
    return adminUsers != null && adminUsers.contains(user.getUserId())
        || adminGroups != null && user.getGroupIds() != null
        && user.getGroupIds().stream().anyMatch(adminGroups::contains);
  }

  /** The commands keep their cascade flags to themselves. */
  private static boolean cascades(Command<?> command) {
    for (Class<?> type = command.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (String name : CASCADE_FIELDS) {
        try {
          Field field = type.getDeclaredField(name);
          field.setAccessible(true);
          if (field.getBoolean(command)) {
            return true;
          }
        } catch (NoSuchFieldException e) {
          // not a flag of this class
        } catch (IllegalAccessException e) {
          return true;
        }
      }
    }
    return false;
  }
}
