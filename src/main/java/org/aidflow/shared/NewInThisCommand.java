package org.aidflow.shared;

import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.CachedDbEntity;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.DbEntityState;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;

/**
 * Whether a task or process instance was made by the running command and not yet written: then no grant in the
 * database names it (the engine generated its id a moment ago), and the grants made for it so far are all in the
 * command's cache. Asking the database whether a group already held a grant on a task created a moment before was 10
 * statements per case. A task given an id of the caller's choosing, on which someone granted beforehand, now fails
 * on Camunda's unique key of grants instead of having the grants merged. Reads Camunda's entity cache (an internal
 * class): check it at each Camunda upgrade.
 */
public final class NewInThisCommand {

  private NewInThisCommand() {
  }

  /** The resource (a task or a process instance, live or historic) is one this command made and has not written. */
  public static boolean isNew(Resource resource, String resourceId) {
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
