package org.aidflow.campaign;

import static org.aidflow.shared.ProcessVariables.BATCH_SUMMARY;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code listHouseholds}: lists the batch's eligible households by the project's eligibility decision
 * ({@link CampaignBatches#listHouseholds}) and shows the counts and total in the review task's form.
 */
@Component
public class ListHouseholdsDelegate implements JavaDelegate {

  private final CampaignBatches batches;

  public ListHouseholdsDelegate(CampaignBatches batches) {
    this.batches = batches;
  }

  /**
   * The project's decision, latest deployed version, evaluated by the engine's DMN engine in this step's command:
   * one lookup per batch and no history entry per household (a batch of 10,000 would write 10,000 decision
   * instances with their inputs; each household's outcome and reason are kept in campaign_household instead).
   */
  static CampaignBatches.Eligibility latestDecision(DelegateExecution execution) {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) execution.getProcessEngine()
        .getProcessEngineConfiguration();
    java.util.Map<String, DmnDecision> decisions = new java.util.HashMap<>();
    return (key, inputs) -> configuration.getDmnEngine().evaluateDecisionTable(decisions.computeIfAbsent(key,
        k -> (DmnDecision) configuration.getDeploymentCache().findDeployedLatestDecisionDefinitionByKey(k)), inputs).getSingleResult()
        .getEntryMap();
  }

  @Override
  public void execute(DelegateExecution execution) {
    long batchId = CampaignBatchModel.batchId(execution.getProcessBusinessKey());
    batches.listHouseholds(batchId, latestDecision(execution));
    execution.setVariable(BATCH_SUMMARY, batches.header(batchId));
  }
}
