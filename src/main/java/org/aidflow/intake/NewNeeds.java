package org.aidflow.intake;

import static org.aidflow.shared.ProcessVariables.*;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.CaseRegistry.Contact;
import org.aidflow.shared.CaseRegistry.RegisteredCase;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.notification.Notifications;
import org.aidflow.shared.ReferralModel;
import org.aidflow.shared.ReferralRegistry;
import org.aidflow.servicelevel.ServiceLevelStep;
import org.aidflow.servicelevel.ServiceLevels;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.stereotype.Service;

/**
 * A later call of a person with an open case is a new need (docs/case-loop.md, "A second call"): its new categories
 * join the case in AidFlow's table, an urgent flag or an urgent category makes the case urgent from then on (the open
 * tasks' due and reminder times and their timers shortened to the urgent service level, their priority raised), and
 * the intake officer and the case's caseworkers are told. Whether routing runs now is the model's path
 * ({@code newNeed} in aid-case.bpmn); this class says whether it is due.
 */
@Service
public class NewNeeds {

  /** What the call changed: the categories it added, whether it made the case urgent, whether to route them now. */
  public record Outcome(List<String> added, boolean madeUrgent, boolean routeNow) {
  }

  private final CaseRegistry cases;
  private final ReferralRegistry referrals;
  private final Notifications notifications;
  private final ServiceLevels serviceLevels;

  public NewNeeds(CaseRegistry cases, ReferralRegistry referrals, Notifications notifications,
      ServiceLevels serviceLevels) {
    this.cases = cases;
    this.referrals = referrals;
    this.notifications = notifications;
    this.serviceLevels = serviceLevels;
  }

  /** Applies the later call {@code contactId} (recorded on the case) to the open case. */
  public Outcome apply(ProcessEngineServices engine, String caseNumber, long contactId) {
    Contact contact = cases.contact(contactId).filter(c -> c.caseNumber().equals(caseNumber))
        .orElseThrow(() -> new IllegalStateException("contact " + contactId + " is no call on case " + caseNumber));
    RegisteredCase registered = cases.caseOf(caseNumber).orElseThrow();
    if (!CaseRegistry.OPEN.equals(registered.status())) {
      return new Outcome(List.of(), false, false);
    }
    RuntimeService runtime = engine.getRuntimeService();
    String instanceId = registered.processInstanceId();
    // the case's categories as registered; only a case registered before they were kept (none registered) takes its
    // intake's from the variable, which a task holder could have written since
    Set<String> known = new LinkedHashSet<>(cases.categoriesOf(caseNumber));
    if (known.isEmpty()) {
      known.addAll(CaseVariables.asStringList(runtime.getVariable(instanceId, CATEGORIES)));
      cases.addCategories(caseNumber, known, null);
    }
    List<String> added = contact.categories().stream().filter(c -> !known.contains(c)).distinct().toList();
    cases.addCategories(caseNumber, added, contactId);
    List<String> all = new ArrayList<>(known);
    all.addAll(added);

    boolean urgentCall = contact.urgent()
        || contact.categories().stream().anyMatch(IntakeVocabulary.URGENT_CATEGORIES::contains);
    boolean wasUrgent = cases.isUrgent(caseNumber) || ServiceLevels.isUrgentCategories(known);
    boolean madeUrgent = urgentCall && !wasUrgent;
    if (urgentCall) {
      cases.markUrgent(caseNumber);
    }

    // the copies that forms, Tasklist and the service-level expressions read, in the case and in its open referrals
    Map<String, Object> copies = new LinkedHashMap<>();
    copies.put(CATEGORIES, CaseVariables.jsonList(all));
    copies.put(CATEGORIES_TEXT, IntakeVocabulary.categoriesText(all));
    if (urgentCall) {
      copies.put(URGENT, true);
      copies.put(URGENCY_TEXT, IntakeVocabulary.URGENT_TEXT);
    }
    List<ProcessInstance> instances = runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseNumber)
        .active().list();
    for (ProcessInstance instance : instances) {
      if (instance.getId().equals(instanceId) || isReferral(engine, instance)) {
        runtime.setVariables(instance.getId(), copies);
      } else if (urgentCall) {
        runtime.setVariable(instance.getId(), URGENT, true);
      }
    }
    if (madeUrgent) {
      makeOpenWorkUrgent(engine, caseNumber, instances);
    }

    notifyCaseTeams(registered, contact, added, madeUrgent);
    boolean routeNow = !added.isEmpty() && !runtime.getActiveActivityIds(instanceId)
        .contains(AidCaseModel.VERIFY_CASE);
    return new Outcome(added, madeUrgent, routeNow);
  }

  private static boolean isReferral(ProcessEngineServices engine, ProcessInstance instance) {
    return engine.getRepositoryService().getProcessDefinition(instance.getProcessDefinitionId()).getKey()
        .equals(ReferralModel.PROCESS_KEY);
  }

  /** Due and reminder times no later than the urgent service level from now, priority at least the urgent one. */
  private void makeOpenWorkUrgent(ProcessEngineServices engine, String caseNumber, List<ProcessInstance> instances) {
    TaskService tasks = engine.getTaskService();
    for (Task task : tasks.createTaskQuery().processInstanceBusinessKey(caseNumber).list()) {
      ServiceLevelStep.ofTask(task.getTaskDefinitionKey()).map(ServiceLevelStep::code).ifPresent(step -> {
        Date due = serviceLevels.urgentDueAt(step);
        Date reminder = serviceLevels.urgentReminderAt(step);
        if (task.getDueDate() == null || due.before(task.getDueDate())) {
          task.setDueDate(due);
        }
        if (task.getFollowUpDate() == null || reminder.before(task.getFollowUpDate())) {
          task.setFollowUpDate(reminder);
        }
      });
      task.setPriority(Math.max(task.getPriority(), serviceLevels.getUrgentPriority()));
      tasks.saveTask(task);
    }
    // the reminder and breach timers of those tasks: their expressions, evaluated now for an urgent case
    ManagementService management = engine.getManagementService();
    for (ProcessInstance instance : instances) {
      for (Job job : management.createJobQuery().processInstanceId(instance.getId()).timers().list()) {
        if (!timesAServiceLevel(engine, job)) {
          continue;
        }
        Date before = job.getDuedate();
        management.recalculateJobDuedate(job.getId(), false);
        Date after = management.createJobQuery().jobId(job.getId()).singleResult().getDuedate();
        if (before != null && (after == null || after.after(before))) {
          management.setJobDuedate(job.getId(), before);
        }
      }
    }
  }

  private static boolean timesAServiceLevel(ProcessEngineServices engine, Job job) {
    JobDefinition definition = engine.getManagementService().createJobDefinitionQuery()
        .jobDefinitionId(job.getJobDefinitionId()).singleResult();
    if (definition == null || definition.getActivityId() == null) {
      return false;
    }
    ModelElementInstance element = engine.getRepositoryService().getBpmnModelInstance(job.getProcessDefinitionId())
        .getModelElementById(definition.getActivityId());
    return element instanceof BoundaryEvent boundary && boundary.getAttachedTo() != null
        && ServiceLevelStep.ofTask(boundary.getAttachedTo().getId()).isPresent();
  }

  private void notifyCaseTeams(RegisteredCase registered, Contact contact, List<String> added, boolean madeUrgent) {
    String caseNumber = registered.caseNumber();
    String message = "案件 " + caseNumber + " 的申请人再次求助（"
        + IntakeVocabulary.CHANNEL_LABELS.getOrDefault(contact.channel(), contact.channel()) + "）"
        + (added.isEmpty() ? "，未新增求助类别" : "，新增求助类别：" + IntakeVocabulary.categoriesText(added))
        + (madeUrgent ? "；案件自此按紧急办理" : "") + "。请查看案件。";
    String key = "new-need:" + contact.id() + ":";
    if (registered.intakeOfficer() != null) {
      notifications.enqueue(key + registered.intakeOfficer(), Notifications.NEW_NEED, registered.intakeOfficer(), null,
          caseNumber, message);
    }
    // the caseworkers of the intake unit and of each unit with an open referral
    Set<String> units = new LinkedHashSet<>();
    units.add(registered.intakeUnit());
    referrals.referralsOf(caseNumber).stream().filter(r -> !r.status().isEnded())
        .forEach(r -> units.add(r.unit()));
    for (String unit : units) {
      String group = unit + OrganisationUnit.CASEWORKERS;
      notifications.enqueue(key + group, Notifications.NEW_NEED, null, group, caseNumber, message);
    }
  }
}
