package org.aidflow.shared;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.springframework.stereotype.Service;

/** Where a case stands, as the API shows it to those who may read the case. */
@Service
public class CaseOverview {

  private static final int MAX_TASKS = 100;

  /** One open task of the case or its referrals. */
  public record OpenTask(String name, String taskDefinitionKey, Date due) {
  }

  /** One referral and how far it got. */
  public record ReferralState(String org, String services, String status, String declineReason) {
  }

  private final HistoryService historyService;
  private final RuntimeService runtimeService;
  private final TaskService taskService;
  private final IdentityService identityService;
  private final ReferralRegistry referrals;
  private final CaseRegistry cases;

  public CaseOverview(HistoryService historyService, RuntimeService runtimeService, TaskService taskService,
      IdentityService identityService, ReferralRegistry referrals, CaseRegistry cases) {
    this.cases = cases;
    this.historyService = historyService;
    this.runtimeService = runtimeService;
    this.taskService = taskService;
    this.identityService = identityService;
    this.referrals = referrals;
  }

  /** The aidCase instance of the case, if the current user may read it. */
  public Optional<HistoricProcessInstance> readableCase(String caseNumber) {
    return historyService.createHistoricProcessInstanceQuery().processDefinitionKey(CaseModel.Process.AID_CASE)
        .processInstanceBusinessKey(caseNumber).listPage(0, 1).stream().findFirst();
  }

  /** Empty when there is no such case or the current user may not read it. */
  public Optional<Map<String, Object>> of(String caseNumber) {
    return readableCase(caseNumber).map(instance -> SystemContext.call(identityService, () -> {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("caseNumber", caseNumber);
      boolean open = instance.getEndTime() == null;
      view.put("status", open ? "OPEN" : "CLOSED");
      view.put("stage", open ? runtimeService.getActiveActivityIds(instance.getId()).stream()
          .map(CaseStage::ofActivity).flatMap(Optional::stream).findFirst().orElse(CaseStage.INTAKE).name()
          : CaseStage.CLOSED.name());
      // as registered, not the variables a task holder could rewrite
      Optional<CaseRegistry.RegisteredCase> registered = cases.caseOf(caseNumber);
      view.put("intakeOrg", registered.map(CaseRegistry.RegisteredCase::intakeOrg).orElse(null));
      view.put("hardshipLevel", variable(instance.getId(), CaseModel.Var.HARDSHIP_LEVEL));
      view.put("referrals", referrals.referralsOf(caseNumber).stream()
          .map(r -> new ReferralState(r.org(), r.services(), r.status().name(), r.declineReason()))
          .toList());
      List<OpenTask> tasks = taskService.createTaskQuery().processInstanceBusinessKey(caseNumber).orderByDueDate()
          .asc().listPage(0, MAX_TASKS).stream()
          .map(t -> new OpenTask(t.getName(), t.getTaskDefinitionKey(), t.getDueDate())).toList();
      view.put("openTasks", tasks);
      view.put("closureReason", cases.closureReasonOf(caseNumber).orElse(null));
      view.put("createdAt", instance.getStartTime());
      view.put("closedAt", instance.getEndTime());
      return view;
    }));
  }

  private Object variable(String processInstanceId, String name) {
    HistoricVariableInstance variable = historyService.createHistoricVariableInstanceQuery()
        .processInstanceId(processInstanceId).variableName(name).disableCustomObjectDeserialization().singleResult();
    return variable == null ? null : variable.getValue();
  }
}
