package org.aidflow.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The engine still refuses a row without an id or with the reserved id {@code *}, with Camunda's message, but no
 * longer writes every row it inserts out as text first ({@link EntityIdCheckPlugin}).
 */
class EntityIdCheckIT extends ApplicationTest {

  @Autowired ProcessEngineConfigurationImpl configuration;

  @Test
  void anInsertedRowsIdIsCheckedWithoutDescribingTheRow() {
    configuration.getCommandExecutorTxRequired().execute(context -> {
      assertThat(context.getDbEntityManager()).isInstanceOf(EntityIdCheckPlugin.CheckedIds.class);
      EntityIdCheckPlugin.CheckedIds ids = (EntityIdCheckPlugin.CheckedIds) context.getDbEntityManager();

      Row valid = new Row("3f1c2a6e-0d4b-11f1-9a3e-0242ac120002");
      ids.validateId(valid);
      assertThat(valid.described).as("times the valid row was written out as text").isZero();

      for (String invalid : new String[] {"*", null}) {
        Row refused = new Row(invalid);
        assertThatThrownBy(() -> ids.validateId(refused)).isInstanceOf(ProcessEngineException.class)
            .hasMessageContaining("has an invalid id");
      }
      return null;
    });
  }

  /** A row that counts how often it is described. */
  private static final class Row implements DbEntity {

    private String id;
    private int described;

    Row(String id) {
      this.id = id;
    }

    @Override
    public String getId() {
      return id;
    }

    @Override
    public void setId(String id) {
      this.id = id;
    }

    @Override
    public Object getPersistentState() {
      return id;
    }

    @Override
    public String toString() {
      described++;
      return "Row[" + id + "]";
    }
  }
}
