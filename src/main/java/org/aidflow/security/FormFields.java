package org.aidflow.security;

import static org.aidflow.shared.ProcessVariables.CASH_ITEMS;
import static org.aidflow.shared.ProcessVariables.SERVICES;
import static org.aidflow.shared.ReferralModel.PLAN_ASSISTANCE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.aidflow.security.FormField.Kind;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition;
import org.camunda.bpm.model.bpmn.instance.EscalationEventDefinition;
import org.camunda.bpm.model.bpmn.instance.EventDefinition;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.springframework.stereotype.Component;

/**
 * The variables each user task, and each process's start, accepts: the fields of the form the model names
 * ({@code camunda:formRef}), read from the deployed form itself, so a designer who adds a field to a form adds it
 * here too; plus the few fields only API clients send, which the task's listener reads and checks. Cached per
 * process definition and task (the form a task shows changes only with a deployment: a deployment on this node
 * empties the cache, one on another node is seen within {@link #TIME_TO_LIVE}).
 */
@Component
public class FormFields {

  /** Fields API clients send besides the form's, each read and checked by the task's complete listener. */
  static final Map<String, List<FormField>> API_ONLY_FIELDS = Map.of(
      // CheckPlanListener: the plan as a list of cash items (the form has three slots), and the aid types
      PLAN_ASSISTANCE, List.of(FormField.of(CASH_ITEMS, Kind.OBJECT_LIST), FormField.of(SERVICES, Kind.STRING)));

  static final Duration TIME_TO_LIVE = Duration.ofMinutes(1);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Counts deployments made on this node (see {@link FormFieldsDeploymentPlugin}). */
  static final AtomicLong DEPLOYMENTS = new AtomicLong();

  private final RepositoryService repositoryService;
  private final FormService formService;
  private final IdentityService identityService;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public FormFields(RepositoryService repositoryService, FormService formService, IdentityService identityService,
      Clock clock) {
    this.repositoryService = repositoryService;
    this.formService = formService;
    this.identityService = identityService;
    this.clock = clock;
  }

  /** What one task's form, and the model around it, lets the task's holder send. */
  public record TaskFields(String taskKey, Map<String, FormField> fields, boolean catchesErrors,
      boolean catchesEscalations) {
  }

  /** What the process's start form lets an intake send; null when the process has no start form. */
  public record StartFields(String processKey, Map<String, FormField> fields) {
  }

  /** The fields of the task (read without the caller's authorizations: the caller may read the task). */
  public TaskFields of(Task task) {
    String key = task.getProcessDefinitionId() + "/" + task.getTaskDefinitionKey();
    return (TaskFields) cached(key, () -> asSystem(() -> load(task)));
  }

  /** The start form's fields of a process definition, or null when it has no start form. */
  public StartFields ofStart(ProcessDefinition definition) {
    String key = definition.getId() + "/start";
    Object fields = cached(key, () -> asSystem(() -> loadStart(definition)));
    return fields == NO_START_FORM ? null : (StartFields) fields;
  }

  private static final Object NO_START_FORM = new Object();

  private Object cached(String key, Supplier<Object> load) {
    Instant now = clock.instant();
    long deployments = DEPLOYMENTS.get();
    Cached entry = cache.get(key);
    if (entry == null || entry.deployments != deployments || entry.loadedAt.plus(TIME_TO_LIVE).isBefore(now)) {
      entry = new Cached(load.get(), now, deployments);
      cache.put(key, entry);
    }
    return entry.value;
  }

  private record Cached(Object value, Instant loadedAt, long deployments) {
  }

  private TaskFields load(Task task) {
    Map<String, FormField> fields = new LinkedHashMap<>();
    BpmnModelInstance model = repositoryService.getBpmnModelInstance(task.getProcessDefinitionId());
    org.camunda.bpm.model.bpmn.instance.UserTask userTask = model.getModelElementById(task.getTaskDefinitionKey());
    if (userTask != null && userTask.getCamundaFormRef() != null) {
      try (InputStream form = formService.getDeployedTaskForm(task.getId())) {
        fields.putAll(FormField.fromSchema(JSON.readTree(form)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (FormField apiOnly : API_ONLY_FIELDS.getOrDefault(task.getTaskDefinitionKey(), List.of())) {
      fields.putIfAbsent(apiOnly.name(), apiOnly);
    }
    boolean errors = false;
    boolean escalations = false;
    Collection<BoundaryEvent> boundaries = model.getModelElementsByType(BoundaryEvent.class);
    for (BoundaryEvent boundary : boundaries) {
      if (boundary.getAttachedTo() != null && boundary.getAttachedTo().getId().equals(task.getTaskDefinitionKey())) {
        for (EventDefinition definition : boundary.getEventDefinitions()) {
          errors |= definition instanceof ErrorEventDefinition;
          escalations |= definition instanceof EscalationEventDefinition;
        }
      }
    }
    return new TaskFields(task.getTaskDefinitionKey(), Map.copyOf(fields), errors, escalations);
  }

  private Object loadStart(ProcessDefinition definition) {
    BpmnModelInstance model = repositoryService.getBpmnModelInstance(definition.getId());
    boolean hasStartForm = model.getModelElementsByType(StartEvent.class).stream()
        .anyMatch(start -> !(start.getParentElement() instanceof SubProcess) && start.getCamundaFormRef() != null);
    if (!hasStartForm) {
      return NO_START_FORM;
    }
    try (InputStream form = formService.getDeployedStartForm(definition.getId())) {
      return new StartFields(definition.getKey(), Map.copyOf(FormField.fromSchema(JSON.readTree(form))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a look-up of the models without the caller's authorizations, and gives them back. */
  private <T> T asSystem(Supplier<T> lookUp) {
    Authentication caller = identityService.getCurrentAuthentication();
    identityService.clearAuthentication();
    try {
      return lookUp.get();
    } finally {
      if (caller != null) {
        identityService.setAuthentication(caller);
      }
    }
  }
}
