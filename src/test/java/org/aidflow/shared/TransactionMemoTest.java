package org.aidflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

/** A registry's lookups are read once per transaction, again after it writes, and every time without one. */
class TransactionMemoTest {

  private final Object registry = new Object();
  private final AtomicInteger reads = new AtomicInteger();

  @AfterEach
  void endTheTransaction() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationUtils.invokeAfterCompletion(TransactionSynchronizationManager.getSynchronizations(),
          TransactionSynchronization.STATUS_COMMITTED);
      TransactionSynchronizationManager.clearSynchronization();
    }
  }

  @Test
  void withinATransactionALookupIsReadOnceUntilTheRegistryWrites() {
    TransactionSynchronizationManager.initSynchronization();

    assertThat(lookUp("pi-1")).isEqualTo("row 1");
    assertThat(lookUp("pi-1")).isEqualTo("row 1");
    assertThat(lookUp("pi-2")).isEqualTo("row 2");
    assertThat(reads).hasValue(2);

    TransactionMemo.forget(registry);
    assertThat(lookUp("pi-1")).isEqualTo("row 3");
    assertThat(reads).hasValue(3);
  }

  @Test
  void aRowJustWrittenIsAnsweredWithoutAReadAndNotRememberedWithoutATransaction() {
    TransactionMemo.put(registry, "pi-1", "row written");
    assertThat(lookUp("pi-1")).isEqualTo("row 1");

    TransactionSynchronizationManager.initSynchronization();
    TransactionMemo.put(registry, "pi-1", "row written");
    assertThat(lookUp("pi-1")).isEqualTo("row written");
    assertThat(reads).hasValue(1);
  }

  @Test
  void theNextTransactionReadsAgain() {
    TransactionSynchronizationManager.initSynchronization();
    lookUp("pi-1");
    endTheTransaction();

    TransactionSynchronizationManager.initSynchronization();
    lookUp("pi-1");
    assertThat(reads).hasValue(2);
  }

  @Test
  void withoutATransactionEveryLookupIsRead() {
    lookUp("pi-1");
    lookUp("pi-1");
    assertThat(reads).hasValue(2);
  }

  private String lookUp(String processInstanceId) {
    return TransactionMemo.remember(registry, processInstanceId, () -> "row " + reads.incrementAndGet());
  }
}
