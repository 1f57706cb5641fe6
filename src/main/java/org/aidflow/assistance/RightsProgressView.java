package org.aidflow.assistance;

import static org.aidflow.shared.ReferralModel.*;

import java.util.Map;
import java.util.Set;
import org.aidflow.shared.ProcessVariables;
import org.aidflow.shared.ReferralModel;
import org.aidflow.shared.TaskFormView;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.springframework.stereotype.Component;

/**
 * On a rights step (safety, protection order, legal aid, mediation, arbitration, litigation), when the form opens:
 * the track so far as recorded in {@code rights_step} and {@code case_referral}, for the form's 维权进展
 * ({@code rightsProgress}).
 */
@Component
public class RightsProgressView implements TaskFormView {

  static final Set<String> RIGHTS_TASKS = Set.of(ASSESS_SAFETY, SUPPORT_PROTECTION_ORDER, PROVIDE_LEGAL_AID, MEDIATE,
      ARBITRATE, LITIGATE);

  private final TaskPanels panels;

  public RightsProgressView(TaskPanels panels) {
    this.panels = panels;
  }

  @Override
  public Map<String, TypedValue> valuesFor(DelegateTask task) {
    if (!TaskFormView.isTaskOf(task, ReferralModel.PROCESS_KEY, RIGHTS_TASKS)) {
      return Map.of();
    }
    return Map.of(ProcessVariables.RIGHTS_PROGRESS, Variables.stringValue(panels.rightsProgress(task)));
  }
}
