package org.aidflow.campaign;

import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.shared.ModelFunctions;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * What {@code campaign-batch.bpmn} asks about its batch, read from {@code campaign_batch} by the instance's business
 * key (never from a variable): the group of its tasks (the project's owning unit's supervisors) and where the batch
 * stands.
 */
@Component("campaignTeams")
@ModelFunctions
public class CampaignTeams {

  private final CampaignBatches batches;

  public CampaignTeams(CampaignBatches batches) {
    this.batches = batches;
  }

  /** The owning unit's supervisors, e.g. {@code union-3301-supervisors}. */
  public String supervisorsOfBatch(DelegateExecution execution) {
    return batch(execution).owningUnit() + OrganisationUnit.SUPERVISORS;
  }

  /** Approved and still paying, or paying again after a shortfall. */
  public boolean isPaying(DelegateExecution execution) {
    return CampaignBatches.PAYING.equals(batch(execution).status());
  }

  /** Every payable household handled, some left unpaid for lack of funds. */
  public boolean isShort(DelegateExecution execution) {
    return CampaignBatches.FUNDS_SHORT.equals(batch(execution).status());
  }

  private CampaignBatches.Batch batch(DelegateExecution execution) {
    return batches.batchOrFail(CampaignBatchModel.batchId(execution.getProcessBusinessKey()));
  }
}
