package org.aidflow.intake;

import java.util.List;
import java.util.Optional;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.CaseOperations;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.CaseRegistry.RegisteredCase;
import org.aidflow.shared.Groups;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.organisation.CaseAccess;
import org.aidflow.shared.SystemContext;
import org.camunda.bpm.engine.EntityTypes;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.oplog.UserOperationLogContext;
import org.camunda.bpm.engine.impl.oplog.UserOperationLogContextEntryBuilder;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.PropertyChange;
import org.springframework.stereotype.Service;

/**
 * The applicant withdraws, recorded by a person who may act on the case: the intake unit's caseworkers, its
 * supervisors and those of the units above it, the intake officer who took the case in, and the cross-organisation supervisors. Who that is comes
 * from AidFlow's case row (intake organisation) and the engine's record of who started the case, never from a
 * variable. The withdrawal runs as that user: the engine's operation log names them, with the reason.
 */
@Service
public class CaseWithdrawal {

  /** The operation in the case's audit (GET /api/cases/{n}/audit); its one property is the reason. */
  public static final String OPERATION = CaseOperations.WITHDRAW;
  public static final String REASON = CaseOperations.WITHDRAWAL_REASON;

  public enum Outcome { NO_SUCH_CASE, NOT_ALLOWED, ALREADY_CLOSED, WITHDRAWN }

  private final CaseRegistry cases;
  private final IdentityService identityService;
  private final HistoryService historyService;
  private final RuntimeService runtimeService;
  private final CommandExecutor commandExecutor;
  private final CaseAccess access;

  public CaseWithdrawal(CaseRegistry cases, IdentityService identityService, HistoryService historyService,
      RuntimeService runtimeService, ProcessEngine processEngine, CaseAccess access) {
    this.access = access;
    this.cases = cases;
    this.identityService = identityService;
    this.historyService = historyService;
    this.runtimeService = runtimeService;
    this.commandExecutor = ((ProcessEngineImpl) processEngine).getProcessEngineConfiguration()
        .getCommandExecutorTxRequired();
  }

  /** Whether the authenticated user may withdraw this case (which they can read). */
  public boolean mayWithdraw(String caseNumber) {
    return cases.caseOf(caseNumber).map(this::mayWithdraw).orElse(false);
  }

  public Outcome withdraw(String caseNumber, String reason) {
    Optional<RegisteredCase> found = cases.caseOf(caseNumber);
    if (found.isEmpty()) {
      return Outcome.NO_SUCH_CASE;
    }
    RegisteredCase facts = found.get();
    if (!mayWithdraw(facts)) {
      return Outcome.NOT_ALLOWED;
    }
    if (!CaseRegistry.OPEN.equals(facts.status())) {
      return Outcome.ALREADY_CLOSED;
    }
    // as the caller (their authentication stays set, so every operation log entry names them), with the engine's
    // authorization checks off for this one command: the right to withdraw was checked above, and caseworkers
    // hold no UPDATE on the instance
    return commandExecutor.execute(commandContext -> commandContext.runWithoutAuthorization(() -> {
      ExecutionEntity instance = commandContext.getExecutionManager().findExecutionById(facts.processInstanceId());
      if (instance == null) {
        return Outcome.ALREADY_CLOSED;
      }
      UserOperationLogContext log = new UserOperationLogContext();
      log.addEntry(UserOperationLogContextEntryBuilder.entry(OPERATION, EntityTypes.PROCESS_INSTANCE)
          .inContextOf(instance, List.of(new PropertyChange(REASON, null, reason)))
          .category(UserOperationLogEntry.CATEGORY_OPERATOR).create());
      commandContext.getOperationLogManager().logUserOperations(log);
      runtimeService.createMessageCorrelation(AidCaseModel.APPLICANT_WITHDREW_MESSAGE)
          .processInstanceId(facts.processInstanceId()).correlateWithResult();
      return Outcome.WITHDRAWN;
    }));
  }

  private boolean mayWithdraw(RegisteredCase facts) {
    Authentication caller = identityService.getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      return false;
    }
    List<String> groups = caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
    // the intake unit's caseworkers, the supervisors of that unit or any unit above it, cross-org supervisors
    String intakeUnit = facts.intakeUnit();
    if (groups.contains(intakeUnit + OrganisationUnit.CASEWORKERS) || groups.contains(Groups.SUPERVISORS)
        || access.supervisorsFromUnitUp(intakeUnit).stream().anyMatch(groups::contains)) {
      return true;
    }
    if (facts.intakeOfficer() != null) {
      return caller.getUserId().equals(facts.intakeOfficer());
    }
    // a case registered before the intake officer was kept: the user the engine recorded as starting it
    HistoricProcessInstance started = SystemContext.call(identityService, () -> historyService
        .createHistoricProcessInstanceQuery().processInstanceId(facts.processInstanceId()).singleResult());
    return started != null && caller.getUserId().equals(started.getStartUserId());
  }
}
