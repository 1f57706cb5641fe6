package org.aidflow.serviceorder;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aidflow.organisation.Providers;
import org.aidflow.shared.TransactionMemo;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Service orders as data ({@code service_order}, docs/service-orders.md): one per service item of an approved plan,
 * offered to one provider at a time. Which provider, how often it was offered and what was delivered are facts here,
 * never process variables.
 */
@Repository
public class ServiceOrders {

  /** Where an order stands. */
  public enum Status { OFFERED, ACCEPTED, DELIVERED, UNPLACED, CANCELLED }

  /** One order. */
  public record Order(long id, String caseNumber, long referralId, String item, String service, String referringUnit,
      String region, String providerUnit, String chosenProvider, String processInstanceId, Status status, int attempts,
      Boolean rightsResolved, BigDecimal recoveredAmount, LocalDate deliveredOn, BigDecimal deliveredHours,
      String deliveredWork, String outcome) {
  }

  /** A delivery's outcome in the words of the delivery form. */
  public static final java.util.Map<String, String> OUTCOME_LABELS = java.util.Map.of("RESOLVED", "问题解决",
      "IMPROVED", "有所改善", "NOT_IMPROVED", "未见改善");

  /** Where an order stands, in words. */
  public static String statusLabel(Status status) {
    return switch (status) {
      case OFFERED -> "待接单";
      case ACCEPTED -> "服务中";
      case DELIVERED -> "已完成";
      case UNPLACED -> "暂无服务机构接单";
      case CANCELLED -> "已取消";
    };
  }

  private static final String COLUMNS = "SELECT id, case_number, referral_id, item, service, referring_unit, region,"
      + " provider_unit, chosen_provider, process_instance_id, status, attempts, rights_resolved, recovered_amount,"
      + " delivered_on, delivered_hours, delivered_work, outcome FROM service_order";
  private static final List<String> OPEN = List.of(Status.OFFERED.name(), Status.ACCEPTED.name());

  private final JdbcTemplate jdbc;
  private final Providers providers;
  private final Clock clock;

  public ServiceOrders(JdbcTemplate jdbc, Providers providers, Clock clock) {
    this.jdbc = jdbc;
    this.providers = providers;
    this.clock = clock;
  }

  /** Registers an order of no project; see {@link #create(String, long, String, String, String, String, String, Boolean, BigDecimal, String)}. */
  public long create(String caseNumber, long referralId, String item, String service, String referringUnit,
      String region, String chosenProvider, Boolean rightsResolved, BigDecimal recoveredAmount) {
    return create(caseNumber, referralId, item, service, referringUnit, region, chosenProvider, rightsResolved,
        recoveredAmount, null);
  }

  /**
   * Registers an order naming its project (a service programme, or null); answers its id, or the id of the order this
   * item already has (a retried step).
   */
  public long create(String caseNumber, long referralId, String item, String service, String referringUnit,
      String region, String chosenProvider, Boolean rightsResolved, BigDecimal recoveredAmount, String project) {
    Optional<Order> existing = jdbc.query(COLUMNS + " WHERE referral_id = ? AND item = ?", ServiceOrders::order,
        referralId, item).stream().findFirst();
    if (existing.isPresent()) {
      return existing.get().id();
    }
    Timestamp now = Timestamp.from(clock.instant());
    writes().update("INSERT INTO service_order (case_number, referral_id, item, service, referring_unit, region,"
            + " chosen_provider, status, attempts, rights_resolved, recovered_amount, created_at, updated_at, project)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)", caseNumber, referralId, item, service,
        referringUnit, region, chosenProvider, Status.UNPLACED.name(), rightsResolved, recoveredAmount, now, now,
        project);
    return jdbc.queryForObject("SELECT id FROM service_order WHERE referral_id = ? AND item = ?", Long.class,
        referralId, item);
  }

  /** The project the order names, or null. */
  public String projectOf(long orderId) {
    List<String> project = jdbc.queryForList("SELECT project FROM service_order WHERE id = ?", String.class, orderId);
    return project.isEmpty() ? null : project.get(0);
  }

  public void attachInstance(long orderId, String processInstanceId) {
    writes().update("UPDATE service_order SET process_instance_id = ? WHERE id = ?", processInstanceId, orderId);
  }

  public Optional<Order> find(long id) {
    return jdbc.query(COLUMNS + " WHERE id = ?", ServiceOrders::order, id).stream().findFirst();
  }

  public Optional<Order> ofInstance(String processInstanceId) {
    return jdbc.query(COLUMNS + " WHERE process_instance_id = ?", ServiceOrders::order, processInstanceId).stream()
        .findFirst();
  }

  public Order orderOfInstance(String processInstanceId) {
    return ofInstance(processInstanceId).orElseThrow(() -> new IllegalStateException(
        "no service order is registered for process instance " + processInstanceId));
  }

  /** The case's orders in the order made; read once per transaction until an order is written (closing asks twice). */
  public List<Order> ofCase(String caseNumber) {
    return TransactionMemo.remember(this, "orders of " + caseNumber, () -> List.copyOf(jdbc.query(COLUMNS
        + " WHERE case_number = ? ORDER BY id", ServiceOrders::order, caseNumber)));
  }

  /** The template for writes: whatever this transaction remembered of the orders is forgotten first. */
  private JdbcTemplate writes() {
    TransactionMemo.forget(this);
    return jdbc;
  }

  /** The providers that may still be offered the order: active, offering its service, covering its region, not declined. */
  public List<String> eligibleProviders(Order order) {
    List<String> declined = declinedBy(order.id());
    return providers.covering(order.service(), order.region()).stream().filter(p -> !declined.contains(p)).toList();
  }

  /**
   * For each service, the providers a new order of it in the applicant's region may go to, by code (the planner's
   * options); a service none may take is absent.
   */
  public Map<String, List<String>> qualifying(Collection<String> services, String region) {
    return providers.covering(services, region);
  }

  /** Whether a provider may be offered this order (the planner's or a supervisor's choice). */
  public boolean mayOffer(Order order, String provider) {
    return provider != null && providers.covering(order.service(), order.region()).contains(provider);
  }

  /**
   * The next provider for the order: the chosen one if it is still eligible, else the eligible provider with the
   * fewest open orders (then by code); empty when none is left.
   */
  public Optional<String> nextProvider(Order order) {
    if (mayOffer(order, order.chosenProvider())) {
      return Optional.of(order.chosenProvider());
    }
    return eligibleProviders(order).stream().min(java.util.Comparator.comparingInt(this::openOrders)
        .thenComparing(java.util.Comparator.naturalOrder()));
  }

  public int openOrders(String provider) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM service_order WHERE provider_unit = ? AND status IN (?, ?)",
        Integer.class, provider, OPEN.get(0), OPEN.get(1));
  }

  public List<String> declinedBy(long orderId) {
    return jdbc.queryForList("SELECT provider_unit FROM service_order_decline WHERE order_id = ?", String.class,
        orderId);
  }

  public void offer(long orderId, String provider) {
    writes().update("UPDATE service_order SET provider_unit = ?, status = ?, attempts = attempts + 1,"
        + " chosen_provider = NULL, updated_at = ? WHERE id = ?", provider, Status.OFFERED.name(),
        Timestamp.from(clock.instant()), orderId);
  }

  public void unplaced(long orderId) {
    writes().update("UPDATE service_order SET provider_unit = NULL, status = ?, updated_at = ? WHERE id = ?",
        Status.UNPLACED.name(), Timestamp.from(clock.instant()), orderId);
  }

  /** A supervisor's choice for the next routing of an unplaced order. */
  public void choose(long orderId, String provider) {
    writes().update("UPDATE service_order SET chosen_provider = ?, updated_at = ? WHERE id = ?", provider,
        Timestamp.from(clock.instant()), orderId);
  }

  public void declined(long orderId, String provider, String reason) {
    if (jdbc.queryForObject("SELECT COUNT(*) FROM service_order_decline WHERE order_id = ? AND provider_unit = ?",
        Integer.class, orderId, provider) == 0) {
      jdbc.update("INSERT INTO service_order_decline (order_id, provider_unit, reason, declined_at) VALUES (?, ?, ?, ?)",
          orderId, provider, reason, Timestamp.from(clock.instant()));
    }
  }

  public void accepted(long orderId) {
    writes().update("UPDATE service_order SET status = ?, updated_at = ? WHERE id = ?", Status.ACCEPTED.name(),
        Timestamp.from(clock.instant()), orderId);
  }

  public void delivered(long orderId, LocalDate on, BigDecimal hours, String work, String outcome) {
    writes().update("UPDATE service_order SET status = ?, delivered_on = ?, delivered_hours = ?, delivered_work = ?,"
            + " outcome = ?, updated_at = ? WHERE id = ?", Status.DELIVERED.name(), Date.valueOf(on), hours, work,
        outcome, Timestamp.from(clock.instant()), orderId);
  }

  public void cancelled(long orderId) {
    writes().update("UPDATE service_order SET status = ?, updated_at = ? WHERE id = ?", Status.CANCELLED.name(),
        Timestamp.from(clock.instant()), orderId);
  }

  private static Order order(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    Object resolved = rs.getObject(13);
    Date on = rs.getDate(15);
    return new Order(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
        Status.valueOf(rs.getString(11)), rs.getInt(12), resolved == null ? null : rs.getBoolean(13),
        rs.getBigDecimal(14), on == null ? null : on.toLocalDate(), rs.getBigDecimal(16), rs.getString(17),
        rs.getString(18));
  }
}
