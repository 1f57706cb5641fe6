package org.aidflow.verification;

import static org.aidflow.shared.ProcessVariables.*;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.RefusedInputException;
import org.aidflow.shared.Violation;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completing {@code verifyCase}: the verifier's corrections obey the intake rules too (the form checks them,
 * but the REST API can be called without the form), and the verification is an explicit decision: {@code verified}
 * true with a note, or false with {@code unverifiedReason}, the closure note. A bad value refuses the completion and
 * leaves the task open.
 */
@Component
public class CheckCorrectionsListener implements TaskListener {

  private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000");

  @Override
  public void notify(DelegateTask task) {
    List<Violation> violations = new ArrayList<>();
    Integer household = CaseVariables.asWholeNumber(task.getVariable(HOUSEHOLD_SIZE));
    if (household == null || household < 1 || household > 20) {
      violations.add(new Violation(HOUSEHOLD_SIZE, "家庭人口须为1到20之间的整数",
          "household size must be a whole number from 1 to 20"));
    }
    for (String amount : List.of(MONTHLY_INCOME, RIGID_EXPENSES)) {
      BigDecimal value = CaseVariables.asDecimal(task.getVariable(amount));
      if (value == null || value.signum() < 0 || value.compareTo(MAX_AMOUNT) > 0) {
        violations.add(new Violation(amount, "金额须在0到1000000元之间", "amount must be from 0 to 1000000 CNY"));
      }
    }
    Boolean verified = yesOrNo(task.getVariable(VERIFIED));
    if (verified == null) {
      violations.add(new Violation(VERIFIED, "请选择核实结论（属实或不属实）",
          "verified is required: true (the case is as stated) or false"));
    } else if (verified && CaseVariables.asString(task.getVariable(VERIFICATION_NOTE)) == null) {
      violations.add(new Violation(VERIFICATION_NOTE, "请填写核实意见", "a verification note is required"));
    } else if (!verified && CaseVariables.asString(task.getVariable(UNVERIFIED_REASON)) == null) {
      violations.add(new Violation(UNVERIFIED_REASON, "核实不属实时须填写理由",
          "a reason is required when the case is not verified (it becomes the closure note)"));
    }
    if (!violations.isEmpty()) {
      throw new RefusedInputException(violations);
    }
    // the gateway reads a Boolean, whatever spelling the form's options use
    CaseVariables.setIfChanged(task.getExecution(), VERIFIED, verified);
  }

  /** true, false, or null when no choice was made ("true"/"false" too, should a designer make the options texts). */
  static Boolean yesOrNo(Object value) {
    if (value instanceof Boolean yes) {
      return yes;
    }
    if ("true".equals(value) || "false".equals(value)) {
      return Boolean.valueOf((String) value);
    }
    return null;
  }
}
