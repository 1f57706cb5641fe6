package org.aidflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.aidflow.shared.LatestDecisionsPlugin.LatestDecisions;
import org.camunda.bpm.engine.impl.dmn.entity.repository.DecisionDefinitionEntity;
import org.junit.jupiter.api.Test;

/** How long a decision's latest version is used as found before the database is asked again. */
class LatestDecisionsTest {

  private final AtomicLong now = new AtomicLong();
  private final Map<String, DecisionDefinitionEntity> parsed = new HashMap<>();
  private final LatestDecisions latest = new LatestDecisions(now::get, parsed::get);
  private final AtomicInteger reads = new AtomicInteger();

  @Test
  void theLatestVersionIsReadOnceForTheTimeKeptThenReadAgain() {
    DecisionDefinitionEntity first = deployed("approval-level:1");
    assertThat(latest.find("approval-level", read(first))).isSameAs(first);

    now.addAndGet(LatestDecisionsPlugin.KEPT.toNanos() - 1);
    assertThat(latest.find("approval-level", read(first))).isSameAs(first);
    assertThat(reads).as("reads within the time kept").hasValue(1);

    DecisionDefinitionEntity second = deployed("approval-level:2");
    now.incrementAndGet();
    assertThat(latest.find("approval-level", read(second))).as("another node's newer version, once the time is up")
        .isSameAs(second);
    assertThat(reads).hasValue(2);
  }

  @Test
  void aVersionNoLongerDeployedOrForgottenAtADeploymentIsReadAgain() {
    DecisionDefinitionEntity first = deployed("approval-level:1");
    latest.find("approval-level", read(first));

    parsed.remove(first.getId());
    DecisionDefinitionEntity remaining = deployed("approval-level:0");
    assertThat(latest.find("approval-level", read(remaining))).isSameAs(remaining);

    latest.forget();
    DecisionDefinitionEntity newer = deployed("approval-level:3");
    assertThat(latest.find("approval-level", read(newer))).isSameAs(newer);
    assertThat(reads).hasValue(3);
  }

  @Test
  void aVersionReadWhileADeploymentWasForgottenIsNotKept() {
    DecisionDefinitionEntity before = deployed("approval-level:1");
    // a deployment commits (its answers forgotten) while another thread's read still saw the version before
    assertThat(latest.find("approval-level", () -> {
      reads.incrementAndGet();
      latest.forget();
      return before;
    })).isSameAs(before);

    DecisionDefinitionEntity newer = deployed("approval-level:2");
    assertThat(latest.find("approval-level", read(newer))).isSameAs(newer);
    assertThat(reads).hasValue(2);
  }

  @Test
  void aKeyWithNothingDeployedIsAskedAgainEachTime() {
    assertThat(latest.find("not-deployed", read(null))).isNull();
    assertThat(latest.find("not-deployed", read(null))).isNull();
    assertThat(reads).hasValue(2);
  }

  private Supplier<DecisionDefinitionEntity> read(DecisionDefinitionEntity found) {
    return () -> {
      reads.incrementAndGet();
      return found;
    };
  }

  private DecisionDefinitionEntity deployed(String id) {
    DecisionDefinitionEntity definition = new DecisionDefinitionEntity();
    definition.setId(id);
    parsed.put(id, definition);
    return definition;
  }
}
