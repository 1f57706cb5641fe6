package org.aidflow.shared;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * When a process instance ends, the engine deletes its variables, and reads each variable's byte array (a Json list
 * such as the categories or the plan's items) by its id before deleting it: a round trip to the database per Json
 * variable. The instance's end listener, which runs just before, reads those not yet read in one statement
 * ({@link VariableBytes}); the engine then finds them in the command's cache and deletes them as before.
 */
@Component
public class EndedInstanceBytesPlugin extends AbstractProcessEnginePlugin {

  private static final ExecutionListener READ_BYTES_TOGETHER = execution ->
      VariableBytes.readTogether(((ExecutionEntity) execution).getVariableInstancesLocal());

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    PostParseListeners.add(configuration, new AbstractBpmnParseListener() {
      @Override
      public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
        // built in, so that it runs when the instance is deleted without its listeners too; first, before any
        // end listener of the model that reads a value
        processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_END, READ_BYTES_TOGETHER, 0);
      }
    });
  }
}
