package org.aidflow.organisation;

import java.util.List;
import java.util.Optional;
import org.aidflow.shared.Groups;
import org.aidflow.shared.ReferralRegistry.RegisteredReferral;
import org.aidflow.shared.ReferralRegistry;
import org.aidflow.shared.RefusedInputException;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.EntityTypes;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.oplog.UserOperationLogContext;
import org.camunda.bpm.engine.impl.oplog.UserOperationLogContextEntryBuilder;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.PropertyChange;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A referral moves to another unit of its organisation (docs/organisation-units.md), by the supervisors of the unit
 * that holds it, of a unit above it, or the cross-organisation supervisors, with a reason: the receiving unit in
 * {@code case_referral} changes, the new unit may read the referral and the old one no longer (unless it is above the
 * new one), its open tasks move to the new unit's groups, so do the open escalations of its late steps
 * ({@link UnitWorkMoved}), and the case's audit shows who moved it, from where, to where and why (operation {@code Transfer}).
 */
@Service
public class ReferralTransfer {

  /** The operation in the case's audit; its properties are {@code unit} (from → to) and {@code reason}. */
  public static final String OPERATION = "Transfer";
  public static final String UNIT = "unit";
  public static final String REASON = "reason";

  public enum Outcome { NO_SUCH_REFERRAL, NOT_ALLOWED, ENDED, TRANSFERRED }

  private final ReferralRegistry referrals;
  private final OrganisationUnits units;
  private final OrganisationService organisations;
  private final CaseAccess access;
  private final IdentityService identityService;
  private final RuntimeService runtimeService;
  private final AuthorizationService authorizationService;
  private final CommandExecutor commandExecutor;
  private final ApplicationEventPublisher events;

  public ReferralTransfer(ReferralRegistry referrals, OrganisationUnits units, OrganisationService organisations,
      CaseAccess access, IdentityService identityService, RuntimeService runtimeService,
      AuthorizationService authorizationService, ProcessEngine processEngine, ApplicationEventPublisher events) {
    this.events = events;
    this.referrals = referrals;
    this.units = units;
    this.organisations = organisations;
    this.access = access;
    this.identityService = identityService;
    this.runtimeService = runtimeService;
    this.authorizationService = authorizationService;
    this.commandExecutor = ((ProcessEngineImpl) processEngine).getProcessEngineConfiguration()
        .getCommandExecutorTxRequired();
  }

  /** The referral, if the caller may read it (the same answer whether it does not exist or they may not). */
  public Optional<RegisteredReferral> readable(long referralId) {
    Optional<RegisteredReferral> referral = referrals.referral(referralId);
    if (referral.isEmpty() || referral.get().processInstanceId() == null) {
      return Optional.empty();
    }
    long visible = runtimeService.createProcessInstanceQuery()
        .processInstanceId(referral.get().processInstanceId()).count();
    return visible > 0 ? referral : Optional.empty();
  }

  @Transactional
  public Outcome transfer(long referralId, String toUnit, String reason) {
    Optional<RegisteredReferral> found = readable(referralId);
    if (found.isEmpty()) {
      return Outcome.NO_SUCH_REFERRAL;
    }
    RegisteredReferral referral = found.get();
    if (!mayTransfer(referral)) {
      return Outcome.NOT_ALLOWED;
    }
    if (referral.status().isEnded()) {
      return Outcome.ENDED;
    }
    OrganisationUnit target = units.find(toUnit).orElseThrow(() -> RefusedInputException.of(UNIT,
        "单位 " + toUnit + " 不存在", "no unit " + toUnit));
    if (!target.active()) {
      throw RefusedInputException.of(UNIT, "单位 " + toUnit + " 已停用", "unit " + toUnit + " is inactive");
    }
    if (!target.type().equals(referral.org())) {
      throw RefusedInputException.of(UNIT, "只能转给同一组织的单位（" + referral.org() + "）",
          "a referral moves to a unit of its own organisation (" + referral.org() + ") only");
    }
    if (target.code().equals(referral.unit())) {
      throw RefusedInputException.of(UNIT, "转介已在该单位", "the referral is already at " + toUnit);
    }
    String from = referral.unit();
    // as the caller (the operation log names them), without the engine's checks for this one command: the right to
    // transfer was checked above, and supervisors hold no UPDATE on tasks they only read
    commandExecutor.execute(commandContext -> commandContext.runWithoutAuthorization(() -> {
      ExecutionEntity instance = commandContext.getExecutionManager()
          .findExecutionById(referral.processInstanceId());
      UserOperationLogContext log = new UserOperationLogContext();
      log.addEntry(UserOperationLogContextEntryBuilder.entry(OPERATION, EntityTypes.PROCESS_INSTANCE)
          .inContextOf(instance, List.of(new PropertyChange(UNIT, from, target.code()),
              new PropertyChange(REASON, null, reason)))
          .category(UserOperationLogEntry.CATEGORY_OPERATOR).create());
      commandContext.getOperationLogManager().logUserOperations(log);
      referrals.moveToUnit(referral.id(), target.code());
      access.grantReferral(authorizationService, referral.processInstanceId(), target.code(), true);
      // a second approval waiting with the old unit's parent goes to the new unit's parent (found before the unit's
      // own tasks move, which may go to that very parent)
      Optional<String> oldParent = units.nearestActiveAncestor(from);
      Optional<String> newParent = units.nearestActiveAncestor(target.code());
      boolean parentChanges = oldParent.isPresent() && newParent.isPresent() && !oldParent.equals(newParent);
      List<org.camunda.bpm.engine.task.Task> secondApprovals = parentChanges
          ? organisations.supervisorTasks(referral.processInstanceId(), oldParent.get()) : List.of();
      organisations.moveTasks(referral.processInstanceId(), from, target.code());
      if (parentChanges) {
        organisations.moveSupervisorTasks(secondApprovals, oldParent.get(), newParent.get());
      }
      // the old unit no longer reads the referral (those above both units still do)
      access.revokeReferral(authorizationService, referral.processInstanceId(), from, target.code());
      // the escalations of its late steps, the cockpit's rows
      events.publishEvent(new UnitWorkMoved(from, target.code(), referral.processInstanceId()));
      return null;
    }));
    return Outcome.TRANSFERRED;
  }

  private boolean mayTransfer(RegisteredReferral referral) {
    Authentication caller = identityService.getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      return false;
    }
    List<String> groups = caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
    return groups.contains(Groups.SUPERVISORS)
        || access.supervisorsFromUnitUp(referral.unit()).stream().anyMatch(groups::contains);
  }
}
