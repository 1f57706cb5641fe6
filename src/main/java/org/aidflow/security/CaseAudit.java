package org.aidflow.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aidflow.shared.CaseOperations;
import org.aidflow.shared.SystemContext;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.springframework.stereotype.Service;

/**
 * Who did what to a case, and when: every operation a user performed on the case and its referrals (start,
 * claim, complete, variable changes, cancellation), from Camunda's user operation log. A caller sees the
 * entries of the process instances they may read, and nothing of a case they may not read.
 */
@Service
public class CaseAudit {

  /**
   * One user operation; {@code changes} lists the properties it set (e.g. variables of a completion);
   * {@code reason} is the reason given for a withdrawal (operation {@code Withdraw}) or a referral's transfer to
   * another unit (operation {@code Transfer}, whose changes are {@code unit} and {@code reason}), otherwise null.
   */
  public record Entry(Date time, String user, String operation, String processDefinitionKey, String taskId,
      List<String> changes, String reason) {
  }

  /** A referral moved to another unit (org.aidflow.organisation.ReferralTransfer). */
  static final String TRANSFER = "Transfer";

  /** A case and its referrals over every reassessment cycle stay far below this. */
  static final int MAX_INSTANCES_PER_CASE = 200;

  private final HistoryService historyService;
  private final IdentityService identityService;

  public CaseAudit(HistoryService historyService, IdentityService identityService) {
    this.historyService = historyService;
    this.identityService = identityService;
  }

  /** Empty when the case does not exist or the current user may not read any part of it. */
  public Optional<List<Entry>> of(String caseNumber) {
    List<String> readable = historyService.createHistoricProcessInstanceQuery().processInstanceBusinessKey(caseNumber)
        .listPage(0, MAX_INSTANCES_PER_CASE).stream().map(HistoricProcessInstance::getId).toList();
    if (readable.isEmpty()) {
      return Optional.empty();
    }
    // the operation log needs history permissions the caseworkers do not have; access was checked above
    return Optional.of(SystemContext.call(identityService, () -> {
      Map<String, Entry> byOperation = new LinkedHashMap<>();
      for (String instanceId : readable) {
        for (UserOperationLogEntry log : historyService.createUserOperationLogQuery().processInstanceId(instanceId)
            .list()) {
          Entry entry = byOperation.computeIfAbsent(log.getOperationId(), id -> new Entry(log.getTimestamp(),
              log.getUserId(), log.getOperationType(), log.getProcessDefinitionKey(), log.getTaskId(), new ArrayList<>(),
              CaseOperations.WITHDRAW.equals(log.getOperationType())
                  && CaseOperations.WITHDRAWAL_REASON.equals(log.getProperty()) ? log.getNewValue() : null));
          if (log.getProperty() != null) {
            entry.changes().add(log.getProperty());
          }
          // a transfer's reason (its other property, unit, may come first)
          if (entry.reason() == null && TRANSFER.equals(log.getOperationType()) && "reason".equals(log.getProperty())) {
            byOperation.put(log.getOperationId(), new Entry(entry.time(), entry.user(), entry.operation(),
                entry.processDefinitionKey(), entry.taskId(), entry.changes(), log.getNewValue()));
          }
        }
      }
      List<Entry> entries = new ArrayList<>(byOperation.values());
      entries.sort(Comparator.comparing(Entry::time));
      return entries;
    }));
  }
}
