package org.aidflow.cockpit.projection;

import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aidflow.servicelevel.ServiceLevelStep;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.CaseStage;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.ProcessVariables;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recreates the cockpit's projections from AidFlow's own tables (aid_case, case_referral, ledger_entry, escalation)
 * and Camunda's history (intake facts, hardship level, satisfaction, the service-level tasks' due and end times),
 * e.g. after an upgrade changed what they hold. Synthetic rows (demo history, benchmark) have no history and stay.
 */
@Service
public class ProjectionRebuild {

  private static final Logger LOG = LoggerFactory.getLogger(ProjectionRebuild.class);
  /** Camunda's delete reason of a task that was completed rather than cancelled. */
  private static final String COMPLETED = "completed";

  private final JdbcTemplate jdbc;
  private final CockpitProjections projections;
  private final HistoryService historyService;
  private final RuntimeService runtimeService;
  private final CockpitRollup rollup;
  /** Each case's rows in one transaction: one commit per case, and a case's rows appear whole. */
  private final TransactionTemplate perCase;

  public ProjectionRebuild(JdbcTemplate jdbc, CockpitProjections projections, HistoryService historyService,
      RuntimeService runtimeService, CockpitRollup rollup, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.rollup = rollup;
    this.perCase = new TransactionTemplate(transactions);
    this.projections = projections;
    this.historyService = historyService;
    this.runtimeService = runtimeService;
  }

  /** How a rebuild went: cases recreated, and cases whose history is gone (history cleanup), left out. */
  public record Outcome(int rebuiltCases, List<String> skippedCases) {
  }

  /** Every case again; the rollups are then counted again from the rows, not changed case by case. */
  public Outcome rebuildAll() {
    List<String> cases = jdbc.queryForList("SELECT case_number FROM aid_case ORDER BY case_number", String.class);
    List<String> skipped = rollup.recountAfter(() -> {
      projections.deleteNonSynthetic();
      return cases.stream().filter(caseNumber -> !perCase.execute(transaction -> rebuildCase(caseNumber))).toList();
    });
    LOG.info("cockpit projections rebuilt for {} cases, {} without history left out: {}", cases.size() - skipped.size(),
        skipped.size(), skipped);
    return new Outcome(cases.size() - skipped.size(), skipped);
  }

  /** Recreates the case's rows; false when its history is gone, so that the intake facts are unknown. */
  public boolean rebuildCase(String caseNumber) {
    Map<String, Object> registered = jdbc.queryForMap("SELECT process_instance_id, status FROM aid_case"
        + " WHERE case_number = ?", caseNumber);
    String instanceId = (String) registered.get("process_instance_id");
    Date now = ClockUtil.getCurrentTime();
    String region = CaseVariables.asString(variable(instanceId, ProcessVariables.REGION));
    if (region == null) {
      return false;
    }
    projections.caseRegistered(caseNumber, new CockpitProjections.IntakeFacts(region,
        CaseVariables.asStringList(variable(instanceId, ProcessVariables.CATEGORIES)),
        CaseVariables.asString(variable(instanceId, ProcessVariables.EMPLOYMENT_FORM))), now);
    projections.hardshipDetermined(caseNumber, CaseVariables.asString(variable(instanceId,
        ProcessVariables.HARDSHIP_LEVEL)), now);
    projections.satisfactionRecorded(caseNumber, CaseVariables.asWholeNumber(variable(instanceId,
        ProcessVariables.SATISFACTION)), now);
    boolean open = CaseRegistry.OPEN.equals(registered.get("status"));
    if (open) {
      runtimeService.getActiveActivityIds(instanceId).stream().map(CaseStage::ofActivity)
          .flatMap(Optional::stream).findFirst()
          .ifPresent(stage -> projections.stageReached(caseNumber, stage, now));
    }
    replaySteps(ServiceLevelStep.VERIFICATION, caseNumber, instanceId, now);
    jdbc.query("SELECT id, process_instance_id FROM case_referral WHERE case_number = ? ORDER BY id", rs -> {
      long referralId = rs.getLong(1);
      String referralInstance = rs.getString(2);
      projections.referralRegistered(referralId, caseNumber, now);
      for (ServiceLevelStep step : List.of(ServiceLevelStep.ACCEPTANCE, ServiceLevelStep.PLAN,
          ServiceLevelStep.DELIVERY)) {
        replaySteps(step, referralId, referralInstance, now);
      }
      projections.referralChanged(referralId, now);
    }, caseNumber);
    projections.caseTotalsChanged(caseNumber, now);
    if (!open) {
      projections.caseClosed(caseNumber, null, now);
    }
    return true;
  }

  /** The step's latest task in the history: when it was due, and whether it was done or cancelled; its breach. */
  private void replaySteps(ServiceLevelStep step, Object rowKey, String instanceId, Date now) {
    historyService.createHistoricTaskInstanceQuery().processInstanceId(instanceId)
        .taskDefinitionKey(step.taskId()).list().stream()
        .max(Comparator.comparing(HistoricTaskInstance::getStartTime))
        .ifPresent(task -> {
          projections.stepStarted(step, rowKey, task.getDueDate(), now);
          if (task.getEndTime() != null) {
            if (COMPLETED.equals(task.getDeleteReason())) {
              projections.stepDone(step, rowKey, task.getEndTime());
            } else {
              projections.stepCancelled(step, rowKey, now);
            }
          }
        });
    if (jdbc.queryForObject("SELECT COUNT(*) FROM escalation WHERE process_instance_id = ? AND step = ?",
        Integer.class, instanceId, step.code()) > 0) {
      projections.stepBreached(step, rowKey, now);
    }
  }

  private Object variable(String instanceId, String name) {
    List<HistoricVariableInstance> found = historyService.createHistoricVariableInstanceQuery()
        .processInstanceId(instanceId).variableName(name).list();
    return found.stream().filter(v -> v.getActivityInstanceId() == null
            || v.getActivityInstanceId().equals(instanceId)).findFirst()
        .or(() -> found.stream().findFirst()).map(HistoricVariableInstance::getValue).orElse(null);
  }
}
