package org.aidflow.shared;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;

/** The one way AidFlow's engine plugins add to what the engine's configuration lists, and open sessions of their own. */
public final class EngineExtensions {

  private EngineExtensions() {
  }

  /** The configured list (none yet: empty) with {@code added} after what others configured before. */
  @SafeVarargs
  public static <T> List<T> plus(List<T> configured, T... added) {
    List<T> all = configured == null ? new ArrayList<>() : new ArrayList<>(configured);
    all.addAll(Arrays.asList(added));
    return all;
  }

  /** A session of each command, of the type the engine asks for, opened at its first use in the command. */
  public static SessionFactory sessionFactory(Class<?> type, Supplier<Session> open) {
    return new SessionFactory() {
      @Override
      public Class<?> getSessionType() {
        return type;
      }

      @Override
      public Session openSession() {
        return open.get();
      }
    };
  }
}
