package org.aidflow.shared;

import static org.aidflow.shared.ProcessVariables.*;

import java.util.Set;

/**
 * Variables that only show something in Tasklist: words for a code ({@code urgencyText} for {@code urgent}), stored
 * once because Tasklist's lists show them as columns (what a form alone shows is not stored at all: {@link
 * TaskFormView}). None is a field of a form (security.TaskFieldsFilter accepts only fields), and no decision or
 * gateway reads them. History keeps their latest value (act_hi_varinst) but not every rewrite (act_hi_detail): what
 * they show is recorded where it comes from, in the coded variables (see docs/benchmark-and-tuning.md, "Tuning").
 */
public final class DisplayCopies {

  public static final Set<String> NAMES = Set.of(CATEGORIES_TEXT, URGENCY_TEXT, HARDSHIP_LEVEL_TEXT,
      REFERRAL_SERVICES_TEXT, NEW_REFERRAL_SERVICES_TEXT, SERVICES_TEXT, ORDER_SERVICE_TEXT, OVERDUE_DUE_TEXT);

  private DisplayCopies() {
  }

  public static boolean isDisplayCopy(String variableName) {
    return variableName != null && NAMES.contains(variableName);
  }
}
