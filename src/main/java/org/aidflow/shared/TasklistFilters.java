package org.aidflow.shared;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aidflow.security.AuthorizationSetup;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The Tasklist filters each group sees, created at start-up where missing (matched by name, so a filter an
 * administrator changed in Tasklist is left as it is).
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
          taskService.createTaskQuery().taskCandidateGroup(org.caseworkersGroup()).includeAssignedTasks()
              .orderByDueDate().asc(), List.of(org.caseworkersGroup()));
      create(org.shortName() + "审批", org.chineseName() + "主管的审批与决定", priority++,
          taskService.createTaskQuery().taskCandidateGroup(org.supervisorsGroup()).includeAssignedTasks()
              .orderByDueDate().asc(), List.of(org.supervisorsGroup()));
      everyone.add(org.caseworkersGroup());
      everyone.add(org.supervisorsGroup());
    }
    create("联合审批", "超过10000元的跨组织联合审批", priority++,
        taskService.createTaskQuery().taskCandidateGroup(Groups.SUPERVISORS).includeAssignedTasks()
            .orderByDueDate().asc(), List.of(Groups.SUPERVISORS));
    everyone.add(Groups.SUPERVISORS);
    // intake officers and designers have no org tasks, but Tasklist without any filter greets them with an error
    everyone.add(Groups.INTAKE_OFFICERS);
    everyone.add(Groups.DESIGNERS);
    create("我的任务", "已认领的任务", priority++,
        taskService.createTaskQuery().taskAssigneeExpression("${currentUser()}").orderByDueDate().asc(), everyone);
    // no group condition: each user sees the overdue tasks they may read, so caseworkers see their group's and
    // supervisors their organisation's (ServiceLevelListener shares each task with them), cross-org supervisors all
    create("超期", "已超过办理时限的任务（主管可见本单位全部）", priority,
        taskService.createTaskQuery().dueBeforeExpression("${now()}").orderByTaskPriority().desc().orderByDueDate().asc(),
        everyone);
  }

  private void create(String name, String description, int priority, TaskQuery query, List<String> readers) {
    Filter existing = filterService.createFilterQuery().filterName(name).singleResult();
    if (existing != null) {
      // an upgrade brings the filter's query up to date; who may read it stays as the administrators left it
      filterService.saveFilter(existing.setQuery(query));
      return;
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("description", description);
    properties.put("priority", priority);
    properties.put("refresh", true);
    properties.put("variables", List.of(
        Map.of("name", CaseModel.Var.CASE_NUMBER, "label", "案件编号"),
        Map.of("name", CaseModel.Var.NAME, "label", "申请人"),
        Map.of("name", CaseModel.Var.URGENT, "label", "紧急")));
    Filter filter = filterService.newTaskFilter(name).setQuery(query).setProperties(properties);
    filterService.saveFilter(filter);
    for (String group : readers) {
      authorizations.grant(group, Resources.FILTER, filter.getId(), Permissions.READ);
    }
  }
}
