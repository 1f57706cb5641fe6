package org.aidflow.followup;

import static org.aidflow.shared.ProcessVariables.CONTACT_ATTEMPTS;
import static org.aidflow.shared.ProcessVariables.FOLLOW_UP_DUE;
import static org.aidflow.shared.ProcessVariables.FOLLOW_UP_ROUND;

import java.util.Date;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.PolicySettings;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * {@code scheduleFollowUp}: the next follow-up round and when it is due (the first after
 * {@code aidflow.policy.first-follow-up}, the second after {@code second-follow-up}).
 */
@Component
public class ScheduleFollowUpDelegate implements JavaDelegate {

  private final PolicySettings policy;

  public ScheduleFollowUpDelegate(PolicySettings policy) {
    this.policy = policy;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Integer previous = CaseVariables.asWholeNumber(execution.getVariable(FOLLOW_UP_ROUND));
    int round = previous == null ? 1 : previous + 1;
    // the engine's clock, so that timers and tests agree on "now"
    Date due = Date.from(ClockUtil.getCurrentTime().toInstant().plus(policy.followUpDelay(round)));
    execution.setVariable(FOLLOW_UP_ROUND, round);
    execution.setVariable(FOLLOW_UP_DUE, due);
    // each round gets its own contact attempts
    execution.setVariable(CONTACT_ATTEMPTS, 0);
  }
}
