package org.aidflow.campaign;

import static org.aidflow.shared.ProcessVariables.BATCH_SUMMARY;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code payHouseholds}: pays the next chunk of the approved batch, in its own job (asynchronous before), so that a
 * crash resumes at the chunk it interrupted ({@link CampaignBatches#payChunk}).
 */
@Component
public class PayHouseholdsDelegate implements JavaDelegate {

  private final CampaignBatches batches;

  public PayHouseholdsDelegate(CampaignBatches batches) {
    this.batches = batches;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long batchId = CampaignBatchModel.batchId(execution.getProcessBusinessKey());
    batches.payChunk(batchId);
    if (!batches.batchOrFail(batchId).status().equals(CampaignBatches.PAYING)) {
      execution.setVariable(BATCH_SUMMARY, batches.header(batchId));
    }
  }
}
