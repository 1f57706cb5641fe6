package org.aidflow.security;

import static org.aidflow.shared.ProcessVariables.ID_NUMBER;
import static org.aidflow.shared.ProcessVariables.PHONE;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.aidflow.shared.DisplayCopies;
import org.aidflow.shared.PersonalData;
import org.camunda.bpm.engine.ActivityTypes;
import org.camunda.bpm.engine.impl.bpmn.helper.BpmnProperties;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.BpmnExecutionContext;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricFormPropertyEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.variable.type.ValueType;
import org.springframework.stereotype.Component;

/**
 * History never holds a full ID number or phone: a case started from Tasklist's start form (or the REST API's start)
 * holds them as variables until validateApplicant replaces them, and the history of those few steps is written
 * masked, whatever type the caller gave them (AidFlow's intake API passes them transient: no row at all).
 * The same handler writes change-by-change rows (act_hi_detail) for the changes people make, not for the values the
 * models' steps compute nor for the display copies ({@link DisplayCopies}): their latest value stays in the variable
 * history.
 */
@Component
public class PersonalDataHistoryPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setHistoryEventHandler(new MaskingHistoryEventHandler());
  }

  /** Camunda's database history, with the values of the personal-data variables masked first. */
  static final class MaskingHistoryEventHandler extends DbHistoryEventHandler {

    /** The kinds of step whose own work (delegates, decisions, mappings) changes variables. */
    private static final Set<String> COMPUTING_STEPS = Set.of(ActivityTypes.TASK_SERVICE,
        ActivityTypes.TASK_BUSINESS_RULE, ActivityTypes.TASK_SCRIPT, ActivityTypes.TASK_SEND_TASK,
        ActivityTypes.CALL_ACTIVITY, ActivityTypes.MULTI_INSTANCE_BODY);

    @Override
    public void handleEvent(HistoryEvent event) {
      if (event instanceof HistoricVariableUpdateEventEntity update) {
        if (ID_NUMBER.equals(update.getVariableName()) || PHONE.equals(update.getVariableName())) {
          maskEveryValue(update);
        }
      } else if (event instanceof HistoricFormPropertyEventEntity submitted && submitted.getPropertyValue() != null
          && (ID_NUMBER.equals(submitted.getPropertyId()) || PHONE.equals(submitted.getPropertyId()))) {
        // a start form submitted from Tasklist is also recorded field by field
        submitted.setPropertyValue(masked(submitted.getPropertyId(), submitted.getPropertyValue().toString()));
      }
      super.handleEvent(event);
    }

    /**
     * A change row (act_hi_detail) for every change that someone made: what an intake, a task's completion or a call
     * of the API wrote. Not for what the models' own steps compute while they run (service, business rule, script
     * and send tasks, a call activity's copies into the instance it starts, a multi-instance's counters) nor for display copies: those
     * values are worked out again from what has its own record (the change rows above, the decisions' history,
     * AidFlow's tables), and their latest value is still kept (act_hi_varinst). ADR 0011.
     */
    @Override
    protected boolean shouldWriteHistoricDetail(HistoricVariableUpdateEventEntity event) {
      return !DisplayCopies.isDisplayCopy(event.getVariableName()) && !computedByAStep()
          && super.shouldWriteHistoricDetail(event);
    }

    /**
     * Whether the change is made while the engine runs one of those steps. A person's change (a task's completion, a
     * start, a write through the API) is made outside of any running step: the engine then has no execution context.
     */
    static boolean computedByAStep() {
      BpmnExecutionContext running = Context.getBpmnExecutionContext();
      if (running == null || running.getExecution() == null) {
        return false;
      }
      ActivityImpl step = running.getExecution().getActivity();
      return step != null && COMPUTING_STEPS.contains(step.getProperties().get(BpmnProperties.TYPE));
    }

    /**
     * Whatever type the caller gave the variable (a Long ID number keeps its digits in the long column, a JSON or
     * object value in bytes), history keeps one masked text: the value's text masked, every other column emptied.
     */
    static void maskEveryValue(HistoricVariableUpdateEventEntity update) {
      String plain = update.getTextValue();
      if (plain == null && update.getLongValue() != null) {
        plain = update.getLongValue().toString();
      }
      if (plain == null && update.getDoubleValue() != null) {
        plain = BigDecimal.valueOf(update.getDoubleValue()).toPlainString();
      }
      if (plain == null && update.getByteValue() != null) {
        plain = new String(update.getByteValue(), StandardCharsets.UTF_8);
      }
      if (plain == null) {
        // a null value holds nothing to mask
        return;
      }
      update.setSerializerName(ValueType.STRING.getName());
      update.setTextValue(masked(update.getVariableName(), plain));
      update.setTextValue2(null);
      update.setLongValue(null);
      update.setDoubleValue(null);
      update.setByteValue(null);
      update.setByteArrayId(null);
    }

    private static String masked(String name, String value) {
      if (ID_NUMBER.equals(name)) {
        return PersonalData.maskIdNumber(value);
      }
      return PHONE.equals(name) ? PersonalData.maskPhone(value) : value;
    }
  }
}
