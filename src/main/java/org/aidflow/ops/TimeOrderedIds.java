package org.aidflow.ops;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.UUIDClock;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.security.SecureRandom;
import org.camunda.bpm.engine.impl.cfg.IdGenerator;
import org.springframework.stereotype.Component;

/**
 * The engine's ids (every row it writes, on every node): UUIDs whose text sorts in the order they were made (version 7
 * of RFC 9562: milliseconds since 1970 first, then random bits), instead of the Spring Boot starter's version 1
 * UUIDs, whose text begins with the clock's fastest-changing bits and so sweeps over the whole range of ids every
 * 7 minutes. An index on ids (a row's own, its instance's, execution's, task's) then takes new entries at one place,
 * where the page is already in memory, instead of at a point that visits each page of the index in turn, read in,
 * changed and written again; that cost grows with the open cases and the history kept (ADR 14,
 * docs/benchmark-and-tuning.md, "time-ordered ids"). Rows written before keep their ids: nothing depends on an id's
 * format or order, and both kinds are 36 characters of hexadecimal digits and hyphens.
 */
@Component
public class TimeOrderedIds implements IdGenerator {

  private final TimeBasedEpochGenerator generator;

  public TimeOrderedIds() {
    this(UUIDClock.systemTimeClock());
  }

  /** Ids made on the given clock (tests). */
  TimeOrderedIds(UUIDClock clock) {
    // each millisecond's random part drawn from a SecureRandom, so that two nodes do not draw the same
    this.generator = Generators.timeBasedEpochGenerator(new SecureRandom(), clock);
  }

  @Override
  public String getNextId() {
    return generator.generate().toString();
  }
}
