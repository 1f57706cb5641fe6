package org.aidflow.campaign;

import static org.aidflow.shared.ProcessVariables.BATCH_APPROVED;
import static org.aidflow.shared.ProcessVariables.RETRY_PAYMENTS;

import java.util.List;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.RefusedInputException;
import org.aidflow.shared.Violation;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * On completing {@code reviewBatch} and {@code resolveBatchFunding}: only the owning unit's supervisors decide, and
 * the batch is approved by someone other than the supervisor who started it (four eyes); the decision is recorded
 * once in {@code campaign_batch} (a second completion of a decided batch is refused), and the process's gateways read
 * it there. A completion with nobody signed in is the engine's own (tests): nobody to compare.
 */
@Component
public class CheckBatchDecisionListener implements TaskListener {

  private final CampaignBatches batches;

  public CheckBatchDecisionListener(CampaignBatches batches) {
    this.batches = batches;
  }

  @Override
  public void notify(DelegateTask task) {
    long batchId = CampaignBatchModel.batchId(task.getExecution().getProcessBusinessKey());
    CampaignBatches.Batch batch = batches.batchOrFail(batchId);
    Authentication current = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    String user = current == null ? null : current.getUserId();
    if (current != null && (current.getGroupIds() == null
        || !current.getGroupIds().contains(batch.owningUnit() + OrganisationUnit.SUPERVISORS))) {
      throw refused(BATCH_APPROVED, "仅项目主办单位的主管可以决定发放批次",
          "only the supervisors of the project's owning unit decide on a batch");
    }
    if (CampaignBatchModel.REVIEW_BATCH.equals(task.getTaskDefinitionKey())) {
      boolean approved = CaseVariables.isTrue(task.getVariable(BATCH_APPROVED));
      if (approved && user != null && user.equals(batch.startedBy())) {
        throw refused(BATCH_APPROVED, "发起批次的主管不能审批本批次，请由另一位主管审批",
            "the supervisor who started the batch cannot approve it (four eyes)");
      }
      if (!batches.decideReview(batchId, approved, user)) {
        throw refused(BATCH_APPROVED, "本批次已决定过", "the batch was decided already");
      }
    } else if (!batches.decideFunding(batchId, CaseVariables.isTrue(task.getVariable(RETRY_PAYMENTS)))) {
      throw refused(RETRY_PAYMENTS, "本批次已决定过", "the batch was decided already");
    }
  }

  private static RefusedInputException refused(String field, String chinese, String english) {
    return new RefusedInputException(chinese, List.of(new Violation(field, chinese, english)));
  }
}
