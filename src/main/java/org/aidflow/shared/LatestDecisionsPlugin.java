package org.aidflow.shared;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.dmn.entity.repository.DecisionDefinitionEntity;
import org.camunda.bpm.engine.impl.dmn.entity.repository.DecisionDefinitionManager;
import org.springframework.stereotype.Component;

/**
 * The latest version of a decision, as a business-rule task or a form's panel finds it, looked up in the database once
 * every {@link #KEPT} instead of at every evaluation (seven look-ups per case). A deployed decision never changes, so the
 * answer changes only with a deployment (a node's start, or a designer's from Modeler through one node): the deploying
 * node forgets its answers at once, and the other nodes use the new version at most {@link #KEPT} later (and a version
 * whose deployment another node deleted, as long). A deployment numbers its versions from the database itself, and a
 * look-up for a tenant is Camunda's.
 */
@Component
public class LatestDecisionsPlugin extends AbstractProcessEnginePlugin {

  /** How long an answer is used before the database is asked again. */
  public static final Duration KEPT = Duration.ofSeconds(10);

  private final LatestDecisions latest = new LatestDecisions(System::nanoTime,
      id -> Context.getProcessEngineConfiguration().getDeploymentCache().findDecisionDefinitionFromCache(id));

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setCustomSessionFactories(EngineExtensions.plus(configuration.getCustomSessionFactories(),
        EngineExtensions.sessionFactory(DecisionDefinitionManager.class, () -> new Manager(latest))));
    configuration.setCustomPostDeployers(EngineExtensions.plus(configuration.getCustomPostDeployers(),
        deployment -> latest.forgetNowAndOnCommit()));
  }

  /** The engine's decision definitions, with the latest of a key without a tenant answered from {@link #latest}. */
  static final class Manager extends DecisionDefinitionManager {

    private final LatestDecisions latest;

    Manager(LatestDecisions latest) {
      this.latest = latest;
    }

    /**
     * A deployment numbers its versions through {@code findLatestDecisionDefinitionByKeyAndTenantId}, which is
     * Camunda's, so it always reads the database.
     */
    @Override
    public DecisionDefinitionEntity findLatestDefinitionByKeyAndTenantId(String key, String tenantId) {
      if (tenantId != null) {
        return super.findLatestDefinitionByKeyAndTenantId(key, tenantId);
      }
      return latest.find(key, () -> super.findLatestDefinitionByKeyAndTenantId(key, null));
    }
  }

  /** Each key's latest definition id as last read, and when. */
  static final class LatestDecisions {

    private record Answer(String definitionId, long readAt) {
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    /** How often the answers were forgotten: a read begun before the last time is not kept. */
    private final AtomicLong forgotten = new AtomicLong();
    private final LongSupplier nanoTime;
    private final Function<String, DecisionDefinitionEntity> parsed;

    /** {@code parsed}: the engine's parsed definition of an id, if its deployment cache holds it. */
    LatestDecisions(LongSupplier nanoTime, Function<String, DecisionDefinitionEntity> parsed) {
      this.nanoTime = nanoTime;
      this.parsed = parsed;
    }

    /**
     * The parsed definition of the key's latest version as last read, unless read more than {@link #KEPT} ago or no
     * longer in the engine's deployment cache (its deployment deleted); else what {@code read} finds.
     */
    DecisionDefinitionEntity find(String key, Supplier<DecisionDefinitionEntity> read) {
      long now = nanoTime.getAsLong();
      Answer answer = answers.get(key);
      if (answer != null && now - answer.readAt() < KEPT.toNanos()) {
        DecisionDefinitionEntity known = parsed.apply(answer.definitionId());
        if (known != null) {
          return known;
        }
      }
      long generation = forgotten.get();
      DecisionDefinitionEntity found = read.get();
      if (found != null) {
        synchronized (answers) {
          // a deployment forgotten while this read ran may have committed after it: its answer is not kept
          if (forgotten.get() == generation) {
            answers.put(key, new Answer(found.getId(), now));
          }
        }
      }
      return found;
    }

    /**
     * Forgets every answer now, and again when the deploying transaction commits: a look-up by another thread in
     * between still found the version before.
     */
    void forgetNowAndOnCommit() {
      forget();
      Context.getCommandContext().getTransactionContext().addTransactionListener(TransactionState.COMMITTED,
          context -> forget());
    }

    void forget() {
      synchronized (answers) {
        forgotten.incrementAndGet();
        answers.clear();
      }
    }
  }
}
