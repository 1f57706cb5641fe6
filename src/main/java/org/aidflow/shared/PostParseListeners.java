package org.aidflow.shared;

import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/** The one way AidFlow's engine plugins hang listeners on the models: a parse listener run after the engine's own. */
public final class PostParseListeners {

  private PostParseListeners() {
  }

  /** Adds the listener after those already configured (other plugins', the coverage recorder's). */
  public static void add(ProcessEngineConfigurationImpl configuration, BpmnParseListener listener) {
    configuration.setCustomPostBPMNParseListeners(
        EngineExtensions.plus(configuration.getCustomPostBPMNParseListeners(), listener));
  }
}
