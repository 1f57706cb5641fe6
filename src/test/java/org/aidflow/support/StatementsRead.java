package org.aidflow.support;

import java.util.Map;
import java.util.TreeMap;
import org.apache.ibatis.cache.CacheKey;
import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;
import org.apache.ibatis.session.ResultHandler;
import org.apache.ibatis.session.RowBounds;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/** Counts the engine's reads by statement while a piece of a test runs on this thread: round trips a user waits for. */
public final class StatementsRead extends AbstractProcessEnginePlugin {

  private final ThreadLocal<Map<String, Integer>> counting = new ThreadLocal<>();

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    configuration.getSqlSessionFactory().getConfiguration().addInterceptor(new Counter());
  }

  /** The engine's reads while the action ran, by statement id (e.g. {@code selectByteArray}), in name order. */
  public Map<String, Integer> during(Runnable action) {
    Map<String, Integer> read = new TreeMap<>();
    counting.set(read);
    try {
      action.run();
    } finally {
      counting.remove();
    }
    return read;
  }

  @Intercepts({
      @Signature(type = Executor.class, method = "query",
          args = {MappedStatement.class, Object.class, RowBounds.class, ResultHandler.class}),
      @Signature(type = Executor.class, method = "query",
          args = {MappedStatement.class, Object.class, RowBounds.class, ResultHandler.class, CacheKey.class,
              BoundSql.class})})
  private final class Counter implements Interceptor {

    @Override
    public Object intercept(Invocation invocation) throws Throwable {
      Map<String, Integer> read = counting.get();
      if (read != null) {
        String id = ((MappedStatement) invocation.getArgs()[0]).getId();
        read.merge(id.substring(id.lastIndexOf('.') + 1), 1, Integer::sum);
      }
      return invocation.proceed();
    }
  }
}
