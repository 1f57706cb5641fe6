package org.aidflow.shared;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A value kept for the rest of the current transaction under a key: made on first use, handed to
 * {@code beforeCommit} just before the commit (in {@code order} among the transaction's synchronizations), dropped
 * when the transaction ends. A transaction started inside it ({@code REQUIRES_NEW}) does not see it. Null without a
 * transaction. One mechanism for the writes gathered until commit ({@link CommitOrder}) and the lookups remembered
 * ({@link TransactionMemo}).
 */
final class TransactionBound {

  private TransactionBound() {
  }

  /** The value kept under the key in the current transaction, without making one; null if none. */
  @SuppressWarnings("unchecked")
  static <T> T existing(Object key) {
    return TransactionSynchronizationManager.isSynchronizationActive()
        ? (T) TransactionSynchronizationManager.getResource(key) : null;
  }

  @SuppressWarnings("unchecked")
  static <T> T value(Object key, int order, Supplier<T> create, Consumer<T> beforeCommit) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return null;
    }
    T bound = (T) TransactionSynchronizationManager.getResource(key);
    if (bound != null) {
      return bound;
    }
    T created = create.get();
    TransactionSynchronizationManager.bindResource(key, created);
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public int getOrder() {
        return order;
      }

      @Override
      public void suspend() {
        TransactionSynchronizationManager.unbindResourceIfPossible(key);
      }

      @Override
      public void resume() {
        TransactionSynchronizationManager.bindResource(key, created);
      }

      @Override
      public void beforeCommit(boolean readOnly) {
        beforeCommit.accept(created);
      }

      @Override
      public void afterCompletion(int status) {
        TransactionSynchronizationManager.unbindResourceIfPossible(key);
      }
    });
    return created;
  }
}
