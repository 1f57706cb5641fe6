package org.aidflow.support;

import org.springframework.jdbc.core.JdbcTemplate;

/** How many case numbers have been drawn on a PostgreSQL database, over every year's sequence (CaseRegistry). */
public final class CaseNumbersDrawn {

  private CaseNumbersDrawn() {
  }

  /** Grows by one with every number drawn, also by an intake that then rolled back; never shrinks. */
  public static long count(JdbcTemplate jdbc) {
    return jdbc.queryForObject("SELECT COALESCE(SUM(last_value), 0) FROM pg_sequences"
        + " WHERE sequencename ~ '^case_number_[0-9]{4}$'", Long.class);
  }
}
