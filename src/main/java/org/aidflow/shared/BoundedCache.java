package org.aidflow.shared;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values that never go stale, kept once loaded: up to a limit, then all dropped and loaded again as asked for (the
 * ones in use come back at once). A load that answers null is not kept. Safe across threads; two threads may load the
 * same key once each.
 */
public final class BoundedCache<K, V> {

  private final int limit;
  private final Map<K, V> values = new ConcurrentHashMap<>();

  public BoundedCache(int limit) {
    this.limit = limit;
  }

  public V get(K key, Function<K, V> load) {
    V known = values.get(key);
    if (known != null) {
      return known;
    }
    V loaded = load.apply(key);
    if (loaded != null) {
      if (values.size() >= limit) {
        values.clear();
      }
      values.put(key, loaded);
    }
    return loaded;
  }

  /** How many values are kept now. */
  public int size() {
    return values.size();
  }
}
