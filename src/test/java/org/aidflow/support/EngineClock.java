package org.aidflow.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.aidflow.shared.AidFlowConfiguration;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * A clock that reads the engine's (ClockUtil), so that a test moving the engine's time moves the repositories'
 * timestamps with it. In the application both are the system clock.
 */
public final class EngineClock extends Clock {

  private final ZoneId zone;

  public EngineClock() {
    this(AidFlowConfiguration.ZONE);
  }

  private EngineClock(ZoneId zone) {
    this.zone = zone;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new EngineClock(zone);
  }

  @Override
  public Instant instant() {
    return ClockUtil.getCurrentTime().toInstant();
  }
}
