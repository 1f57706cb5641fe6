package org.aidflow.shared;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Lookups a registry remembers for the rest of the transaction, until it writes: the listeners, delegates and form
 * views of one step each ask for the step's case or referral (the benchmark counted 55 such reads per case). The
 * values are still AidFlow's rows, read in this transaction; any write through the same registry forgets them all.
 * Without a transaction (the process tests' plain engine) nothing is remembered.
 */
public final class TransactionMemo {

  /** The resource key of an owner's memo, distinct from any other resource bound for the owner. */
  private record Key(Object owner) {
  }

  private TransactionMemo() {
  }

  /** The remembered value of the lookup in this transaction, or the lookup's value, then remembered. */
  @SuppressWarnings("unchecked")
  public static <V> V remember(Object owner, String lookup, Supplier<V> read) {
    Map<String, Object> memo = memoOf(owner);
    if (memo == null) {
      return read.get();
    }
    if (memo.containsKey(lookup)) {
      return (V) memo.get(lookup);
    }
    V value = read.get();
    memo.put(lookup, value);
    return value;
  }

  /** Forgets everything the owner remembered in this transaction: called before each of its writes. */
  public static void forget(Object owner) {
    Object memo = TransactionSynchronizationManager.getResource(new Key(owner));
    if (memo != null) {
      ((Map<?, ?>) memo).clear();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> memoOf(Object owner) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return null;
    }
    Key key = new Key(owner);
    Map<String, Object> memo = (Map<String, Object>) TransactionSynchronizationManager.getResource(key);
    if (memo == null) {
      Map<String, Object> created = new HashMap<>();
      TransactionSynchronizationManager.bindResource(key, created);
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        // a transaction started inside this one (REQUIRES_NEW) sees its own rows, not this memo
        @Override
        public void suspend() {
          TransactionSynchronizationManager.unbindResourceIfPossible(key);
        }

        @Override
        public void resume() {
          TransactionSynchronizationManager.bindResource(key, created);
        }

        @Override
        public void afterCompletion(int status) {
          TransactionSynchronizationManager.unbindResourceIfPossible(key);
        }
      });
      memo = created;
    }
    return memo;
  }
}
