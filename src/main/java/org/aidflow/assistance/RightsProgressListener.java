package org.aidflow.assistance;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On creating a rights step (safety, protection order, legal aid, mediation, arbitration, litigation): the track so
 * far as recorded in {@code rights_step} and {@code case_referral}, for the form's 维权进展 ({@code rightsProgress}).
 */
@Component
public class RightsProgressListener implements TaskListener {

  private final TaskPanels panels;

  public RightsProgressListener(TaskPanels panels) {
    this.panels = panels;
  }

  @Override
  public void notify(DelegateTask task) {
    panels.showRightsProgress(task);
  }
}
