package org.aidflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.uuid.UUIDClock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The engine's ids sort in the order they were made, whatever time passed between them ({@link TimeOrderedIds}). */
class TimeOrderedIdsTest {

  /** A clock the test moves. */
  private static final class SteppedClock extends UUIDClock {
    long millis = 1_796_000_000_000L;

    @Override
    public long currentTimeMillis() {
      return millis;
    }
  }

  @Test
  void idsSortInTheOrderTheyWereMadeWithinAMillisecondAndAcrossHours() {
    SteppedClock clock = new SteppedClock();
    TimeOrderedIds ids = new TimeOrderedIds(clock);
    List<String> made = new ArrayList<>();
    // many in one millisecond, then steps of a millisecond, of the 7 minutes after which a version 1 UUID's text
    // starts again from its lowest, and of hours
    for (long step : new long[] {0, 1, 429_497, 1, 3_600_000, 86_400_000, 7}) {
      clock.millis += step;
      for (int i = 0; i < 2_000; i++) {
        made.add(ids.getNextId());
      }
    }
    assertThat(made).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void idsAreVersion7UuidsOfThirtySixCharacters() {
    String id = new TimeOrderedIds().getNextId();
    assertThat(id).hasSize(36).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(UUID.fromString(id).version()).isEqualTo(7);
  }
}
