package org.aidflow.servicelevel;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aidflow.shared.AidFlowConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Working days in China: Monday to Friday, except the public holidays, plus the make-up working days (调休) on
 * weekends, as listed in table {@code calendar_day}. Working time is counted on working days only, all day, so
 * "3 working days" from Friday 10:00 ends on Wednesday 10:00 and from Saturday on Thursday 00:00.
 */
@Component
public class BusinessCalendar {

  private static final Duration RELOAD_AFTER = Duration.ofMinutes(5);

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private volatile Map<LocalDate, Boolean> exceptions = Map.of();
  private volatile Instant loadedAt = Instant.MIN;

  public BusinessCalendar(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public boolean isWorkingDay(LocalDate date) {
    Boolean working = exceptions().get(date);
    if (working != null) {
      return working;
    }
    return date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY;
  }

  /** The instant at which {@code workingTime} of working days has passed since {@code start}. */
  public Instant addWorkingTime(Instant start, Duration workingTime) {
    ZonedDateTime time = start.atZone(AidFlowConfiguration.ZONE);
    Duration remaining = workingTime;
    for (int days = 0; days < 3660; days++) {
      ZonedDateTime nextMidnight = time.toLocalDate().plusDays(1).atStartOfDay(AidFlowConfiguration.ZONE);
      if (isWorkingDay(time.toLocalDate())) {
        Duration left = Duration.between(time, nextMidnight);
        if (remaining.compareTo(left) <= 0) {
          return time.plus(remaining).toInstant();
        }
        remaining = remaining.minus(left);
      }
      time = nextMidnight;
    }
    throw new IllegalStateException("no working days in the calendar for ten years after " + start);
  }

  /** Holidays and make-up days are editable rows; they are read again a few minutes after a change. */
  private Map<LocalDate, Boolean> exceptions() {
    Instant now = clock.instant();
    if (Duration.between(loadedAt, now).compareTo(RELOAD_AFTER) > 0 || now.isBefore(loadedAt)) {
      Map<LocalDate, Boolean> loaded = new ConcurrentHashMap<>();
      jdbc.query("SELECT calendar_date, kind FROM calendar_day", rs -> {
        loaded.put(rs.getDate(1).toLocalDate(), "WORKDAY".equals(rs.getString(2)));
      });
      exceptions = loaded;
      loadedAt = now;
    }
    return exceptions;
  }
}
