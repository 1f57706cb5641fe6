package org.aidflow.followup;

import static org.aidflow.shared.ProcessVariables.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.RefusedInputException;
import org.aidflow.shared.Violation;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completing {@code followUp}: either the applicant was reached, and the outcome and satisfaction (1–5) are
 * recorded (each follow-up's score kept in {@link FollowUpScores}), or not, and what was tried is recorded instead. Without {@code contactMade} the applicant counts as
 * reached (the form always sends it). An outcome left over from an earlier round never routes a failed contact.
 */
@Component
public class CheckFollowUpListener implements TaskListener {

  private static final Set<String> OUTCOMES = Set.of("RESOLVED", "IMPROVED", "NOT_IMPROVED", "WORSE");

  private final FollowUpScores scores;
  private final CaseFacts facts;

  public CheckFollowUpListener(FollowUpScores scores, CaseFacts facts) {
    this.scores = scores;
    this.facts = facts;
  }

  @Override
  public void notify(DelegateTask task) {
    boolean reached = task.getVariable(CONTACT_MADE) == null || CaseVariables.isTrue(task.getVariable(CONTACT_MADE));
    List<Violation> violations = new ArrayList<>();
    if (reached) {
      if (!OUTCOMES.contains(CaseVariables.asString(task.getVariable(FOLLOW_UP_OUTCOME)))) {
        violations.add(new Violation(FOLLOW_UP_OUTCOME, "请选择回访结果", "outcome must be one of " + OUTCOMES));
      }
      // required, as on the form: every reached follow-up is scored
      Integer satisfaction = CaseVariables.asWholeNumber(task.getVariable(SATISFACTION));
      if (satisfaction == null || satisfaction < 1 || satisfaction > 5) {
        violations.add(new Violation(SATISFACTION, "请填写满意度（1到5的整数）",
            "satisfaction is required, a whole number from 1 to 5"));
      }
    } else if (CaseVariables.asString(task.getVariable(CONTACT_NOTE)) == null) {
      violations.add(new Violation(CONTACT_NOTE, "请填写联系情况（时间、方式、结果）",
          "say how the applicant was tried (when, how, what happened)"));
    }
    if (!violations.isEmpty()) {
      throw new RefusedInputException("回访登记有误", violations);
    }
    CaseVariables.setIfChanged(task.getExecution(), CONTACT_MADE, reached);
    if (!reached) {
      task.getExecution().setVariable(FOLLOW_UP_OUTCOME, null);
    } else {
      scores.record(facts.caseNumberOf(task.getExecution()), task.getId(),
          CaseVariables.asWholeNumber(task.getVariable(FOLLOW_UP_ROUND)),
          CaseVariables.asWholeNumber(task.getVariable(SATISFACTION)));
    }
  }
}
