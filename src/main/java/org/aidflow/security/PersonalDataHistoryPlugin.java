package org.aidflow.security;

import static org.aidflow.shared.CaseModel.Var.ID_NUMBER;
import static org.aidflow.shared.CaseModel.Var.PHONE;

import org.aidflow.shared.PersonalData;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricFormPropertyEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.springframework.stereotype.Component;

/**
 * History never holds a full ID number or phone: a case starts with them as variables (from the start form or the
 * API) until validateApplicant replaces them, and the history of those few steps is written masked.
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
      if (event instanceof HistoricVariableUpdateEventEntity update && update.getTextValue() != null) {
        update.setTextValue(masked(update.getVariableName(), update.getTextValue()));
      } else if (event instanceof HistoricFormPropertyEventEntity submitted && submitted.getPropertyValue() != null
          && (ID_NUMBER.equals(submitted.getPropertyId()) || PHONE.equals(submitted.getPropertyId()))) {
        // a start form submitted from Tasklist is also recorded field by field
        submitted.setPropertyValue(masked(submitted.getPropertyId(), submitted.getPropertyValue().toString()));
      }
      super.handleEvent(event);
    }

    private static String masked(String name, String value) {
      if (ID_NUMBER.equals(name)) {
        return PersonalData.maskIdNumber(value);
      }
      return PHONE.equals(name) ? PersonalData.maskPhone(value) : value;
    }
  }
}
