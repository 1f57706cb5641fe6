package org.aidflow.intake;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.CaseScope;
import org.aidflow.shared.CaseStage;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.shared.ProcessVariables;
import org.aidflow.shared.ReferralRegistry;
import org.aidflow.shared.SystemContext;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.springframework.stereotype.Service;

/**
 * Where a case stands: as the API shows it to those who may read the case, and as the header on top of every task
 * form ({@link ProcessVariables#CASE_HEADER}, shown by {@link CaseHeaderView}).
 */
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
    return historyService.createHistoricProcessInstanceQuery().processDefinitionKey(AidCaseModel.PROCESS_KEY)
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
      view.put("hardshipLevel", variable(instance.getId(), ProcessVariables.HARDSHIP_LEVEL));
      view.put("referrals", referrals.referralsOf(caseNumber).stream()
          .map(r -> new ReferralState(r.org(), r.services(), r.status().name(), r.declineReason()))
          .toList());
      List<OpenTask> tasks = taskService.createTaskQuery().processInstanceBusinessKey(caseNumber).orderByDueDate()
          .asc().listPage(0, MAX_TASKS).stream()
          .map(t -> new OpenTask(t.getName(), t.getTaskDefinitionKey(), t.getDueDate())).toList();
      view.put("openTasks", tasks);
      view.put("closureReason", cases.closureReasonOf(caseNumber).orElse(null));
      // a refusal is explained: why the case was not eligible, in words, as recorded when it closed
      view.put("notEligibleReason", cases.notEligibleReasonOf(caseNumber).orElse(null));
      view.put("createdAt", instance.getStartTime());
      view.put("closedAt", instance.getEndTime());
      return view;
    }));
  }

  /** What the case header shows, read in one go. */
  private static final List<String> HEADER_VARIABLES = List.of(ProcessVariables.CASE_NUMBER, ProcessVariables.NAME,
      ProcessVariables.NAME_MASKED, ProcessVariables.AGE, ProcessVariables.ID_NUMBER_MASKED,
      ProcessVariables.PHONE_MASKED, ProcessVariables.REGION, ProcessVariables.HOUSEHOLD_SIZE,
      ProcessVariables.MONTHLY_INCOME, ProcessVariables.RIGID_EXPENSES, ProcessVariables.CHILDREN_IN_SCHOOL,
      ProcessVariables.URGENT, ProcessVariables.CATEGORIES, ProcessVariables.DESCRIPTION,
      ProcessVariables.HARDSHIP_LEVEL, ProcessVariables.SERVICES_TEXT, ProcessVariables.VERIFICATION_NOTE,
      ProcessVariables.ROUTING_NOTE);

  /**
   * The case header in markdown; a line whose facts the task does not see is left out. A referral's task reads the
   * applicant's details from the case ({@link CaseScope}).
   */
  public static String header(VariableScope scope) {
    Map<String, Object> variables = CaseScope.variables(scope, HEADER_VARIABLES);
    List<String> lines = new ArrayList<>();
    String caseNumber = text(variables, ProcessVariables.CASE_NUMBER);
    lines.add(caseNumber == null ? "### 案件" : "### 案件 " + caseNumber);
    String name = text(variables, ProcessVariables.NAME);
    String applicant = name != null ? name : text(variables, ProcessVariables.NAME_MASKED);
    if (applicant != null) {
      StringBuilder line = new StringBuilder("**申请人**：").append(applicant);
      appendIfPresent(line, "，", text(variables, ProcessVariables.AGE), "岁");
      appendIfPresent(line, "，身份证 `", text(variables, ProcessVariables.ID_NUMBER_MASKED), "`");
      appendIfPresent(line, "，电话 `", text(variables, ProcessVariables.PHONE_MASKED), "`");
      appendIfPresent(line, "，地区 ", IntakeVocabulary.regionName(text(variables, ProcessVariables.REGION)), "");
      lines.add(line.toString());
    }
    if (variables.get(ProcessVariables.HOUSEHOLD_SIZE) != null) {
      lines.add("**家庭**：" + text(variables, ProcessVariables.HOUSEHOLD_SIZE) + "人，月收入 "
          + money(variables, ProcessVariables.MONTHLY_INCOME) + "，刚性支出 " + money(variables, ProcessVariables.RIGID_EXPENSES)
          + "，在读子女 " + text(variables, ProcessVariables.CHILDREN_IN_SCHOOL) + " 人");
    }
    Object urgentFlag = variables.get(ProcessVariables.URGENT);
    String urgent = urgentFlag != null ? "**紧急**：" + (CaseVariables.isTrue(urgentFlag) ? "是" : "否") : null;
    List<String> categories = CaseVariables.asStringList(variables.get(ProcessVariables.CATEGORIES));
    if (!categories.isEmpty()) {
      lines.add("**求助类别**：" + IntakeVocabulary.categoriesText(categories) + (urgent == null ? "" : "　" + urgent));
    } else if (urgent != null) {
      lines.add(urgent);
    }
    addIfPresent(lines, "**情况说明**：", text(variables, ProcessVariables.DESCRIPTION));
    String level = text(variables, ProcessVariables.HARDSHIP_LEVEL);
    String services = text(variables, ProcessVariables.SERVICES_TEXT);
    if (level != null || services != null) {
      List<String> parts = new ArrayList<>();
      if (level != null) {
        parts.add("**困难等级**：" + IntakeVocabulary.HARDSHIP_LEVEL_LABELS.getOrDefault(level, level));
      }
      if (services != null) {
        parts.add("**转介服务**：" + services);
      }
      lines.add(String.join("　", parts));
    }
    addIfPresent(lines, "**核实意见**：", text(variables, ProcessVariables.VERIFICATION_NOTE));
    addIfPresent(lines, "", text(variables, ProcessVariables.ROUTING_NOTE));
    return String.join("\n\n", lines);
  }

  private static void appendIfPresent(StringBuilder line, String before, String value, String after) {
    if (value != null) {
      line.append(before).append(value).append(after);
    }
  }

  private static void addIfPresent(List<String> lines, String label, String value) {
    if (value != null) {
      lines.add(label + value);
    }
  }

  /** A variable as the header prints it: numbers without trailing zeros (3000, not 3000.0), blanks as absent. */
  private static String text(Map<String, Object> variables, String name) {
    Object value = variables.get(name);
    if (value instanceof Number) {
      return CaseVariables.asDecimal(value).stripTrailingZeros().toPlainString();
    }
    return CaseVariables.asString(value);
  }

  /** An amount variable as 5,000.00 元; absent as "—". */
  private static String money(Map<String, Object> variables, String name) {
    Object value = variables.get(name);
    return value instanceof Number number ? IntakeVocabulary.money(number) : "—";
  }

  private Object variable(String processInstanceId, String name) {
    HistoricVariableInstance variable = historyService.createHistoricVariableInstanceQuery()
        .processInstanceId(processInstanceId).variableName(name).disableCustomObjectDeserialization().singleResult();
    return variable == null ? null : variable.getValue();
  }
}
