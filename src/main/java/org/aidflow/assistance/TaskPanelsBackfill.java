package org.aidflow.assistance;

import static org.aidflow.shared.ReferralModel.*;

import java.util.List;
import org.aidflow.shared.OpenTaskBackfill;
import org.aidflow.shared.ProcessVariables;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tasks in flight when the forms began to read {@link TaskPanels}' variables (the planning form's service list
 * {@code serviceItemOptions}, 维权进展 {@code rightsProgress}) were created without them: forms are bound to their
 * latest version, so such a task would open with an empty service list. At start-up each open assistance or rights
 * task lacking them gets them, as if it had just opened, and so does an open plan lacking the providers to choose
 * from ({@code providerOptionsLegalAid}, …); once done the query finds nothing.
 */
@Component
public class TaskPanelsBackfill {

  private static final Logger LOG = LoggerFactory.getLogger(TaskPanelsBackfill.class);
  static final List<String> ASSISTANCE_TASKS = List.of(PLAN_ASSISTANCE, OVERRIDE_DOUBLE_AID, APPROVE_PLAN, JOINT_APPROVE,
      RESOLVE_FUNDING, DELIVER_ASSISTANCE);
  static final List<String> RIGHTS_TASKS = List.of(ASSESS_SAFETY, SUPPORT_PROTECTION_ORDER, PROVIDE_LEGAL_AID, MEDIATE,
      ARBITRATE, LITIGATE);
  private static final String TASKS_WITHOUT = "SELECT t.ID_ FROM ACT_RU_TASK t WHERE t.TASK_DEF_KEY_ IN (%s)"
      + " AND t.PROC_INST_ID_ IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ACT_RU_VARIABLE v"
      + " WHERE v.PROC_INST_ID_ = t.PROC_INST_ID_ AND v.NAME_ = ?)";

  private final JdbcTemplate jdbc;
  private final ProcessEngineConfigurationImpl engine;
  private final TaskPanels panels;

  public TaskPanelsBackfill(JdbcTemplate jdbc, ProcessEngineConfigurationImpl engine, TaskPanels panels) {
    this.jdbc = jdbc;
    this.engine = engine;
    this.panels = panels;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void onReady() {
    int filled = fill();
    if (filled > 0) {
      LOG.info("planning and rights panels given to {} open tasks created before them", filled);
    }
  }

  /** Answers how many open tasks were given their panels. */
  public int fill() {
    return fill(ASSISTANCE_TASKS, ProcessVariables.SERVICE_ITEM_OPTIONS, panels::showAssistance)
        + fill(RIGHTS_TASKS, ProcessVariables.RIGHTS_PROGRESS, panels::showRightsProgress)
        // plans opened before the form offered a choice of provider (its options for legal aid stand for all)
        + fill(List.of(PLAN_ASSISTANCE), ProcessVariables.providerOptions("legal-aid"), panels::showProviderChoices);
  }

  private int fill(List<String> keys, String variable,
      java.util.function.Consumer<org.camunda.bpm.engine.impl.persistence.entity.TaskEntity> filler) {
    String in = String.join(", ", keys.stream().map(k -> "?").toList());
    Object[] args = java.util.stream.Stream.concat(keys.stream(), java.util.stream.Stream.of(variable)).toArray();
    List<String> taskIds = jdbc.queryForList(String.format(TASKS_WITHOUT, in), String.class, args);
    return OpenTaskBackfill.fill(engine, taskIds, filler);
  }
}
