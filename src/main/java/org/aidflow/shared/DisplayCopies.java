package org.aidflow.shared;

import static org.aidflow.shared.ProcessVariables.*;

import java.util.Set;

/**
 * Variables that only show something on a form or in Tasklist: words for a code ({@code urgencyText} for
 * {@code urgent}), stored once because Tasklist's lists show them as columns, and the names of what forms show that
 * is now worked out when a form opens ({@link TaskFormView}: the case header, funds left, the plan in words,
 * approval bands, rights progress, the pickers' options) and was stored by older releases. None is a field of a form
 * (forms show them through text templates and {@code valuesKey}, and security.TaskFieldsFilter accepts only fields),
 * and no decision or gateway reads them. History keeps the latest value of a stored one (act_hi_varinst) but not
 * every rewrite (act_hi_detail): what they show is recorded where it comes from (see docs/benchmark-and-tuning.md,
 * "Tuning").
 */
public final class DisplayCopies {

  public static final Set<String> NAMES = Set.of(
      // the header every task form starts with (CaseHeaderView)
      CASE_HEADER,
      // words for codes, whose own variables keep their full history
      CATEGORIES_TEXT, URGENCY_TEXT, HARDSHIP_LEVEL_TEXT, REFERRAL_SERVICES_TEXT, NEW_REFERRAL_SERVICES_TEXT,
      SERVICES_TEXT, ORDER_SERVICE_TEXT, OVERDUE_DUE_TEXT,
      // the assistance forms' panels and pickers, from the fund ledger, the plan and the decisions (form views)
      FUNDS_LEFT, FUND_OPTIONS, PLAN_TEXT, CASH_ITEM_OPTIONS, SERVICE_ITEM_OPTIONS, APPROVAL_BANDS,
      APPROVAL_RULES_TEXT, RIGHTS_PROGRESS, PREVIOUS_APPROVAL_NOTE);

  private DisplayCopies() {
  }

  public static boolean isDisplayCopy(String variableName) {
    // the plan form's provider pickers, one per alliance service (ProcessVariables.providerOptions)
    return variableName != null
        && (NAMES.contains(variableName) || variableName.startsWith(PROVIDER_OPTIONS_PREFIX));
  }
}
