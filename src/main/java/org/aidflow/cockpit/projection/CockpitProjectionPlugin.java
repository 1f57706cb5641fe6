package org.aidflow.cockpit.projection;

import java.util.Date;
import java.util.Set;
import org.aidflow.servicelevel.ServiceLevelStep;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.CaseStage;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.PostParseListeners;
import org.aidflow.shared.ProcessVariables;
import org.aidflow.shared.ReferralModel;
import org.aidflow.shared.ReferralRegistry;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * Keeps the cockpit's projections as cases move, without a listener in the BPMN: when the engine parses aidCase and
 * referral, this plugin hangs listeners on the activities the cockpit follows (by their ids in AidCaseModel and
 * ReferralModel), so a designer who edits the models in Modeler need not know about the cockpit. The rows are written in the
 * transaction of the step, so they never show a step that rolled back. Which case or referral a row is about comes
 * from AidFlow's tables by the step's process instance, never from a variable a task holder could set.
 */
@Component
public class CockpitProjectionPlugin extends AbstractProcessEnginePlugin {

  /** Referral steps after which its register row has changed (status, organisation, rights outcome, delivery). */
  private static final Set<String> REFERRAL_CHANGES = Set.of(ReferralModel.RECORD_ACCEPTANCE,
      ReferralModel.RECORD_DECLINE, ReferralModel.RECORD_RIGHTS_OUTCOME, ReferralModel.REROUTE_TO_UNION,
      ReferralModel.RECORD_CHARITY_REFERRAL, ReferralModel.RECORD_DELIVERY);

  private final CockpitProjections projections;
  private final CaseFacts facts;
  private final CaseRegistry cases;

  public CockpitProjectionPlugin(CockpitProjections projections, CaseFacts facts, CaseRegistry cases) {
    this.projections = projections;
    this.facts = facts;
    this.cases = cases;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    PostParseListeners.add(configuration, new ProjectionParseListener());
  }

  private static Date now() {
    return ClockUtil.getCurrentTime();
  }

  /** The case of the instance, or null before it is registered (or when the intake joined an open case). */
  private String caseNumber(DelegateExecution execution) {
    return facts.findCase(execution.getProcessInstanceId()).map(CaseRegistry.RegisteredCase::caseNumber).orElse(null);
  }

  private Long referralId(DelegateExecution execution) {
    return facts.findReferral(execution.getProcessInstanceId()).map(ReferralRegistry.RegisteredReferral::id)
        .orElse(null);
  }

  private final class ProjectionParseListener extends AbstractBpmnParseListener {

    @Override
    public void parseProcess(org.camunda.bpm.engine.impl.util.xml.Element processElement, ProcessDefinitionEntity processDefinition) {
      if (AidCaseModel.PROCESS_KEY.equals(processDefinition.getKey())) {
        processDefinition.addListener(ExecutionListener.EVENTNAME_END, (ExecutionListener) execution -> {
          String caseNumber = caseNumber(execution);
          if (caseNumber != null) {
            projections.caseClosed(caseNumber, cases.closureReasonOf(caseNumber).orElse(null), now());
          }
        });
      } else if (ReferralModel.PROCESS_KEY.equals(processDefinition.getKey())) {
        processDefinition.addListener(ExecutionListener.EVENTNAME_END, (ExecutionListener) execution -> {
          Long id = referralId(execution);
          if (id != null) {
            projections.referralChanged(id, now());
          }
        });
      }
    }

    @Override
    public void parseServiceTask(org.camunda.bpm.engine.impl.util.xml.Element element, ScopeImpl scope, ActivityImpl activity) {
      follow(activity);
    }

    @Override
    public void parseBusinessRuleTask(org.camunda.bpm.engine.impl.util.xml.Element element, ScopeImpl scope, ActivityImpl activity) {
      follow(activity);
    }

    @Override
    public void parseCallActivity(org.camunda.bpm.engine.impl.util.xml.Element element, ScopeImpl scope, ActivityImpl activity) {
      follow(activity);
    }

    @Override
    public void parseIntermediateCatchEvent(org.camunda.bpm.engine.impl.util.xml.Element element, ScopeImpl scope, ActivityImpl activity) {
      follow(activity);
    }

    @Override
    public void parseUserTask(org.camunda.bpm.engine.impl.util.xml.Element element, ScopeImpl scope, ActivityImpl activity) {
      follow(activity);
      String processKey = ((ProcessDefinitionEntity) activity.getProcessDefinition()).getKey();
      if (!AidCaseModel.PROCESS_KEY.equals(processKey) && !ReferralModel.PROCESS_KEY.equals(processKey)) {
        return;
      }
      var taskDefinition = ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
      ServiceLevelStep.ofTask(activity.getId()).ifPresent(step -> {
        taskDefinition.addTaskListener(TaskListener.EVENTNAME_CREATE,
            task -> projections.stepStarted(step, rowKey(step, task), task.getDueDate(), now()));
        taskDefinition.addTaskListener(TaskListener.EVENTNAME_COMPLETE,
            task -> projections.stepDone(step, rowKey(step, task), now()));
        taskDefinition.addTaskListener(TaskListener.EVENTNAME_DELETE,
            task -> projections.stepCancelled(step, rowKey(step, task), now()));
      });
      if (AidCaseModel.FOLLOW_UP.equals(activity.getId())) {
        taskDefinition.addTaskListener(TaskListener.EVENTNAME_COMPLETE, task -> projections.satisfactionRecorded(
            caseNumber(task.getExecution()),
            CaseVariables.asWholeNumber(task.getVariable(ProcessVariables.SATISFACTION)), now()));
      }
    }

    private Object rowKey(ServiceLevelStep step, DelegateTask task) {
      return step.onCase() ? caseNumber(task.getExecution()) : referralId(task.getExecution());
    }

    /** Hangs the listeners the cockpit needs on one activity of aidCase or referral. */
    private void follow(ActivityImpl activity) {
      String processKey = ((ProcessDefinitionEntity) activity.getProcessDefinition()).getKey();
      String id = activity.getId();
      if (AidCaseModel.PROCESS_KEY.equals(processKey)) {
        CaseStage.ofActivity(id).ifPresent(stage -> activity.addListener(ExecutionListener.EVENTNAME_START,
            (ExecutionListener) execution -> projections.stageReached(caseNumber(execution), stage, now())));
        if (AidCaseModel.REGISTER_CASE.equals(id)) {
          activity.addListener(ExecutionListener.EVENTNAME_END, (ExecutionListener) execution ->
              projections.caseRegistered(caseNumber(execution), new CockpitProjections.IntakeFacts(
                  CaseVariables.asString(execution.getVariable(ProcessVariables.REGION)),
                  CaseVariables.asStringList(execution.getVariable(ProcessVariables.CATEGORIES)),
                  CaseVariables.asString(execution.getVariable(ProcessVariables.EMPLOYMENT_FORM))), now()));
        } else if (AidCaseModel.DETERMINE_HARDSHIP_LEVEL.equals(id)) {
          activity.addListener(ExecutionListener.EVENTNAME_END, (ExecutionListener) execution ->
              projections.hardshipDetermined(caseNumber(execution),
                  CaseVariables.asString(execution.getVariable(ProcessVariables.HARDSHIP_LEVEL)), now()));
        }
      } else if (ReferralModel.PROCESS_KEY.equals(processKey)) {
        if (ReferralModel.REGISTER_REFERRAL.equals(id)) {
          activity.addListener(ExecutionListener.EVENTNAME_END, (ExecutionListener) execution ->
              facts.findReferral(execution.getProcessInstanceId()).ifPresent(referral ->
                  projections.referralRegistered(referral.id(), referral.caseNumber(), now())));
        } else if (REFERRAL_CHANGES.contains(id)) {
          activity.addListener(ExecutionListener.EVENTNAME_END, (ExecutionListener) execution ->
              projections.referralChanged(referralId(execution), now()));
        }
      } else {
        return;
      }
      ServiceLevelStep.ofEscalation(id).ifPresent(step -> activity.addListener(ExecutionListener.EVENTNAME_END,
          (ExecutionListener) execution -> projections.stepBreached(step,
              step.onCase() ? caseNumber(execution) : referralId(execution), now())));
    }
  }
}
