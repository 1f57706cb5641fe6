package org.aidflow.intake;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Idempotency keys of {@code POST /api/cases}. The first request with a key claims it (a primary key decides
 * between racing requests); the others wait for its answer and repeat it. A claim that was never answered (the node
 * crashed between claim and answer) expires after {@code aidflow.intake.idempotency-claim-timeout}: the next request
 * with the key takes it over instead of being told forever that the first is still being handled.
 */
@Repository
public class IdempotentRequests {

  /** A stored answer; {@code status} is null while the first request is still being handled. */
  public record Answer(String requestHash, Integer status, String body) {
  }

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final Duration claimTimeout;

  public IdempotentRequests(JdbcTemplate jdbc, Clock clock,
      @Value("${aidflow.intake.idempotency-claim-timeout:PT2M}") Duration claimTimeout) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.claimTimeout = claimTimeout;
  }

  /** True if this request is the first with the key and must be handled. */
  public boolean claim(String key, String requestHash) {
    try {
      jdbc.update("INSERT INTO intake_request (idempotency_key, request_hash, created_at) VALUES (?, ?, ?)", key,
          requestHash, Timestamp.from(clock.instant()));
      return true;
    } catch (DuplicateKeyException e) {
      // an unanswered claim older than the timeout was left by a crash: one request takes it over (the row lock
      // and the re-checked condition let only one of several racing requests win)
      return jdbc.update("UPDATE intake_request SET request_hash = ?, created_at = ? WHERE idempotency_key = ?"
              + " AND response_status IS NULL AND created_at < ?", requestHash, Timestamp.from(clock.instant()), key,
          Timestamp.from(clock.instant().minus(claimTimeout))) == 1;
    }
  }

  /** Deletes the keys older than the given age (answered or abandoned); returns how many. */
  public int deleteOlderThan(Duration age) {
    return jdbc.update("DELETE FROM intake_request WHERE created_at < ?",
        Timestamp.from(clock.instant().minus(age)));
  }

  public void answer(String key, int status, String body) {
    jdbc.update("UPDATE intake_request SET response_status = ?, response_body = ? WHERE idempotency_key = ?", status,
        body, key);
  }

  /** Frees the key of a request that was rejected or failed, so that nothing of it remains and a retry is handled. */
  public void release(String key) {
    jdbc.update("DELETE FROM intake_request WHERE idempotency_key = ?", key);
  }

  public Optional<Answer> find(String key) {
    List<Answer> found = jdbc.query("SELECT request_hash, response_status, response_body FROM intake_request"
            + " WHERE idempotency_key = ?",
        (rs, row) -> new Answer(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3)), key);
    return found.stream().findFirst();
  }
}
