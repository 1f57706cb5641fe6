package org.aidflow.shared;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.core.variable.CoreVariableInstance;
import org.camunda.bpm.engine.impl.db.ListQueryParameterObject;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ByteArrayEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;

/**
 * The byte arrays behind variables' values (Json lists such as the categories or the plan's items) read in one
 * statement. The engine reads each one by its id when the value is first wanted: a statement and a round trip to
 * the database per Json variable (18 per case in the loop, of which the forms' and the case headers' are now read
 * together). Read here with the engine's own statement, they wait in the command's cache, where the engine looks
 * first; the values and their checks are the engine's as before.
 */
public final class VariableBytes {

  private VariableBytes() {
  }

  /** Reads the byte arrays of these variables that the command has not read yet, in one statement when two or more. */
  public static void readTogether(Collection<? extends CoreVariableInstance> variables) {
    CommandContext command = Context.getCommandContext();
    if (command == null) {
      return;
    }
    DbEntityManager entities = command.getDbEntityManager();
    List<String> ids = new ArrayList<>();
    for (CoreVariableInstance variable : variables) {
      if (variable instanceof VariableInstanceEntity entity && entity.getByteArrayValueId() != null
          && entities.getCachedEntity(ByteArrayEntity.class, entity.getByteArrayValueId()) == null) {
        ids.add(entity.getByteArrayValueId());
      }
    }
    if (ids.size() > 1) {
      entities.selectList("selectByteArrays", new ListQueryParameterObject(ids, 0, Integer.MAX_VALUE));
    }
  }
}
