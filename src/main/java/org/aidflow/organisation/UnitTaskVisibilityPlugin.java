package org.aidflow.organisation;

import java.util.ArrayList;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.Organisation;
import org.aidflow.shared.PostParseListeners;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.stereotype.Component;

/**
 * A unit's supervisors see their unit's tasks and those of every unit below it (docs/organisation-units.md): when a
 * user task is created for a unit's group, the supervisors of that unit and of the units above may read it
 * (Tasklist, the 超期 filter). Derived from the task's candidate groups, which the models take from AidFlow's tables.
 */
@Component
public class UnitTaskVisibilityPlugin extends AbstractProcessEnginePlugin {

  private final CaseAccess access;
  private final CaseFacts facts;

  public UnitTaskVisibilityPlugin(CaseAccess access, CaseFacts facts) {
    this.access = access;
    this.facts = facts;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    PostParseListeners.add(configuration, new AbstractBpmnParseListener() {
      @Override
      public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition()
            .addTaskListener(TaskListener.EVENTNAME_CREATE, UnitTaskVisibilityPlugin.this::share);
      }
    });
  }

  /**
   * Shares the task with the supervisors of each unit its candidate groups belong to, and of the units above. A task
   * of a case started on a release before units names an organisation's old group ({@code ${org}-caseworkers} in
   * its model version): it goes to the group of the unit registered for the case or referral instead.
   */
  public void share(DelegateTask task) {
    for (IdentityLink link : new ArrayList<>(task.getCandidates())) {
      String legacy = legacyGroupOrg(link.getGroupId());
      if (legacy != null) {
        String role = link.getGroupId().substring(legacy.length());
        String unit = unitFor(task, legacy);
        task.deleteCandidateGroup(link.getGroupId());
        task.addCandidateGroup(unit + role);
      }
    }
    for (IdentityLink link : task.getCandidates()) {
      String unit = IdentityLinkType.CANDIDATE.equals(link.getType()) ? OrganisationUnit.unitOfGroup(link.getGroupId())
          : null;
      if (unit != null) {
        access.shareTaskWithSupervisors(task.getProcessEngineServices().getAuthorizationService(), task.getId(), unit);
      }
    }
  }

  /** The organisation of an old organisation-wide group ({@code union-caseworkers} → union), else null. */
  static String legacyGroupOrg(String groupId) {
    if (groupId == null) {
      return null;
    }
    for (Organisation org : Organisation.values()) {
      if (groupId.equals(org.caseworkersGroup()) || groupId.equals(org.supervisorsGroup())) {
        return org.code();
      }
    }
    return null;
  }

  private String unitFor(DelegateTask task, String org) {
    String processInstanceId = task.getProcessInstanceId();
    if (processInstanceId != null) {
      var referral = facts.findReferral(processInstanceId);
      if (referral.isPresent() && referral.get().org().equals(org)) {
        return referral.get().unit();
      }
      var registered = facts.findCase(processInstanceId);
      if (registered.isPresent() && registered.get().intakeOrg().equals(org)) {
        return registered.get().intakeUnit();
      }
    }
    return OrganisationUnits.provinceUnit(org);
  }
}
