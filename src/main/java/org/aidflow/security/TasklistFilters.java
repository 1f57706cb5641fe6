package org.aidflow.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aidflow.shared.Groups;
import org.aidflow.shared.Organisation;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.organisation.UnitOpened;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.shared.ProcessVariables;
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
  private final OrganisationUnits units;

  /** The filters every group reads, beside its own unit's. */
  public static final String MY_TASKS = "我的任务";
  public static final String OVERDUE = "超期";

  public TasklistFilters(FilterService filterService, TaskService taskService, AuthorizationSetup authorizations,
      OrganisationUnits units) {
    this.filterService = filterService;
    this.taskService = taskService;
    this.authorizations = authorizations;
    this.units = units;
  }

  @EventListener
  @Order(2)
  public void onReady(ApplicationReadyEvent event) {
    List<String> everyone = new ArrayList<>();
    int priority = 0;
    for (OrganisationUnit unit : units.active()) {
      priority = createUnitFilters(unit, priority);
      everyone.add(unit.caseworkersGroup());
      everyone.add(unit.supervisorsGroup());
    }
    create("联合审批", "超过10000元的跨组织联合审批", priority++,
        inWorkOrder(taskService.createTaskQuery().taskCandidateGroup(Groups.SUPERVISORS).includeAssignedTasks()),
        List.of(Groups.SUPERVISORS));
    everyone.add(Groups.SUPERVISORS);
    // intake officers and designers have no org tasks, but Tasklist without any filter greets them with an error
    everyone.add(Groups.INTAKE_OFFICERS);
    everyone.add(Groups.DESIGNERS);
    create(MY_TASKS, "已认领的任务", priority++,
        inWorkOrder(taskService.createTaskQuery().taskAssigneeExpression("${currentUser()}")), everyone);
    // no group condition: each user sees the overdue tasks they may read, so caseworkers see their group's and
    // supervisors their organisation's (ServiceLevelListener shares each task with them), cross-org supervisors all
    create(OVERDUE, "已超过办理时限的任务（主管可见本单位全部）", priority,
        taskService.createTaskQuery().dueBeforeExpression("${now()}").orderByTaskPriority().desc().orderByDueDate().asc()
            .orderByProcessVariable(ProcessVariables.CASE_NUMBER, ValueType.STRING).asc(),
        everyone);
  }

  /** Names of a unit's filters: its caseworkers' work (待办) and its supervisors' decisions (审批). */
  public static String workFilterName(OrganisationUnit unit) {
    return unit.name() + "待办";
  }

  public static String decisionsFilterName(OrganisationUnit unit) {
    return unit.name() + "审批";
  }

  /** Filters of units made while running come after the start-up ones. */
  private static final int RUNTIME_FILTER_PRIORITY = 100;

  /** A unit made or reactivated while running gets its filters once its groups exist (AuthorizationSetup, order 1). */
  @EventListener
  @Order(2)
  public void onUnitOpened(UnitOpened opened) {
    createUnitFilters(opened.unit(), RUNTIME_FILTER_PRIORITY);
  }

  /**
   * A unit's two filters, and its groups' right to read the shared ones (我的任务, 超期), for a unit created while
   * the application runs; idempotent. Answers the next free priority.
   */
  public int createUnitFilters(OrganisationUnit unit, int priority) {
    create(workFilterName(unit), unit.name() + "经办人的待办任务", priority++,
        inWorkOrder(taskService.createTaskQuery().taskCandidateGroup(unit.caseworkersGroup()).includeAssignedTasks()),
        List.of(unit.caseworkersGroup()));
    create(decisionsFilterName(unit), unit.name() + "主管的审批与决定", priority++,
        inWorkOrder(taskService.createTaskQuery().taskCandidateGroup(unit.supervisorsGroup()).includeAssignedTasks()),
        List.of(unit.supervisorsGroup()));
    for (String shared : List.of(MY_TASKS, OVERDUE)) {
      Filter filter = filterService.createFilterQuery().filterName(shared).singleResult();
      if (filter != null) {
        authorizations.grant(unit.caseworkersGroup(), Resources.FILTER, filter.getId(), Permissions.READ);
        authorizations.grant(unit.supervisorsGroup(), Resources.FILTER, filter.getId(), Permissions.READ);
      }
    }
    return priority;
  }

  /** The columns of every filter: process variables in Chinese, labelled as caseworkers call them. */
  public static final List<Map<String, String>> COLUMNS = List.of(
      column(ProcessVariables.CASE_NUMBER, "案件编号"),
      column(ProcessVariables.NAME, "申请人"),
      column(ProcessVariables.URGENCY_TEXT, "紧急程度"),
      column(ProcessVariables.CATEGORIES_TEXT, "求助类别"),
      column(ProcessVariables.HARDSHIP_LEVEL_TEXT, "困难等级"),
      column(ProcessVariables.SERVICES_TEXT, "转介服务"));

  private static Map<String, String> column(String variable, String label) {
    Map<String, String> column = new LinkedHashMap<>();
    column.put("name", variable);
    column.put("label", label);
    return column;
  }

  /** Earliest due date first, then priority, highest first, then case number. */
  static TaskQuery inWorkOrder(TaskQuery query) {
    return query.orderByDueDate().asc().orderByTaskPriority().desc()
        .orderByProcessVariable(ProcessVariables.CASE_NUMBER, ValueType.STRING).asc();
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
