package org.aidflow.ops;

import org.aidflow.shared.EngineExtensions;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.IdGenerator;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.camunda.bpm.engine.impl.db.PersistenceSession;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManagerFactory;
import org.springframework.stereotype.Component;

/**
 * The engine's check of every inserted row's id, without its cost. Camunda's {@code DbEntityManager.validateId}
 * builds its error message before checking, and the message holds the entity's {@code toString()}: every row the
 * engine inserts (a variable, its history, a byte array, a log entry) was first written out as text in full, 4.3 % of
 * the loop's JVM time (JFR, docs/benchmark-and-tuning.md, "the id check of inserted rows"). The check is the same
 * (no id, or the reserved {@code *}) and fails with Camunda's own message; only a valid id skips the text.
 */
@Component
public class EntityIdCheckPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setCustomSessionFactories(EngineExtensions.plus(configuration.getCustomSessionFactories(),
        new Factory(configuration)));
  }

  /** Opens the entity managers below; the id generator is read when a session opens, after the engine made it. */
  static final class Factory extends DbEntityManagerFactory {

    private final ProcessEngineConfigurationImpl configuration;

    Factory(ProcessEngineConfigurationImpl configuration) {
      super(null);
      this.configuration = configuration;
    }

    @Override
    public DbEntityManager openSession() {
      return new CheckedIds(configuration.getIdGenerator(),
          Context.getCommandContext().getSession(PersistenceSession.class));
    }
  }

  /** Camunda's entity manager, checking an id before describing the entity. */
  static final class CheckedIds extends DbEntityManager {

    CheckedIds(IdGenerator idGenerator, PersistenceSession persistenceSession) {
      super(idGenerator, persistenceSession);
    }

    @Override
    protected void validateId(DbEntity entity) {
      String id = entity.getId();
      if (id == null || Authorization.ANY.equals(id)) {
        super.validateId(entity);
      }
    }
  }
}
