package org.aidflow.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aidflow.shared.CaseModel;
import org.aidflow.shared.Groups;
import org.aidflow.shared.Organisation;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.camunda.bpm.engine.variable.type.ValueType;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The Tasklist filters each group sees, created at start-up where missing (matched by name; an existing filter gets
 * the current query and columns, while who may read it stays as the administrators left it). Every filter lists the
 * most pressing work first, by due date, then priority (urgent cases rank higher), then case number, and shows the
 * case in Chinese: number, applicant, urgency, categories, hardship level and the services referred.
 */
@Component
public class TasklistFilters {

  private final FilterService filterService;
  private final TaskService taskService;
  private final AuthorizationSetup authorizations;

  public TasklistFilters(FilterService filterService, TaskService taskService, AuthorizationSetup authorizations) {
    this.filterService = filterService;
    this.taskService = taskService;
    this.authorizations = authorizations;
  }

  @EventListener
  @Order(2)
  public void onReady(ApplicationReadyEvent event) {
    List<String> everyone = new ArrayList<>();
    int priority = 0;
    for (Organisation org : Organisation.values()) {
      create(org.shortName() + "待办", org.chineseName() + "经办人的待办任务", priority++,
          inWorkOrder(taskService.createTaskQuery().taskCandidateGroup(org.caseworkersGroup()).includeAssignedTasks()),
          List.of(org.caseworkersGroup()));
      create(org.shortName() + "审批", org.chineseName() + "主管的审批与决定", priority++,
          inWorkOrder(taskService.createTaskQuery().taskCandidateGroup(org.supervisorsGroup()).includeAssignedTasks()),
          List.of(org.supervisorsGroup()));
      everyone.add(org.caseworkersGroup());
      everyone.add(org.supervisorsGroup());
    }
    create("联合审批", "超过10000元的跨组织联合审批", priority++,
        inWorkOrder(taskService.createTaskQuery().taskCandidateGroup(Groups.SUPERVISORS).includeAssignedTasks()),
        List.of(Groups.SUPERVISORS));
    everyone.add(Groups.SUPERVISORS);
    // intake officers and designers have no org tasks, but Tasklist without any filter greets them with an error
    everyone.add(Groups.INTAKE_OFFICERS);
    everyone.add(Groups.DESIGNERS);
    create("我的任务", "已认领的任务", priority++,
        inWorkOrder(taskService.createTaskQuery().taskAssigneeExpression("${currentUser()}")), everyone);
    // no group condition: each user sees the overdue tasks they may read, so caseworkers see their group's and
    // supervisors their organisation's (ServiceLevelListener shares each task with them), cross-org supervisors all
    create("超期", "已超过办理时限的任务（主管可见本单位全部）", priority,
        taskService.createTaskQuery().dueBeforeExpression("${now()}").orderByTaskPriority().desc().orderByDueDate().asc()
            .orderByProcessVariable(CaseModel.Var.CASE_NUMBER, ValueType.STRING).asc(),
        everyone);
  }

  /** The columns of every filter: process variables in Chinese, labelled as caseworkers call them. */
  public static final List<Map<String, String>> COLUMNS = List.of(
      column(CaseModel.Var.CASE_NUMBER, "案件编号"),
      column(CaseModel.Var.NAME, "申请人"),
      column(CaseModel.Var.URGENCY_TEXT, "紧急程度"),
      column(CaseModel.Var.CATEGORIES_TEXT, "求助类别"),
      column(CaseModel.Var.HARDSHIP_LEVEL_TEXT, "困难等级"),
      column(CaseModel.Var.SERVICES_TEXT, "转介服务"));

  private static Map<String, String> column(String variable, String label) {
    Map<String, String> column = new LinkedHashMap<>();
    column.put("name", variable);
    column.put("label", label);
    return column;
  }

  /** Earliest due date first, then priority, highest first, then case number. */
  static TaskQuery inWorkOrder(TaskQuery query) {
    return query.orderByDueDate().asc().orderByTaskPriority().desc()
        .orderByProcessVariable(CaseModel.Var.CASE_NUMBER, ValueType.STRING).asc();
  }

  private void create(String name, String description, int priority, TaskQuery query, List<String> readers) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("description", description);
    properties.put("priority", priority);
    properties.put("refresh", true);
    properties.put("variables", COLUMNS);
    Filter existing = filterService.createFilterQuery().filterName(name).singleResult();
    if (existing != null) {
      // an upgrade brings the filter's query and columns up to date; who may read it stays as the administrators left it
      filterService.saveFilter(existing.setQuery(query).setProperties(properties));
      return;
    }
    Filter filter = filterService.newTaskFilter(name).setQuery(query).setProperties(properties);
    filterService.saveFilter(filter);
    for (String group : readers) {
      authorizations.grant(group, Resources.FILTER, filter.getId(), Permissions.READ);
    }
  }
}
