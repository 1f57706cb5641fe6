package org.aidflow.shared;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.CachedDbEntity;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.DbEntityState;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;

/**
 * The grants on a task or process instance as the running command sees them before the database does: Camunda writes
 * a command's grants only when it ends, so those it made, read or deleted so far are in its entity cache. For a task or
 * instance the command made itself and has not written, that is all there is: no grant in the database names it (the
 * engine generated its id a moment ago), and asking the database whether a group already held a grant on a task
 * created a moment before was 10 statements per case. A task given an id of the caller's choosing, on which someone
 * granted beforehand, now fails on Camunda's unique key of grants instead of having the grants merged. Reads Camunda's
 * entity cache (internal classes): check it at each Camunda upgrade.
 */
public final class CommandGrants {

  private CommandGrants() {
  }

  /** The grants on the resource in the running command's cache (made, read or deleted in it); none outside one. */
  public static List<AuthorizationEntity> inCommand(Resource resource, String resourceId) {
    CommandContext context = Context.getCommandContext();
    List<AuthorizationEntity> grants = new ArrayList<>();
    if (context == null) {
      return grants;
    }
    for (AuthorizationEntity grant : context.getDbEntityManager().getCachedEntitiesByType(AuthorizationEntity.class)) {
      if (grant.getResourceType() == resource.resourceType() && resourceId.equals(grant.getResourceId())) {
        grants.add(grant);
      }
    }
    return grants;
  }

  /**
   * The resource (a task or a process instance, live or historic) is one this command made and has not written: its
   * grants are those {@link #inCommand} finds.
   */
  public static boolean onNewResource(Resource resource, String resourceId) {
    Class<? extends DbEntity> type = typeOf(resource);
    CommandContext context = Context.getCommandContext();
    if (type == null || resourceId == null || context == null) {
      return false;
    }
    CachedDbEntity cached = context.getDbEntityManager().getDbEntityCache().getCachedEntity(type, resourceId);
    return cached != null && cached.getEntityState() == DbEntityState.TRANSIENT;
  }

  private static Class<? extends DbEntity> typeOf(Resource resource) {
    int type = resource.resourceType();
    if (type == Resources.TASK.resourceType() || type == Resources.HISTORIC_TASK.resourceType()) {
      return TaskEntity.class;
    }
    if (type == Resources.PROCESS_INSTANCE.resourceType()
        || type == Resources.HISTORIC_PROCESS_INSTANCE.resourceType()) {
      // a process instance is its top-level execution, whose id is the process instance's id
      return ExecutionEntity.class;
    }
    return null;
  }
}
