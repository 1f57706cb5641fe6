package org.aidflow.campaign;

import static org.aidflow.shared.ProcessVariables.CASE_HEADER;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code listHouseholds}: lists the batch's eligible households by the project's eligibility decision
 * ({@link CampaignBatches#listHouseholds}) and shows the counts and total in the review task's header.
 */
@Component
public class ListHouseholdsDelegate implements JavaDelegate {

  private final CampaignBatches batches;

  public ListHouseholdsDelegate(CampaignBatches batches) {
    this.batches = batches;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long batchId = CampaignBatchModel.batchId(execution.getProcessBusinessKey());
    batches.listHouseholds(batchId, execution.getProcessEngineServices().getDecisionService());
    execution.setVariable(CASE_HEADER, batches.header(batchId));
  }
}
