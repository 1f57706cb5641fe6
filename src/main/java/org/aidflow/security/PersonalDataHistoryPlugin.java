package org.aidflow.security;

import static org.aidflow.shared.ProcessVariables.ID_NUMBER;
import static org.aidflow.shared.ProcessVariables.PHONE;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.aidflow.shared.DisplayCopies;
import org.aidflow.shared.PersonalData;
import org.camunda.bpm.engine.variable.type.ValueType;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricFormPropertyEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.springframework.stereotype.Component;

/**
 * History never holds a full ID number or phone: a case started from Tasklist's start form (or the REST API's start)
 * holds them as variables until validateApplicant replaces them, and the history of those few steps is written
 * masked, whatever type the caller gave them (AidFlow's intake API passes them transient: no row at all).
 * The same handler leaves out the change-by-change rows (act_hi_detail) of the display copies
 * ({@link DisplayCopies}): their latest value stays in the variable history.
 */
@Component
public class PersonalDataHistoryPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setHistoryEventHandler(new MaskingHistoryEventHandler());
  }

  /** Camunda's database history, with the values of the personal-data variables masked first. */
  static final class MaskingHistoryEventHandler extends DbHistoryEventHandler {
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
     * Every change of a variable as a detail row, except for display copies, rewritten whenever a task shows them
     * and derived from what has its own history, and for what a call activity passes to the instance it starts;
     * their latest value is still kept (act_hi_varinst).
     */
    @Override
    protected boolean shouldWriteHistoricDetail(HistoricVariableUpdateEventEntity event) {
      return !DisplayCopies.isDisplayCopy(event.getVariableName()) && !passedByCallActivity(event)
          && super.shouldWriteHistoricDetail(event);
    }

    /**
     * A called instance's (a referral's, an escalation's) copy of its caller's values, made by the call activity's
     * in-mapping before the called instance has begun (no activity instance yet): the caller's own history holds
     * each value and when it had it. Later changes in the called instance keep their rows.
     */
    static boolean passedByCallActivity(HistoricVariableUpdateEventEntity event) {
      return HistoryEventTypes.VARIABLE_INSTANCE_CREATE.getEventName().equals(event.getEventType())
          && event.getActivityInstanceId() == null && event.getProcessInstanceId() != null
          && event.getRootProcessInstanceId() != null
          && !event.getProcessInstanceId().equals(event.getRootProcessInstanceId());
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
