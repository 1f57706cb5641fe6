package org.aidflow.cockpit.projection;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BinaryOperator;
import java.util.stream.Collectors;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
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
  /** A rebuild renews its claim's heartbeat after this many cases (a second or so). */
  private static final int HEARTBEAT_CASES = 100;
  /** The steps a referral's row follows. */
  private static final List<ServiceLevelStep> REFERRAL_STEPS = List.of(ServiceLevelStep.ACCEPTANCE,
      ServiceLevelStep.PLAN, ServiceLevelStep.DELIVERY);
  /** The variables whose values the case's row carries. */
  private static final List<String> PROJECTED = List.of(ProcessVariables.REGION, ProcessVariables.CATEGORIES,
      ProcessVariables.EMPLOYMENT_FORM, ProcessVariables.HARDSHIP_LEVEL, ProcessVariables.SATISFACTION);

  private final JdbcTemplate jdbc;
  private final CockpitProjections projections;
  private final HistoryService historyService;
  private final RuntimeService runtimeService;
  private final CockpitRollup rollup;
  /** Each case's rows in one transaction: one commit per case, and a case's rows appear whole. */
  private final TransactionTemplate perCase;
  /** The claim's changes, committed at once whatever transaction the caller runs in, so other nodes see them. */
  private final TransactionTemplate claimChanges;
  private final Clock clock;
  /** A claim whose heartbeat stopped this long ago was left by a node that died: another rebuild may take it. */
  private final Duration claimTimeout;

  public ProjectionRebuild(JdbcTemplate jdbc, CockpitProjections projections, HistoryService historyService,
      RuntimeService runtimeService, CockpitRollup rollup, PlatformTransactionManager transactions, Clock clock,
      @Value("${aidflow.cockpit.rebuild-claim-timeout:PT10M}") Duration claimTimeout) {
    this.jdbc = jdbc;
    this.rollup = rollup;
    this.perCase = new TransactionTemplate(transactions);
    this.claimChanges = new TransactionTemplate(transactions);
    this.claimChanges.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.projections = projections;
    this.historyService = historyService;
    this.runtimeService = runtimeService;
    this.clock = clock;
    this.claimTimeout = claimTimeout;
  }

  /** How a rebuild went: cases recreated, and cases whose history is gone (history cleanup), left out. */
  public record Outcome(int rebuiltCases, List<String> skippedCases) {
  }

  /** Another rebuild holds the claim: who asked for it, and since when. */
  public static final class AlreadyRunning extends RuntimeException {
    private final String claimedBy;
    private final Date claimedAt;

    AlreadyRunning(String claimedBy, Date claimedAt) {
      super("a rebuild asked for by " + claimedBy + " at " + claimedAt + " is running");
      this.claimedBy = claimedBy;
      this.claimedAt = claimedAt;
    }

    public String claimedBy() {
      return claimedBy;
    }

    public Date claimedAt() {
      return claimedAt;
    }
  }

  /**
   * Every case again; the rollups are then counted again from the rows, not changed case by case. One rebuild runs at
   * a time across the nodes: while another holds the claim, this one changes nothing and says so. One whose claim was
   * taken over (held up past the timeout) stops writing rows; its recount, which ends every rebuild, is made again by
   * the holder's at its end.
   */
  public Outcome rebuildAll(String requestedBy) {
    String token = claim(requestedBy);
    try {
      List<String> cases = jdbc.queryForList("SELECT case_number FROM aid_case ORDER BY case_number", String.class);
      int[] done = new int[1];
      List<String> skipped = rollup.recountAfter(() -> {
        projections.deleteNonSynthetic();
        List<String> withoutHistory = cases.stream().filter(caseNumber -> {
          if (++done[0] % HEARTBEAT_CASES == 0) {
            renew(token);
          }
          return !perCase.execute(transaction -> rebuildCase(caseNumber));
        }).toList();
        renew(token);
        return withoutHistory;
      });
      LOG.info("cockpit projections rebuilt for {} cases, {} without history left out: {}",
          cases.size() - skipped.size(), skipped.size(), skipped);
      return new Outcome(cases.size() - skipped.size(), skipped);
    } finally {
      claimChanges.executeWithoutResult(transaction -> jdbc.update("UPDATE cockpit_rebuild_claim SET"
          + " claim_token = NULL, claimed_by = NULL, claimed_at = NULL, heartbeat_at = NULL WHERE id = 1"
          + " AND claim_token = ?", token));
    }
  }

  /**
   * Takes the claim, free or abandoned (no heartbeat for the timeout); its token renews and frees it. A claim freed
   * between the attempt and the look at its holder is tried once more.
   */
  private String claim(String requestedBy) {
    String token = UUID.randomUUID().toString();
    for (int attempt = 1; ; attempt++) {
      Timestamp now = Timestamp.from(clock.instant());
      Timestamp abandoned = Timestamp.from(clock.instant().minus(claimTimeout));
      int taken = claimChanges.execute(transaction -> jdbc.update("UPDATE cockpit_rebuild_claim SET claim_token = ?,"
          + " claimed_by = ?, claimed_at = ?, heartbeat_at = ? WHERE id = 1 AND (claim_token IS NULL"
          + " OR heartbeat_at < ?)", token, requestedBy, now, now, abandoned));
      if (taken == 1) {
        return token;
      }
      AlreadyRunning running = holder();
      if (running.claimedAt() != null || attempt == 2) {
        throw running;
      }
    }
  }

  /** Renews the claim's heartbeat; when another rebuild has taken it over, stops this one. */
  private void renew(String token) {
    if (claimChanges.execute(transaction -> jdbc.update("UPDATE cockpit_rebuild_claim SET heartbeat_at = ?"
        + " WHERE id = 1 AND claim_token = ?", Timestamp.from(clock.instant()), token)) == 0) {
      throw holder();
    }
  }

  private AlreadyRunning holder() {
    Map<String, Object> holder = jdbc.queryForMap("SELECT claimed_by, claimed_at FROM cockpit_rebuild_claim"
        + " WHERE id = 1");
    return new AlreadyRunning((String) holder.get("claimed_by"), (Date) holder.get("claimed_at"));
  }

  /** Recreates the case's rows; false when its history is gone, so that the intake facts are unknown. */
  public boolean rebuildCase(String caseNumber) {
    Map<String, Object> registered = jdbc.queryForMap("SELECT process_instance_id, status FROM aid_case"
        + " WHERE case_number = ?", caseNumber);
    String instanceId = (String) registered.get("process_instance_id");
    Date now = ClockUtil.getCurrentTime();
    Map<String, Object> values = projectedValues(instanceId);
    String region = CaseVariables.asString(values.get(ProcessVariables.REGION));
    if (region == null) {
      return false;
    }
    projections.caseRegistered(caseNumber, new CockpitProjections.IntakeFacts(region,
        CaseVariables.asStringList(values.get(ProcessVariables.CATEGORIES)),
        CaseVariables.asString(values.get(ProcessVariables.EMPLOYMENT_FORM))), now);
    projections.hardshipDetermined(caseNumber, CaseVariables.asString(values.get(ProcessVariables.HARDSHIP_LEVEL)),
        now);
    projections.satisfactionRecorded(caseNumber, CaseVariables.asWholeNumber(values.get(
        ProcessVariables.SATISFACTION)), now);
    boolean open = CaseRegistry.OPEN.equals(registered.get("status"));
    if (open) {
      runtimeService.getActiveActivityIds(instanceId).stream().map(CaseStage::ofActivity)
          .flatMap(Optional::stream).findFirst()
          .ifPresent(stage -> projections.stageReached(caseNumber, stage, now));
    }
    replaySteps(List.of(ServiceLevelStep.VERIFICATION), caseNumber, instanceId, now);
    jdbc.query("SELECT id, process_instance_id FROM case_referral WHERE case_number = ? ORDER BY id", rs -> {
      long referralId = rs.getLong(1);
      String referralInstance = rs.getString(2);
      projections.referralRegistered(referralId, caseNumber, now);
      replaySteps(REFERRAL_STEPS, referralId, referralInstance, now);
      projections.referralChanged(referralId, now);
    }, caseNumber);
    projections.caseTotalsChanged(caseNumber, now);
    if (!open) {
      projections.caseClosed(caseNumber, null, now);
    }
    return true;
  }

  /**
   * Each step's latest task in the instance's history: when it was due, and whether it was done or cancelled; its
   * breach. The instance's tasks of these steps and its escalations are read once, whatever the number of steps.
   */
  private void replaySteps(List<ServiceLevelStep> steps, Object rowKey, String instanceId, Date now) {
    Map<String, HistoricTaskInstance> latest = historyService.createHistoricTaskInstanceQuery()
        .processInstanceId(instanceId).taskDefinitionKeyIn(steps.stream().map(ServiceLevelStep::taskId)
            .toArray(String[]::new)).list().stream()
        .collect(Collectors.toMap(HistoricTaskInstance::getTaskDefinitionKey, task -> task,
            BinaryOperator.maxBy(Comparator.comparing(HistoricTaskInstance::getStartTime))));
    Set<String> breached = Set.copyOf(jdbc.queryForList("SELECT DISTINCT step FROM escalation"
        + " WHERE process_instance_id = ?", String.class, instanceId));
    for (ServiceLevelStep step : steps) {
      HistoricTaskInstance task = latest.get(step.taskId());
      if (task != null) {
        projections.stepStarted(step, rowKey, task.getDueDate(), now);
        if (task.getEndTime() != null) {
          if (COMPLETED.equals(task.getDeleteReason())) {
            projections.stepDone(step, rowKey, task.getEndTime());
          } else {
            projections.stepCancelled(step, rowKey, now);
          }
        }
      }
      if (breached.contains(step.code())) {
        projections.stepBreached(step, rowKey, now);
      }
    }
  }

  /**
   * The values the projections carry from the instance's history, read in one query: by name, the instance's own
   * variable if it has one, else the first found.
   */
  private Map<String, Object> projectedValues(String instanceId) {
    List<HistoricVariableInstance> found = historyService.createHistoricVariableInstanceQuery()
        .processInstanceId(instanceId).variableNameIn(PROJECTED.toArray(String[]::new)).list();
    Map<String, Object> values = new HashMap<>();
    for (String name : PROJECTED) {
      List<HistoricVariableInstance> named = found.stream().filter(v -> name.equals(v.getName())).toList();
      named.stream().filter(v -> v.getActivityInstanceId() == null || v.getActivityInstanceId().equals(instanceId))
          .findFirst().or(() -> named.stream().findFirst()).map(HistoricVariableInstance::getValue)
          .ifPresent(value -> values.put(name, value));
    }
    return values;
  }
}
