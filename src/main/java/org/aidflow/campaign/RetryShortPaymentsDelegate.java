package org.aidflow.campaign;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code retryShortPayments}: the households left unpaid for lack of funds are paid again. */
@Component
public class RetryShortPaymentsDelegate implements JavaDelegate {

  private final CampaignBatches batches;

  public RetryShortPaymentsDelegate(CampaignBatches batches) {
    this.batches = batches;
  }

  @Override
  public void execute(DelegateExecution execution) {
    batches.reopenShortPayments(CampaignBatchModel.batchId(execution.getProcessBusinessKey()));
  }
}
