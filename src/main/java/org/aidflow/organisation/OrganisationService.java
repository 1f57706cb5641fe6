package org.aidflow.organisation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aidflow.shared.AlreadyExistsException;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.Organisation;
import org.aidflow.shared.ReferralRegistry.RegisteredReferral;
import org.aidflow.shared.ReferralRegistry;
import org.aidflow.shared.RefusedInputException;
import org.aidflow.shared.SystemContext;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, renaming and deactivating organisation units while the application runs (docs/organisation-units.md).
 * A new unit is usable at once: its groups, their rights and its Tasklist filters are made in the same transaction.
 * A deactivated unit's open work (cases, referrals, their tasks) goes to its nearest active parent.
 */
@Service
public class OrganisationService {

  private final OrganisationUnits units;
  private final CaseRegistry cases;
  private final ReferralRegistry referrals;
  private final CaseAccess access;
  private final TaskService taskService;
  private final AuthorizationService authorizationService;
  private final IdentityService identityService;
  private final JdbcTemplate jdbc;
  private final ApplicationEventPublisher events;
  private final Providers providers;

  public OrganisationService(OrganisationUnits units,
      CaseRegistry cases, ReferralRegistry referrals, CaseAccess access, TaskService taskService,
      AuthorizationService authorizationService, IdentityService identityService, JdbcTemplate jdbc,
      ApplicationEventPublisher events, Providers providers) {
    this.events = events;
    this.providers = providers;
    this.units = units;
    this.cases = cases;
    this.referrals = referrals;
    this.access = access;
    this.taskService = taskService;
    this.authorizationService = authorizationService;
    this.identityService = identityService;
    this.jdbc = jdbc;
  }

  /**
   * Creates a unit: code {@code <type>-<region>}; a city unit (4 digits) needs its type's active province unit, a
   * district unit (6 digits) its type's active city unit; a 2-digit region is a province of its own.
   */
  @Transactional
  public OrganisationUnit create(String code, String name) {
    if (code == null || !code.matches("[a-z]+-\\d+")) {
      throw RefusedInputException.of("code", "单位代码应为 <类型>-<地区代码>，如 union-330106",
          "code must be <type>-<region>");
    }
    String type = OrganisationUnit.typeOf(code);
    String region = code.substring(type.length() + 1);
    if (!Organisation.codes().contains(type)) {
      throw RefusedInputException.of("code", "单位类型须为 " + String.join("、", Organisation.codes()) + " 之一",
          "type must be one of " + String.join(", ", Organisation.codes()));
    }
    if (!region.matches("\\d{2}|\\d{4}|\\d{6}")) {
      throw RefusedInputException.of("code", "地区代码须为 2、4 或 6 位数字",
          "region must be 2, 4 or 6 digits (GB/T 2260)");
    }
    String checkedName = checkName(name);
    if (units.find(code).isPresent()) {
      throw new AlreadyExistsException("code", "单位已存在", "unit " + code + " exists");
    }
    String parent = null;
    if (region.length() > 2) {
      String parentRegion = region.substring(0, region.length() - 2);
      String parentCode = type + "-" + parentRegion;
      Optional<OrganisationUnit> found = units.find(parentCode);
      if (found.isEmpty() || !found.get().active()) {
        throw RefusedInputException.of("code", "上级单位 " + parentCode + " 不存在或已停用",
            "the parent unit " + parentCode + " (region " + parentRegion + ") does not exist or is inactive");
      }
      parent = parentCode;
    }
    OrganisationUnit unit = new OrganisationUnit(code, type, region, checkedName, parent, true);
    try {
      units.insert(unit);
    } catch (DuplicateKeyException e) {
      throw new AlreadyExistsException("code", "单位已存在", "unit " + code + " exists");
    }
    SystemContext.call(identityService, () -> {
      events.publishEvent(new UnitOpened(unit));
      return null;
    });
    return unit;
  }

  /**
   * Lets a service provider join the alliance (docs/service-orders.md): code {@code provider-<name>}, the services it
   * offers and the region prefixes it covers (its first region is the unit's region). It has no parent unit.
   */
  @Transactional
  public OrganisationUnit createProvider(String code, String name, List<String> services, List<String> regions) {
    if (code == null || !code.matches(Providers.CODE_PATTERN)) {
      throw RefusedInputException.of("code", "服务机构代码应为 provider-<名称>（2至20个小写字母或数字）",
          "code must be provider-<name>, 2 to 20 lower-case letters or digits");
    }
    String checkedName = checkName(name);
    List<String> checkedServices = checkServices(services);
    List<String> checkedRegions = checkRegions(regions);
    if (units.find(code).isPresent()) {
      throw new AlreadyExistsException("code", "单位已存在", "unit " + code + " exists");
    }
    OrganisationUnit unit = new OrganisationUnit(code, Providers.TYPE, checkedRegions.get(0), checkedName, null, true);
    try {
      units.insert(unit);
    } catch (DuplicateKeyException e) {
      throw new AlreadyExistsException("code", "单位已存在", "unit " + code + " exists");
    }
    providers.replace(code, checkedServices, checkedRegions);
    SystemContext.call(identityService, () -> {
      events.publishEvent(new UnitOpened(unit));
      return null;
    });
    return unit;
  }

  /** Changes what a provider offers or where (a null list stays as it is). */
  @Transactional
  public void updateProvider(OrganisationUnit unit, List<String> services, List<String> regions) {
    if (!Providers.TYPE.equals(unit.type())) {
      throw RefusedInputException.of(services != null ? "services" : "regions", "仅服务机构有服务项目和服务地区",
          "only providers have services and regions");
    }
    providers.replace(unit.code(), services == null ? null : checkServices(services),
        regions == null ? null : checkRegions(regions));
  }

  private static List<String> checkServices(List<String> services) {
    if (services == null || services.isEmpty() || !Providers.SERVICES.keySet().containsAll(services)) {
      throw RefusedInputException.of("services", "服务项目须为以下一项或多项：" + String.join("、",
          Providers.SERVICES.keySet()), "services: one or more of " + Providers.SERVICES.keySet());
    }
    return services.stream().distinct().toList();
  }

  private static List<String> checkRegions(List<String> regions) {
    if (regions == null || regions.isEmpty() || regions.size() > 50
        || !regions.stream().allMatch(r -> r != null && r.matches("33(\\d{2}){0,2}"))) {
      throw RefusedInputException.of("regions", "服务地区须为 1至50 个浙江省地区代码（33、4位或6位）",
          "regions: 1 to 50 region prefixes of Zhejiang (33, 4 or 6 digits)");
    }
    return regions.stream().distinct().toList();
  }

  /** What a deactivation moved. */
  public record Moved(String to, int cases, int referrals, int tasks) {
  }

  /** Renames and/or (de)activates a unit; deactivating moves its open work to its nearest active parent. */
  @Transactional
  public Optional<Moved> update(OrganisationUnit unit, String name, Boolean active) {
    String newName = name == null ? unit.name() : checkName(name);
    boolean nowActive = active == null ? unit.active() : active;
    if (Providers.TYPE.equals(unit.type())) {
      // a provider leaves: it is offered no new order; its open orders stay with it until it declines them
      units.update(unit.code(), newName, nowActive);
      if (!unit.active() && nowActive) {
        OrganisationUnit rejoined = new OrganisationUnit(unit.code(), unit.type(), unit.region(), newName, null, true);
        SystemContext.call(identityService, () -> {
          events.publishEvent(new UnitOpened(rejoined));
          return null;
        });
      }
      return Optional.empty();
    }
    if (!nowActive && unit.parent() == null) {
      throw RefusedInputException.of("active", "省级单位不能停用",
          "a province unit cannot be deactivated: it receives all work no lower unit takes");
    }
    units.update(unit.code(), newName, nowActive);
    if (unit.active() && !nowActive) {
      return Optional.of(SystemContext.call(identityService, () -> moveWork(unit.code())));
    }
    if (!unit.active() && nowActive) {
      OrganisationUnit reactivated = new OrganisationUnit(unit.code(), unit.type(), unit.region(), newName,
          unit.parent(), true);
      SystemContext.call(identityService, () -> {
        events.publishEvent(new UnitOpened(reactivated));
        return null;
      });
    }
    return Optional.empty();
  }

  private Moved moveWork(String code) {
    String target = units.ancestors(code).stream()
        .filter(ancestor -> units.find(ancestor).map(OrganisationUnit::active).orElse(false)).findFirst()
        .orElseThrow(() -> new IllegalStateException("unit " + code + " has no active parent"));
    List<String> caseInstances = jdbc.queryForList("SELECT process_instance_id FROM aid_case WHERE intake_unit = ?"
        + " AND status = ?", String.class, code, CaseRegistry.OPEN);
    int movedCases = cases.moveOpenCases(code, target);
    for (String instance : caseInstances) {
      access.grantReferral(authorizationService, instance, target, true);
    }
    List<RegisteredReferral> open = referrals.openAt(code);
    for (RegisteredReferral referral : open) {
      referrals.moveToUnit(referral.id(), target);
      access.grantReferral(authorizationService, referral.processInstanceId(), target, true);
    }
    int tasks = moveTasks(null, code, target);
    events.publishEvent(new UnitWorkMoved(code, target, null));
    return new Moved(target, movedCases, open.size(), tasks);
  }

  /** The open tasks of a process instance offered to a unit's supervisors (claimed ones included). */
  public List<Task> supervisorTasks(String processInstanceId, String unit) {
    return taskService.createTaskQuery().processInstanceId(processInstanceId)
        .taskCandidateGroup(unit + OrganisationUnit.SUPERVISORS).includeAssignedTasks().list();
  }

  /**
   * Offers these tasks to {@code to}'s supervisors instead of {@code from}'s (a claimed one is released): a second
   * approval waiting with the parent of a referral's old unit, when the referral moves under another parent.
   */
  public void moveSupervisorTasks(List<Task> tasks, String from, String to) {
    for (Task task : tasks) {
      taskService.deleteCandidateGroup(task.getId(), from + OrganisationUnit.SUPERVISORS);
      if (task.getAssignee() != null) {
        taskService.setAssignee(task.getId(), null);
      }
      taskService.addCandidateGroup(task.getId(), to + OrganisationUnit.SUPERVISORS);
      access.shareTaskWithSupervisors(authorizationService, task.getId(), to);
    }
  }

  /**
   * Moves the open tasks whose candidate group is one of {@code from}'s to {@code to}'s group of the same role (in
   * one process instance, or everywhere when {@code processInstanceId} is null); a claimed task is released, for
   * the new unit to take. Answers how many tasks moved.
   */
  public int moveTasks(String processInstanceId, String from, String to) {
    int moved = 0;
    for (String suffix : List.of(OrganisationUnit.CASEWORKERS, OrganisationUnit.SUPERVISORS)) {
      var query = taskService.createTaskQuery().taskCandidateGroup(from + suffix).includeAssignedTasks();
      if (processInstanceId != null) {
        query = query.processInstanceId(processInstanceId);
      }
      List<Task> found = new ArrayList<>(query.list());
      List<String> keep = access.supervisorsFromUnitUp(to);
      List<String> revoke = new ArrayList<>(access.supervisorsFromUnitUp(from));
      revoke.add(from + OrganisationUnit.CASEWORKERS);
      revoke.removeAll(keep);
      for (Task task : found) {
        taskService.deleteCandidateGroup(task.getId(), from + suffix);
        // the engine leaves a removed candidate's grant (and a released assignee's) on the task: taken off here
        for (var grant : authorizationService.createAuthorizationQuery()
            .resourceType(org.camunda.bpm.engine.authorization.Resources.TASK).resourceId(task.getId())
            .groupIdIn(revoke.toArray(String[]::new)).list()) {
          authorizationService.deleteAuthorization(grant.getId());
        }
        if (task.getAssignee() != null) {
          taskService.setAssignee(task.getId(), null);
          for (var grant : authorizationService.createAuthorizationQuery()
              .resourceType(org.camunda.bpm.engine.authorization.Resources.TASK).resourceId(task.getId())
              .userIdIn(task.getAssignee()).list()) {
            authorizationService.deleteAuthorization(grant.getId());
          }
        }
        taskService.addCandidateGroup(task.getId(), to + suffix);
        access.shareTaskWithSupervisors(authorizationService, task.getId(), to);
        moved++;
      }
    }
    return moved;
  }

  private static String checkName(String name) {
    String stripped = name == null ? "" : name.strip();
    if (stripped.isEmpty() || stripped.length() > 100) {
      throw RefusedInputException.of("name", "请填写单位中文名称（1至100字）",
          "name: the unit's Chinese name, 1 to 100 characters");
    }
    return stripped;
  }
}
