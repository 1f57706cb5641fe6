package org.aidflow.support;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;

import org.camunda.bpm.engine.history.HistoricVariableUpdate;

/** What the history recorded of a process instance, as a test counts it. */
public final class HistoryRows {

  private HistoryRows() {
  }

  /** The change-by-change rows ({@code act_hi_detail}) of one variable of the instance. */
  public static long detailRows(String processInstanceId, String variable) {
    return historyService().createHistoricDetailQuery().processInstanceId(processInstanceId).variableUpdates().list()
        .stream().filter(detail -> variable.equals(((HistoricVariableUpdate) detail).getVariableName())).count();
  }
}
