package org.aidflow.shared;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.core.Ordered;

/**
 * Lookups a registry remembers for the rest of the transaction, until it writes: the listeners, delegates and form
 * views of one step each ask for the step's case or referral (the benchmark counted 55 such reads per case). The
 * values are still AidFlow's rows, read in this transaction; any write through the same registry forgets them all
 * (one read may fill two registries' memos, {@code CaseRegistry.readInstance}: each forgets only its own, since
 * neither writes the other's rows). Without a transaction (the process tests' plain engine) nothing is remembered.
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

  /**
   * Remembers what the owner has just written (a row it inserted) for the rest of the transaction, so that it is not
   * read back; nothing without a transaction.
   */
  public static void put(Object owner, String lookup, Object value) {
    Map<String, Object> memo = memoOf(owner);
    if (memo != null) {
      memo.put(lookup, value);
    }
  }

  /** What the owner remembered for the lookup in this transaction, without reading; empty if nothing. */
  @SuppressWarnings("unchecked")
  public static <V> Optional<V> recalled(Object owner, String lookup) {
    Object memo = TransactionBound.existing(new Key(owner));
    return memo == null ? Optional.empty() : Optional.ofNullable((V) ((Map<?, ?>) memo).get(lookup));
  }

  /**
   * A row the owner remembered under the lookup that {@code pointer} names (a case or referral remembered under the
   * instance it was looked up by, the instance under "instance of …"), with that lookup; empty if none.
   */
  public static <V> Optional<Map.Entry<String, V>> recalledVia(Object owner, String pointer) {
    return TransactionMemo.<String>recalled(owner, pointer).flatMap(lookup -> TransactionMemo.<Optional<V>>recalled(
        owner, lookup).flatMap(row -> row).map(row -> Map.entry(lookup, row)));
  }

  /** Remembers the row under its lookup, and the lookup under {@code pointer}: what {@link #recalledVia} finds. */
  public static void putVia(Object owner, String pointer, String lookup, Object row) {
    put(owner, lookup, Optional.of(row));
    put(owner, pointer, lookup);
  }

  /** Forgets everything the owner remembered in this transaction: called before each of its writes. */
  public static void forget(Object owner) {
    Object memo = TransactionBound.existing(new Key(owner));
    if (memo != null) {
      ((Map<?, ?>) memo).clear();
    }
  }

  private static Map<String, Object> memoOf(Object owner) {
    return TransactionBound.value(new Key(owner), Ordered.LOWEST_PRECEDENCE, HashMap::new, memo -> {
    });
  }
}
