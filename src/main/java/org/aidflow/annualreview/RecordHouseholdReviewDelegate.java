package org.aidflow.annualreview;

import static org.aidflow.shared.ProcessVariables.*;

import java.util.ArrayList;
import java.util.List;
import org.aidflow.followup.HardshipHouseholds;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.RefusedInputException;
import org.aidflow.shared.Violation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.history.HistoricDetail;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.springframework.stereotype.Component;

/**
 * {@code recordHouseholdReview}: the reviewer's finding — still in hardship (verified now, at the level found) or
 * out of hardship (脱困). A finding the form would not allow refuses the completion, so the task stays open.
 */
@Component
public class RecordHouseholdReviewDelegate implements JavaDelegate {

  private static final int MAX_NOTE = 2000;

  private final HardshipHouseholds households;

  public RecordHouseholdReviewDelegate(HardshipHouseholds households) {
    this.households = households;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Boolean stillInHardship = yesOrNo(execution.getVariable(STILL_IN_HARDSHIP));
    String level = CaseVariables.asString(execution.getVariable(HARDSHIP_LEVEL));
    String note = CaseVariables.asString(execution.getVariable(REVIEW_NOTE));
    List<Violation> violations = new ArrayList<>();
    if (stillInHardship == null) {
      violations.add(new Violation(STILL_IN_HARDSHIP, "请选择复核结论（仍困难或已脱困）",
          "stillInHardship must be true or false"));
    } else if (stillInHardship && !HardshipHouseholds.isHardshipLevel(level)) {
      violations.add(new Violation(HARDSHIP_LEVEL, "仍困难的家庭请选择深度困难或相对困难",
          "a household still in hardship is DEEP or RELATIVE"));
    }
    if (note == null || note.length() > MAX_NOTE) {
      violations.add(new Violation(REVIEW_NOTE, "请填写复核意见（不超过" + MAX_NOTE + "字）",
          "reviewNote is required, at most " + MAX_NOTE + " characters"));
    }
    if (!violations.isEmpty()) {
      throw new RefusedInputException("年度复核有误", violations);
    }
    long householdId = householdOfThisReview(execution);
    households.recordReview(householdId, stillInHardship, level, note);
  }

  /**
   * The household this review was started for: the first {@code householdId} the engine recorded in the review's
   * scope (its input mapping, written by the system in the run that selected the household), not what the variable
   * holds now, which the reviewer may write. Without variable history (a history level below full) the variable is
   * all there is.
   */
  static long householdOfThisReview(DelegateExecution execution) {
    List<HistoricDetail> recorded = execution.getProcessEngineServices().getHistoryService().createHistoricDetailQuery()
        .variableUpdates().executionId(execution.getId()).variableNameLike(HOUSEHOLD_ID)
        .orderPartiallyByOccurrence().asc().listPage(0, 1);
    Object value = recorded.isEmpty() ? execution.getVariable(HOUSEHOLD_ID)
        : ((HistoricVariableUpdate) recorded.get(0)).getValue();
    return CaseVariables.asDecimal(value).longValueExact();
  }

  /** A radio button sends "true" or "false"; the REST API may send a boolean. Anything else is no answer. */
  private static Boolean yesOrNo(Object value) {
    if (value instanceof Boolean answer) {
      return answer;
    }
    String text = CaseVariables.asString(value);
    return "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : null;
  }
}
