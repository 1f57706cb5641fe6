package org.aidflow.shared;

import java.util.Set;

/** The closed value sets of the intake record (domain.md, "The intake record"). */
public final class IntakeVocabulary {

  public static final Set<String> CATEGORIES = Set.of("living", "medical", "education", "employment",
      "wage-arrears", "work-injury", "labour-dispute", "domestic-violence", "discrimination",
      "minor-protection", "accident", "disaster", "psychological");

  public static final Set<String> EMPLOYMENT_FORMS = Set.of("none", "delivery-rider", "courier",
      "ride-hailing-driver", "live-streamer", "other");

  public static final Set<String> CHANNELS = Set.of("online", "hotline-12351", "hotline-12338",
      "hotline-12355", "window", "outreach", "grid-referral");

  /** Categories that make a case urgent whatever the urgent flag says. */
  public static final Set<String> URGENT_CATEGORIES = Set.of("domestic-violence", "minor-protection");

  public static final int MAX_DESCRIPTION_LENGTH = 2000;
  public static final int MIN_HOUSEHOLD_SIZE = 1;
  public static final int MAX_HOUSEHOLD_SIZE = 20;

  private IntakeVocabulary() {
  }
}
