package org.aidflow.verification;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.PolicySettings;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The minimum living standard (低保标准) by region prefix and effective date, table {@code low_line}. The line for a
 * case is the one in force on its verification date (China time) for the most specific prefix of the applicant's
 * 6-digit region that has a line in force then: 330106, else 3301, else 33. A region no row covers (another
 * province) gets {@code aidflow.policy.default-low-line}.
 */
@Repository
public class LowLines {

  /** A line as entered: from {@code effectiveFrom} on (until a later row of the same prefix), by whom and when. */
  public record LowLine(String regionPrefix, LocalDate effectiveFrom, BigDecimal monthlyAmount, String createdBy,
      Instant createdAt) {
  }

  private static final RowMapper<LowLine> ROW = (rs, row) -> new LowLine(rs.getString("region_prefix"),
      rs.getDate("effective_from").toLocalDate(), rs.getBigDecimal("monthly_amount"), rs.getString("created_by"),
      rs.getTimestamp("created_at").toInstant());

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final PolicySettings policy;

  public LowLines(JdbcTemplate jdbc, Clock clock, PolicySettings policy) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.policy = policy;
  }

  /** GB/T 2260 prefix: 2 digits (province), 4 (city) or 6 (county, district). */
  public static boolean isRegionPrefix(String prefix) {
    return prefix != null && prefix.matches("\\d{2}|\\d{4}|\\d{6}");
  }

  /** Today in China: the verification date of a lookup that runs now. */
  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), AidFlowConfiguration.ZONE);
  }

  /** The line in force for the 6-digit region on the date, most specific prefix first; empty if no row covers it. */
  public Optional<LowLine> inForce(String region, LocalDate date) {
    if (region == null || !region.matches("\\d{6}")) {
      return Optional.empty();
    }
    return jdbc.query("SELECT region_prefix, effective_from, monthly_amount, created_by, created_at FROM low_line "
        + "WHERE region_prefix IN (?, ?, ?) AND effective_from <= ? "
        + "ORDER BY LENGTH(region_prefix) DESC, effective_from DESC LIMIT 1", ROW,
        region, region.substring(0, 4), region.substring(0, 2), Date.valueOf(date)).stream().findFirst();
  }

  /** The amount the hardship level compares with: the line in force, or the configured default. */
  public BigDecimal lineFor(String region, LocalDate date) {
    return inForce(region, date).map(LowLine::monthlyAmount).orElse(policy.getDefaultLowLine());
  }

  /** Every line, by prefix and date. */
  public List<LowLine> all() {
    return jdbc.query("SELECT region_prefix, effective_from, monthly_amount, created_by, created_at FROM low_line "
        + "ORDER BY region_prefix, effective_from", ROW);
  }

  /**
   * Adds a line from its date on, recording who entered it and when.
   *
   * @throws DuplicateKeyException when the prefix already has a line from that date
   */
  public LowLine add(String regionPrefix, LocalDate effectiveFrom, BigDecimal monthlyAmount, String createdBy) {
    if (!isRegionPrefix(regionPrefix) || monthlyAmount.signum() <= 0 || createdBy == null) {
      throw new IllegalArgumentException("a 2, 4 or 6-digit prefix, an amount above zero and a user are required");
    }
    Instant now = clock.instant();
    jdbc.update("INSERT INTO low_line (region_prefix, effective_from, monthly_amount, created_by, created_at) "
        + "VALUES (?, ?, ?, ?, ?)", regionPrefix, Date.valueOf(effectiveFrom), monthlyAmount, createdBy,
        Timestamp.from(now));
    return new LowLine(regionPrefix, effectiveFrom, monthlyAmount, createdBy, now);
  }
}
