package org.aidflow.followup;

import static org.aidflow.shared.ProcessVariables.*;

import java.util.Date;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.PolicySettings;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * {@code recordFailedContact}: the applicant could not be reached for the follow-up; counts the attempt of this
 * round and sets when to try again ({@code aidflow.policy.contact-retry}). After the third the case closes
 * LOST_CONTACT.
 */
@Component
public class RecordFailedContactDelegate implements JavaDelegate {

  private final PolicySettings policy;

  public RecordFailedContactDelegate(PolicySettings policy) {
    this.policy = policy;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Integer previous = CaseVariables.asWholeNumber(execution.getVariable(CONTACT_ATTEMPTS));
    execution.setVariable(CONTACT_ATTEMPTS, previous == null ? 1 : previous + 1);
    execution.setVariable(CONTACT_RETRY_DUE,
        Date.from(ClockUtil.getCurrentTime().toInstant().plus(policy.getContactRetry())));
  }
}
