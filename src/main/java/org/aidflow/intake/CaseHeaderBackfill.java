package org.aidflow.intake;

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
 * Gives the case header to open tasks that were created before forms showed {@code {{caseHeader}}}
 * ({@link OpenTaskBackfill}); runs at every start and finds nothing once every open task has its header.
 */
@Component
public class CaseHeaderBackfill {

  private static final Logger LOG = LoggerFactory.getLogger(CaseHeaderBackfill.class);
  private static final String TASKS_WITHOUT_HEADER = "SELECT t.ID_ FROM ACT_RU_TASK t WHERE t.PROC_INST_ID_ IS NOT NULL"
      + " AND NOT EXISTS (SELECT 1 FROM ACT_RU_VARIABLE v WHERE v.TASK_ID_ = t.ID_ AND v.NAME_ = ?)";

  private final JdbcTemplate jdbc;
  private final ProcessEngineConfigurationImpl engine;

  public CaseHeaderBackfill(JdbcTemplate jdbc, ProcessEngineConfigurationImpl engine) {
    this.jdbc = jdbc;
    this.engine = engine;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void onReady() {
    int filled = fillMissingHeaders();
    if (filled > 0) {
      LOG.info("case header given to {} open tasks created before it existed", filled);
    }
  }

  /** Writes the header of every open process task that has none; answers how many were written. */
  public int fillMissingHeaders() {
    List<String> taskIds = jdbc.queryForList(TASKS_WITHOUT_HEADER, String.class, ProcessVariables.CASE_HEADER);
    return OpenTaskBackfill.fill(engine, taskIds, task -> {
      if (!task.hasVariableLocal(ProcessVariables.CASE_HEADER)) {
        task.setVariableLocal(ProcessVariables.CASE_HEADER, CaseOverview.header(task));
      }
    });
  }
}
