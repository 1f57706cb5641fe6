package org.aidflow.intake;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Idempotency keys of {@code POST /api/cases}. The first request with a key claims it (a primary key decides
 * between racing requests); the others wait for its answer and repeat it.
 */
@Repository
public class IdempotentRequests {

  /** A stored answer; {@code status} is null while the first request is still being handled. */
  public record Answer(String requestHash, Integer status, String body) {
  }

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public IdempotentRequests(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** True if this request is the first with the key and must be handled. */
  public boolean claim(String key, String requestHash) {
    try {
      jdbc.update("INSERT INTO intake_request (idempotency_key, request_hash, created_at) VALUES (?, ?, ?)", key,
          requestHash, Timestamp.from(clock.instant()));
      return true;
    } catch (DuplicateKeyException e) {
      return false;
    }
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
