package org.aidflow.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.ibatis.cursor.Cursor;
import org.apache.ibatis.executor.parameter.ParameterHandler;
import org.apache.ibatis.executor.statement.StatementHandler;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.session.ResultHandler;
import org.aidflow.shared.Databases;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.HistoricTaskPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.postgresql.PGStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps Camunda's authorization-checked lists (Tasklist's filters and counts, the REST API's task, instance and history
 * queries) linear in the open cases on PostgreSQL.
 *
 * <p>Such a query joins its rows with the user's grants {@code ON AUTH.RESOURCE_ID_ IN (row id, definition key, '*')}.
 * Every open task gives its unit's caseworkers a grant, so a unit with 20,000 open tasks has 20,000 of them; when the
 * planner believes there are a few dozen it compares every task with every grant (20,000 × 20,000) instead of looking
 * each task's grants up by index: 33 s instead of 0.1 s for one count, and a province's unit with 100,000 open cases
 * never answered (docs/benchmark-and-tuning.md). Two things make the estimate wrong, and this class mends both:
 * <ul>
 *   <li>The grant filter tests permission bits ({@code PERMS_ & 2 = 2}), for which PostgreSQL has no statistics and
 *       guesses 0.5 %: extended statistics on those expressions, made once at start-up, give it the real share.</li>
 *   <li>After a few runs of the same statement on a connection, the driver prepares it on the server, and PostgreSQL
 *       then plans it once for any values, where neither the groups nor the bits nor the table's growth are known:
 *       Camunda's statements that read the grants ({@link #readsGrants}) are therefore always sent unprepared,
 *       planned with their values (a millisecond of planning for a list, much less for a lookup; every other statement
 *       keeps its prepared plan). AidFlow's own reads of the grants ({@code security.GrantReads}) are written so that
 *       a plan for any values finds them by index, and stay prepared.</li>
 * </ul>
 */
@Component
public class AuthorizedQueryPlans extends AbstractProcessEnginePlugin {

  static final String STATISTICS = "aidflow_auth_perms";

  /** The permissions Camunda's queries test bits of: the grant a list needs on its rows or on their definition. */
  static final List<Permission> QUERIED = List.of(Permissions.READ, TaskPermissions.READ,
      ProcessInstancePermissions.READ, HistoricProcessInstancePermissions.READ, HistoricTaskPermissions.READ,
      ProcessDefinitionPermissions.READ_TASK, ProcessDefinitionPermissions.READ_INSTANCE,
      ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
      ProcessDefinitionPermissions.READ_HISTORY_VARIABLE);

  private static final Logger LOG = LoggerFactory.getLogger(AuthorizedQueryPlans.class);

  private final JdbcTemplate jdbc;

  public AuthorizedQueryPlans(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    configuration.getSqlSessionFactory().getConfiguration().addInterceptor(new PlanWithValues());
  }

  @EventListener
  @Order(0)
  public void onReady(ApplicationReadyEvent event) {
    if (!Databases.isPostgres(jdbc)) {
      return;
    }
    Integer present = jdbc.queryForObject("SELECT count(*) FROM pg_statistic_ext WHERE stxname = ?", Integer.class,
        STATISTICS);
    if (present != null && present > 0) {
      return;
    }
    try {
      jdbc.execute("CREATE STATISTICS IF NOT EXISTS " + STATISTICS + " ON " + permissionBits()
          + " FROM act_ru_authorization");
      // the statistics are empty until the table is analysed; autovacuum keeps them current afterwards
      jdbc.execute("ANALYZE act_ru_authorization");
    } catch (DataAccessException e) {
      // another node of the cluster adding them at the same moment
      LOG.info("statistics {} not added here: {}", STATISTICS, e.getMostSpecificCause().getMessage());
    }
  }

  /** {@code (perms_ & 2), (perms_ & 64), …}: one expression per distinct permission bit the queries test. */
  static String permissionBits() {
    return QUERIED.stream().map(Permission::getValue).collect(Collectors.toCollection(TreeSet::new)).stream()
        .map(bit -> "(perms_ & " + bit + ")").collect(Collectors.joining(", "));
  }

  /**
   * Whether the statement reads the grants: a list joined with them ({@code AUTH ON (…)}) or a lookup of grants by
   * group and resource (Camunda's check before it saves a grant, its authorization queries). Planned for any values,
   * a lookup kept the plan made while the table was nearly empty (a fresh database, a connection opened early) and
   * read every grant for each intake from then on, 20,000 rows after a few thousand intakes. Found with
   * {@code indexOf}, not a regular expression: every statement passes here, and a pattern search through the long
   * texts of the authorization checks had cost 5 % of the case loop's JVM time.
   */
  static boolean readsGrants(String sql) {
    if (!sql.contains("ACT_RU_AUTHORIZATION")) {
      return false;
    }
    int start = 0;
    while (start < sql.length() && Character.isWhitespace(sql.charAt(start))) {
      start++;
    }
    return sql.regionMatches(true, start, "select", 0, 6);
  }

  /** Sends the statements that read the grants unprepared, so PostgreSQL plans each with its values. */
  static final class PlanWithValues implements Interceptor {

    @Override
    public Object intercept(Invocation invocation) throws Throwable {
      // not a signature-driven interceptor: plugin() hands out the wrapper below
      return invocation.proceed();
    }

    /**
     * Wraps only the statements that read the grants (their SQL is bound when MyBatis creates the handler), each in a
     * plain delegate: MyBatis' own {@code Plugin.wrap} reads the annotations and builds a dynamic proxy at every
     * statement.
     */
    @Override
    public Object plugin(Object target) {
      return target instanceof StatementHandler handler && readsGrants(handler.getBoundSql().getSql())
          ? new PreparedWithValues(handler) : target;
    }

    @Override
    public void setProperties(Properties properties) {
      // none
    }
  }

  /** A statement handler whose statements are planned with their values every time (never server-prepared). */
  record PreparedWithValues(StatementHandler delegate) implements StatementHandler {

    @Override
    public Statement prepare(Connection connection, Integer transactionTimeout) throws SQLException {
      Statement statement = delegate.prepare(connection, transactionTimeout);
      // never prepared on the server by PostgreSQL's driver; other databases' statements are left as they are
      if (statement.isWrapperFor(PGStatement.class)) {
        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
      }
      return statement;
    }

    @Override
    public void parameterize(Statement statement) throws SQLException {
      delegate.parameterize(statement);
    }

    @Override
    public void batch(Statement statement) throws SQLException {
      delegate.batch(statement);
    }

    @Override
    public int update(Statement statement) throws SQLException {
      return delegate.update(statement);
    }

    @Override
    public <E> List<E> query(Statement statement, ResultHandler resultHandler) throws SQLException {
      return delegate.query(statement, resultHandler);
    }

    @Override
    public <E> Cursor<E> queryCursor(Statement statement) throws SQLException {
      return delegate.queryCursor(statement);
    }

    @Override
    public BoundSql getBoundSql() {
      return delegate.getBoundSql();
    }

    @Override
    public ParameterHandler getParameterHandler() {
      return delegate.getParameterHandler();
    }
  }
}
