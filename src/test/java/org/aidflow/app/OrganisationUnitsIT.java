package org.aidflow.app;

import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.aidflow.organisation.OrganisationService;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.security.TasklistFilters;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.ReferralModel;
import org.aidflow.support.ApplicationTest;
import org.aidflow.support.TestUnits;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Organisation units and jurisdiction (docs/organisation-units.md) on PostgreSQL: routing to the most specific active
 * unit, who sees what along the tree, units made over the API usable at once, and transfers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganisationUnitsIT extends ApplicationTest {

  @Autowired RuntimeService runtimeService;
  @Autowired org.camunda.bpm.engine.ManagementService managementService;
  @Autowired TaskService taskService;
  @Autowired FilterService filterService;
  @Autowired JdbcTemplate jdbc;
  @Autowired TestRestTemplate http;
  @Autowired OrganisationUnits units;
  @Autowired OrganisationService organisations;
  @Autowired org.aidflow.organisation.UnitGroupMigration unitGroupMigration;

  @BeforeAll
  void units() {
    TestUnits.ensure(units, organisations, identityService);
  }

  // ------------------------------------------------------------------ routing

  @Test
  void workGoesToTheMostSpecificActiveUnitOfTheApplicantsRegion() {
    assertThat(routedTo(TestUnits.DISTRICT_REGION)).isEqualTo(TestUnits.DISTRICT);
    // no district unit for 金东区: 金华's city unit
    assertThat(routedTo(TestUnits.CITY_ONLY_REGION)).isEqualTo(TestUnits.CITY);
    // no unit for 衢州 at all: the province's
    assertThat(routedTo(TestUnits.PROVINCE_ONLY_REGION)).isEqualTo("union-33");
    assertThat(routedTo(TestUnits.OTHER_DISTRICT_REGION)).isEqualTo(TestUnits.OTHER_DISTRICT);
  }

  @Test
  void aUnitsAncestorsAreItsParentsNearestFirstUpToTheProvince() {
    assertThat(units.ancestors(TestUnits.DISTRICT)).containsExactly(TestUnits.CITY, "union-33");
    assertThat(units.ancestors(TestUnits.CITY)).containsExactly("union-33");
    assertThat(units.ancestors("union-33")).isEmpty();
    assertThat(units.ancestors("union-nowhere")).isEmpty();
  }

  @Test
  void aUnitAskedAboutBeforeItIsMadeHasItsChainOnceMadeAndTheChainIsNotReadAgain() {
    String code = "union-330784";
    assertThat(units.find(code)).as("a unit this test makes").isEmpty();
    assertThat(units.ancestors(code)).isEmpty();

    ResponseEntity<Map> created = send("admin", HttpMethod.POST, "/api/organisations",
        "{\"code\": \"" + code + "\", \"name\": \"永康市总工会\"}");
    assertThat(created.getStatusCode().value()).isEqualTo(201);

    List<String> chain = units.ancestors(code);
    assertThat(chain).containsExactly(TestUnits.CITY, "union-33");
    assertThat(units.ancestors(code)).as("kept from the first read").isSameAs(chain);
  }

  @Test
  void anInactiveUnitIsPassedOverAndItsOpenWorkGoesToItsParent() {
    String code = "union-330723";
    if (units.find(code).isEmpty()) {
      organisations.create(code, "武义县总工会");
    }
    ProcessInstance before = startCase("330723");
    assertThat(candidateGroups(task(before))).containsExactly(code + "-caseworkers");

    ResponseEntity<Map> answer = send("admin", HttpMethod.PATCH, "/api/organisations/" + code, "{\"active\": false}");
    assertThat(answer.getStatusCode().value()).isEqualTo(200);
    assertThat(answer.getBody()).containsEntry("active", false);
    assertThat((Map<String, Object>) answer.getBody().get("movedTo")).containsEntry("unit", TestUnits.CITY)
        .containsEntry("cases", 1).containsEntry("tasks", 1);

    // its open task and case now are the city's; new work for its region goes to the city too
    assertThat(candidateGroups(task(before))).containsExactly(TestUnits.CITY + "-caseworkers");
    assertThat(intakeUnit(before)).isEqualTo(TestUnits.CITY);
    assertThat(as(TestUnits.CITY + "-worker", () -> taskService.createTaskQuery().taskId(task(before).getId()).count()))
        .isOne();
    assertThat(routedTo("330723")).isEqualTo(TestUnits.CITY);
    // a province unit cannot be deactivated
    ResponseEntity<Map> province = send("admin", HttpMethod.PATCH, "/api/organisations/union-33", "{\"active\": false}");
    assertThat(province.getStatusCode().value()).isEqualTo(400);
    assertThat(province.getBody()).containsEntry("field", "active");
  }

  @Test
  void referralsGoToTheReceivingOrganisationsUnitOfTheRegion() {
    ProcessInstance aidCase = startCase(TestUnits.DISTRICT_REGION);
    verify(aidCase, TestUnits.DISTRICT + "-worker");
    // the default applicant is DEEP with an employer: the union's hardship grant and civil affairs' safety net
    assertThat(jdbc.queryForList("SELECT unit FROM case_referral WHERE case_number = ? ORDER BY unit", String.class,
        aidCase.getBusinessKey())).containsExactly("civil-33", TestUnits.DISTRICT);
    ProcessInstance union = referral(aidCase, "union");
    assertThat(candidateGroups(task(union))).containsExactly(TestUnits.DISTRICT + "-caseworkers");
  }

  // ------------------------------------------------------------------ who sees what

  @Test
  void aCityLeadSeesItsDistrictsTasksAndCasesButNotAnotherCitys() {
    ProcessInstance district = startCase(TestUnits.DISTRICT_REGION);
    ProcessInstance otherCity = startCase(TestUnits.OTHER_DISTRICT_REGION);
    String districtTask = task(district).getId();
    String otherTask = task(otherCity).getId();

    assertThat(sees(TestUnits.CITY + "-lead", districtTask)).isTrue();
    assertThat(readsCase(TestUnits.CITY + "-lead", district)).isTrue();
    assertThat(sees(TestUnits.CITY + "-lead", otherTask)).isFalse();
    assertThat(readsCase(TestUnits.CITY + "-lead", otherCity)).isFalse();
    // the province's lead sees both, the other city's lead only its own
    assertThat(sees("union-lead", districtTask)).isTrue();
    assertThat(sees("union-lead", otherTask)).isTrue();
    assertThat(sees(TestUnits.OTHER_CITY + "-lead", otherTask)).isTrue();
    assertThat(sees(TestUnits.OTHER_CITY + "-lead", districtTask)).isFalse();
    // the city's workers do not see the district's work, nor does the province's worker
    assertThat(sees(TestUnits.CITY + "-worker", districtTask)).isFalse();
    assertThat(sees("union-worker", districtTask)).isFalse();
    // the city lead's overdue filter (超期) lists what they may read
    String overdue = filterService.createFilterQuery().filterName(TasklistFilters.OVERDUE).singleResult().getId();
    assertThat(as(TestUnits.CITY + "-lead", () -> filterService.count(overdue))).isNotNull();
  }

  @Test
  void aCityLeadsCockpitFiguresAreItsRegionsAndNotAnotherCitys() {
    TestRestTemplate lead = http.withBasicAuth(TestUnits.CITY + "-lead", "demo");
    assertThat(lead.getForEntity("/api/cockpit/indicators", String.class).getStatusCode().value()).isEqualTo(200);
    assertThat(lead.getForEntity("/api/cockpit/indicators?region=330702", String.class).getStatusCode().value())
        .isEqualTo(200);
    assertThat(lead.getForEntity("/api/cockpit/indicators?region=3306", String.class).getStatusCode().value())
        .isEqualTo(403);
    assertThat(lead.getForEntity("/api/cockpit/indicators?region=33", String.class).getStatusCode().value())
        .isEqualTo(403);
    assertThat(lead.getForEntity("/api/cockpit/indicators?org=women", String.class).getStatusCode().value())
        .isEqualTo(403);
    // the province's union lead sees every region
    assertThat(http.withBasicAuth("union-lead", "demo").getForEntity("/api/cockpit/indicators?region=3306",
        String.class).getStatusCode().value()).isEqualTo(200);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aCityLeadsCockpitCountsItsUnitAndTheUnitsBelowByTheCasesUnitNotByRegion() {
    ProcessInstance district = startCase(TestUnits.DISTRICT_REGION);
    ProcessInstance city = startCase(TestUnits.CITY_ONLY_REGION);
    ProcessInstance otherCity = startCase(TestUnits.OTHER_DISTRICT_REGION);
    ProcessInstance province = startCase(TestUnits.PROVINCE_ONLY_REGION);
    // the rows carry the intake unit
    assertThat(jdbc.queryForObject("SELECT unit FROM cockpit_case WHERE case_number = ?", String.class,
        district.getBusinessKey())).isEqualTo(TestUnits.DISTRICT);
    assertThat(jdbc.queryForObject("SELECT unit FROM cockpit_case WHERE case_number = ?", String.class,
        province.getBusinessKey())).isEqualTo("union-33");

    Map<String, Long> cityLead = byUnit(TestUnits.CITY + "-lead", "");
    assertThat(cityLead).containsKeys(TestUnits.DISTRICT, TestUnits.CITY)
        .doesNotContainKeys(TestUnits.OTHER_DISTRICT, TestUnits.OTHER_CITY, "union-33", TestUnits.WOMEN_CITY);
    assertThat(byUnit(TestUnits.DISTRICT + "-lead", "")).containsOnlyKeys(TestUnits.DISTRICT);
    assertThat(byUnit(TestUnits.OTHER_CITY + "-lead", "")).containsKey(TestUnits.OTHER_DISTRICT)
        .doesNotContainKeys(TestUnits.DISTRICT, TestUnits.CITY);
    // the unit filter: a unit below one's own, not a sibling's or another city's
    assertThat(byUnit(TestUnits.CITY + "-lead", "unit=" + TestUnits.DISTRICT)).containsOnlyKeys(TestUnits.DISTRICT);
    TestRestTemplate lead = http.withBasicAuth(TestUnits.DISTRICT + "-lead", "demo");
    assertThat(lead.getForEntity("/api/cockpit/indicators?unit=" + TestUnits.CITY, String.class).getStatusCode()
        .value()).isEqualTo(403);
    assertThat(lead.getForEntity("/api/cockpit/indicators?unit=" + TestUnits.OTHER_DISTRICT, String.class)
        .getStatusCode().value()).isEqualTo(403);
    assertThat(lead.getForEntity("/api/cockpit/indicators?unit=union", String.class).getStatusCode().value())
        .isEqualTo(400);
    // the province's union lead and the cross-organisation supervisors see every unit; administrators no figures
    assertThat(byUnit("union-lead", "")).containsKeys(TestUnits.DISTRICT, TestUnits.OTHER_DISTRICT, "union-33");
    assertThat(byUnit("supervisor", "")).containsKeys(TestUnits.DISTRICT, TestUnits.OTHER_DISTRICT, "union-33");
    assertThat(http.withBasicAuth("admin", "demo").getForEntity("/api/cockpit/indicators", String.class)
        .getStatusCode().value()).isEqualTo(403);
    assertThat(byUnit("union-lead", "unit=" + TestUnits.CITY)).containsKeys(TestUnits.DISTRICT, TestUnits.CITY)
        .doesNotContainKeys(TestUnits.OTHER_DISTRICT, "union-33");

    // the monthly report as CSV: the same units
    String csv = http.withBasicAuth(TestUnits.CITY + "-lead", "demo").getForObject("/api/cockpit/indicators.csv",
        String.class);
    assertThat(csv).contains(TestUnits.DISTRICT, TestUnits.CITY).doesNotContain(TestUnits.OTHER_DISTRICT);
    assertThat(city.getBusinessKey()).isNotEqualTo(otherCity.getBusinessKey());
  }

  /** The cases received this year per intake unit, as the user's indicators API answers. */
  @SuppressWarnings("unchecked")
  private Map<String, Long> byUnit(String user, String query) {
    ResponseEntity<Map> answer = http.withBasicAuth(user, "demo").getForEntity("/api/cockpit/indicators?" + query,
        Map.class);
    assertThat(answer.getStatusCode().value()).as(user + " " + query).isEqualTo(200);
    Map<String, Number> counts = (Map<String, Number>) ((Map<String, Object>) answer.getBody().get("received"))
        .get("byUnit");
    Map<String, Long> result = new java.util.TreeMap<>();
    counts.forEach((unit, count) -> result.put(unit, count.longValue()));
    return result;
  }

  // ------------------------------------------------------------------ the API

  @Test
  void aUnitMadeOverTheApiIsUsableAtOnce() {
    String code = "union-330781";
    if (units.find(code).isEmpty()) {
      ResponseEntity<Map> created = send("admin", HttpMethod.POST, "/api/organisations",
          "{\"code\": \"" + code + "\", \"name\": \"兰溪市总工会\"}");
      assertThat(created.getStatusCode().value()).isEqualTo(201);
      assertThat(created.getBody()).containsEntry("parent", TestUnits.CITY).containsEntry("level", "district")
          .containsEntry("caseworkersGroup", code + "-caseworkers");
    }
    assertThat(identityService.createGroupQuery().groupIdIn(code + "-caseworkers", code + "-supervisors").count())
        .isEqualTo(2);
    TestUnits.user(identityService, code + "-worker", code + "-caseworkers");

    ProcessInstance aidCase = startCase("330781");
    Task verification = task(aidCase);
    assertThat(candidateGroups(verification)).containsExactly(code + "-caseworkers");
    // the worker sees it in the unit's Tasklist filter and works it
    String filter = filterService.createFilterQuery().filterName("兰溪市总工会待办").singleResult().getId();
    List<String> listed = as(code + "-worker", () -> filterService.<Task>listPage(filter, 0, 500).stream()
        .map(Task::getId).toList());
    assertThat(listed).contains(verification.getId());
    as(code + "-worker", () -> {
      taskService.claim(verification.getId(), code + "-worker");
      taskService.complete(verification.getId(), Map.of(VERIFIED, false, VERIFICATION_NOTE, "不属实",
          UNVERIFIED_REASON, "不属实"));
      return null;
    });
  }

  @Test
  void badCodesUnknownParentsDuplicatesAndNonAdminsAreRefused() {
    assertProblem(send("admin", HttpMethod.POST, "/api/organisations", "{\"code\": \"bank-3301\", \"name\": \"银行\"}"),
        400, "code");
    ResponseEntity<Map> badRegion = send("admin", HttpMethod.POST, "/api/organisations",
        "{\"code\": \"union-33011\", \"name\": \"某\"}");
    assertProblem(badRegion, 400, "code");
    assertThat(badRegion.getBody()).containsEntry("detail", "地区代码须为 2、4 或 6 位数字 / region must be 2, 4 or 6 digits"
        + " (GB/T 2260)");
    // 丽水 (3311) has no city union unit, so no district unit can hang below it
    ResponseEntity<Map> noParent = send("admin", HttpMethod.POST, "/api/organisations",
        "{\"code\": \"union-331102\", \"name\": \"莲都区总工会\"}");
    assertProblem(noParent, 400, "code");
    assertThat(noParent.getBody()).containsEntry("detail", "上级单位 union-3311 不存在或已停用 / the parent unit union-3311"
        + " (region 3311) does not exist or is inactive");
    assertProblem(send("admin", HttpMethod.POST, "/api/organisations", "{\"code\": \"union-3308\"}"), 400, "name");
    ResponseEntity<Map> duplicate = send("admin", HttpMethod.POST, "/api/organisations",
        "{\"code\": \"" + TestUnits.CITY + "\", \"name\": \"金华市总工会\"}");
    assertProblem(duplicate, 409, "code");
    assertThat(duplicate.getBody()).containsEntry("detail", "单位已存在 / unit " + TestUnits.CITY + " exists")
        .containsEntry("status", 409);
    assertProblem(send("union-lead", HttpMethod.POST, "/api/organisations",
        "{\"code\": \"union-3309\", \"name\": \"舟山市总工会\"}"), 403, "user");
    assertThat(units.find("union-3309")).isEmpty();
    ResponseEntity<List> listed = http.withBasicAuth("union-worker", "demo").getForEntity("/api/organisations",
        List.class);
    assertThat(listed.getStatusCode().value()).isEqualTo(200);
    assertThat(listed.getBody()).isNotEmpty();
  }

  // ------------------------------------------------------------------ transfer

  @Test
  void aTransferredReferralsTaskMovesAndTheAuditShowsIt() {
    ProcessInstance aidCase = startCase(TestUnits.DISTRICT_REGION);
    verify(aidCase, TestUnits.DISTRICT + "-worker");
    ProcessInstance union = referral(aidCase, "union");
    long id = jdbc.queryForObject("SELECT id FROM case_referral WHERE process_instance_id = ?", Long.class,
        union.getId());
    String body = "{\"unit\": \"" + TestUnits.OTHER_DISTRICT + "\", \"reason\": \"申请人已迁居越城区\"}";

    // neither the district's worker nor another city's lead may move it
    assertProblem(send(TestUnits.DISTRICT + "-worker", HttpMethod.POST, "/api/referrals/" + id + "/transfer", body),
        403, "id");
    assertThat(send(TestUnits.OTHER_CITY + "-lead", HttpMethod.POST, "/api/referrals/" + id + "/transfer", body)
        .getStatusCode().value()).isEqualTo(404);
    assertProblem(send(TestUnits.DISTRICT + "-lead", HttpMethod.POST, "/api/referrals/" + id + "/transfer",
        "{\"unit\": \"civil-33\", \"reason\": \"错转\"}"), 400, "unit");
    assertProblem(send(TestUnits.DISTRICT + "-lead", HttpMethod.POST, "/api/referrals/" + id + "/transfer",
        "{\"unit\": \"" + TestUnits.OTHER_DISTRICT + "\"}"), 400, "reason");

    ResponseEntity<Map> moved = send(TestUnits.DISTRICT + "-lead", HttpMethod.POST,
        "/api/referrals/" + id + "/transfer", body);
    assertThat(moved.getStatusCode().value()).isEqualTo(200);

    Task acceptance = task(union);
    assertThat(candidateGroups(acceptance)).containsExactly(TestUnits.OTHER_DISTRICT + "-caseworkers");
    assertThat(jdbc.queryForObject("SELECT unit FROM case_referral WHERE id = ?", String.class, id))
        .isEqualTo(TestUnits.OTHER_DISTRICT);
    // the cockpit counts the referral at its new unit, in its rows and rollup
    assertThat(jdbc.queryForObject("SELECT unit FROM cockpit_referral WHERE referral_id = ?", String.class, id))
        .isEqualTo(TestUnits.OTHER_DISTRICT);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cockpit_referral WHERE unit = ?", Long.class,
        TestUnits.OTHER_DISTRICT)).isEqualTo(jdbc.queryForObject("SELECT COALESCE(SUM(referrals), 0)"
        + " FROM cockpit_referral_rollup WHERE unit = ?", Long.class, TestUnits.OTHER_DISTRICT));
    assertThat(sees(TestUnits.DISTRICT + "-worker", acceptance.getId())).isFalse();
    assertThat(sees(TestUnits.OTHER_DISTRICT + "-worker", acceptance.getId())).isTrue();
    assertThat(sees(TestUnits.OTHER_CITY + "-lead", acceptance.getId())).isTrue();
    as(TestUnits.OTHER_DISTRICT + "-worker", () -> {
      taskService.claim(acceptance.getId(), TestUnits.OTHER_DISTRICT + "-worker");
      return null;
    });

    ResponseEntity<Map> audit = http.withBasicAuth("supervisor", "demo")
        .getForEntity("/api/cases/" + aidCase.getBusinessKey() + "/audit", Map.class);
    assertThat((List<Map<String, Object>>) audit.getBody().get("entries")).anySatisfy(entry -> {
      assertThat(entry).containsEntry("operation", "Transfer").containsEntry("user", TestUnits.DISTRICT + "-lead")
          .containsEntry("reason", "申请人已迁居越城区");
      assertThat((List<String>) entry.get("changes")).contains("unit", "reason");
    });
  }

  @Test
  void afterATransferTheOldUnitLosesTheReferralAndItsEscalationGoesToTheNewUnitsSupervisors() {
    ProcessInstance aidCase = startCase(TestUnits.DISTRICT_REGION);
    verify(aidCase, TestUnits.DISTRICT + "-worker");
    ProcessInstance union = referral(aidCase, "union");
    long id = jdbc.queryForObject("SELECT id FROM case_referral WHERE process_instance_id = ?", Long.class,
        union.getId());
    Task acceptance = task(union);
    assertThat(readsCase(TestUnits.DISTRICT + "-worker", union)).isTrue();
    // the acceptance is late: the district's supervisors get an escalation
    managementService.executeJob(managementService.createJobQuery().processInstanceId(union.getId())
        .activityId(ReferralModel.ACCEPTANCE_OVERDUE).singleResult().getId());
    String escalationInstance = jdbc.queryForObject("SELECT escalation_instance_id FROM escalation"
        + " WHERE process_instance_id = ?", String.class, union.getId());
    Task escalation = taskService.createTaskQuery().processInstanceId(escalationInstance).singleResult();
    assertThat(candidateGroups(escalation)).containsExactly(TestUnits.DISTRICT + "-supervisors");
    assertThat(sees(TestUnits.DISTRICT + "-lead", escalation.getId())).isTrue();

    ResponseEntity<Map> moved = send(TestUnits.DISTRICT + "-lead", HttpMethod.POST,
        "/api/referrals/" + id + "/transfer", "{\"unit\": \"" + TestUnits.OTHER_DISTRICT + "\", \"reason\": \"迁居\"}");
    assertThat(moved.getStatusCode().value()).isEqualTo(200);

    // the old unit (and its city, which is not above the new one) no longer read the referral or its task
    for (String user : List.of(TestUnits.DISTRICT + "-worker", TestUnits.DISTRICT + "-lead", TestUnits.CITY + "-lead")) {
      assertThat(readsCase(user, union)).as(user).isFalse();
      assertThat(as(user, () -> historyService.createHistoricProcessInstanceQuery().processInstanceId(union.getId())
          .count())).as(user).isZero();
      assertThat(sees(user, acceptance.getId())).as(user).isFalse();
    }
    assertThatThrownBy(() -> as(TestUnits.DISTRICT + "-worker", () -> {
      taskService.claim(acceptance.getId(), TestUnits.DISTRICT + "-worker");
      return null;
    })).isInstanceOf(org.camunda.bpm.engine.ProcessEngineException.class);
    // the province's lead, above both, still reads it; the new unit and its city do
    assertThat(readsCase("union-lead", union)).isTrue();
    assertThat(readsCase(TestUnits.OTHER_DISTRICT + "-worker", union)).isTrue();
    assertThat(readsCase(TestUnits.OTHER_CITY + "-lead", union)).isTrue();

    // the escalation moved to the new unit's supervisors
    assertThat(candidateGroups(escalation)).containsExactly(TestUnits.OTHER_DISTRICT + "-supervisors");
    assertThat(runtimeService.getVariable(escalationInstance, ORG)).isEqualTo(TestUnits.OTHER_DISTRICT);
    assertThat(sees(TestUnits.DISTRICT + "-lead", escalation.getId())).isFalse();
    assertThat(readsCase(TestUnits.DISTRICT + "-lead",
        runtimeService.createProcessInstanceQuery().processInstanceId(escalationInstance).singleResult())).isFalse();
    assertThatThrownBy(() -> as(TestUnits.DISTRICT + "-lead", () -> {
      taskService.claim(escalation.getId(), TestUnits.DISTRICT + "-lead");
      return null;
    })).isInstanceOf(org.camunda.bpm.engine.ProcessEngineException.class);
    assertThat(sees(TestUnits.OTHER_DISTRICT + "-lead", escalation.getId())).isTrue();
    as(TestUnits.OTHER_DISTRICT + "-lead", () -> {
      taskService.claim(escalation.getId(), TestUnits.OTHER_DISTRICT + "-lead");
      return null;
    });
  }

  // ------------------------------------------------------------------ upgrade

  /**
   * A database from before units: an organisation's old group with a member, a task offered to it and its grant move
   * onto the province unit's group at start-up (UnitGroupMigration), once.
   */
  @Test
  void anOldOrganisationGroupMovesOntoItsProvinceUnit() {
    String old = "youth-caseworkers";
    org.camunda.bpm.engine.identity.Group group = identityService.newGroup(old);
    group.setName("共青团经办人");
    identityService.saveGroup(group);
    TestUnits.user(identityService, "legacy-youth-worker", old);
    ProcessInstance aidCase = startCase(TestUnits.PROVINCE_ONLY_REGION);
    String taskId = task(aidCase).getId();
    taskService.addCandidateGroup(taskId, old);

    assertThat(unitGroupMigration.migrate()).isOne();

    assertThat(identityService.createGroupQuery().groupId(old).count()).isZero();
    assertThat(identityService.createUserQuery().userId("legacy-youth-worker").memberOfGroup("youth-33-caseworkers")
        .count()).isOne();
    assertThat(candidateGroups(task(aidCase))).containsExactlyInAnyOrder("union-33-caseworkers", "youth-33-caseworkers");
    assertThat(as("legacy-youth-worker", () -> taskService.createTaskQuery().taskId(taskId).count())).isOne();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM act_ru_authorization WHERE group_id_ = ?", Long.class, old))
        .isZero();
    assertThat(unitGroupMigration.migrate()).isZero();
  }

  // ------------------------------------------------------------------ cost

  /**
   * Authorization rows per case, for docs/benchmark-and-tuning.md: a case verified and referred at the province
   * level against one at district level, whose grants also reach the city's and the province's supervisors.
   */
  @Test
  void authorizationRowsPerCaseAtEachLevel() {
    long province = authorizationRows(TestUnits.PROVINCE_ONLY_REGION);
    long district = authorizationRows(TestUnits.DISTRICT_REGION);
    System.out.printf("authorization rows per case after verification and referral: province %d, district %d%n",
        province, district);
    assertThat(district).isGreaterThan(province).isLessThan(province * 2);
  }

  private long authorizationRows(String region) {
    ProcessInstance aidCase = startCase(region);
    String worker = routedWorker(aidCase);
    verify(aidCase, worker);
    List<String> instances = new java.util.ArrayList<>(runtimeService.createProcessInstanceQuery()
        .processInstanceBusinessKey(aidCase.getBusinessKey()).list().stream().map(ProcessInstance::getId).toList());
    List<String> resources = new java.util.ArrayList<>(instances);
    resources.addAll(taskService.createTaskQuery().processInstanceBusinessKey(aidCase.getBusinessKey()).list().stream()
        .map(Task::getId).toList());
    resources.addAll(historyService.createHistoricTaskInstanceQuery().processInstanceBusinessKey(aidCase.getBusinessKey())
        .list().stream().map(org.camunda.bpm.engine.history.HistoricTaskInstance::getId).toList());
    Object[] ids = resources.stream().distinct().toArray();
    String in = String.join(",", java.util.Collections.nCopies(ids.length, "?"));
    return jdbc.queryForObject("SELECT COUNT(*) FROM act_ru_authorization WHERE resource_id_ IN (" + in + ")",
        Long.class, ids);
  }

  // ------------------------------------------------------------------ helpers

  private String routedTo(String region) {
    return intakeUnit(startCase(region));
  }

  private String routedWorker(ProcessInstance aidCase) {
    String unit = intakeUnit(aidCase);
    return unit.equals("union-33") ? "union-worker" : unit + "-worker";
  }

  private String intakeUnit(ProcessInstance aidCase) {
    return jdbc.queryForObject("SELECT intake_unit FROM aid_case WHERE process_instance_id = ?", String.class,
        aidCase.getId());
  }

  private ProcessInstance startCase(String region) {
    return as("intake", () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(REGION, region)));
  }

  private void verify(ProcessInstance aidCase, String worker) {
    String taskId = task(aidCase).getId();
    as(worker, () -> {
      taskService.claim(taskId, worker);
      taskService.complete(taskId, Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实"));
      return null;
    });
  }

  private ProcessInstance referral(ProcessInstance aidCase, String org) {
    return runtimeService.createProcessInstanceQuery().superProcessInstanceId(aidCase.getId())
        .variableValueEquals(ORG, org).singleResult();
  }

  private Task task(ProcessInstance instance) {
    return taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult();
  }

  private List<String> candidateGroups(Task task) {
    return taskService.getIdentityLinksForTask(task.getId()).stream().filter(l -> "candidate".equals(l.getType()))
        .map(IdentityLink::getGroupId).toList();
  }

  private boolean sees(String user, String taskId) {
    return as(user, () -> taskService.createTaskQuery().taskId(taskId).count() == 1);
  }

  private boolean readsCase(String user, ProcessInstance instance) {
    return as(user, () -> runtimeService.createProcessInstanceQuery().processInstanceId(instance.getId()).count() == 1);
  }

  private ResponseEntity<Map> send(String user, HttpMethod method, String path, String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.withBasicAuth(user, "demo").exchange(path, method, new HttpEntity<>(json, headers), Map.class);
  }

  private static void assertProblem(ResponseEntity<Map> answer, int status, String field) {
    assertThat(answer.getStatusCode().value()).isEqualTo(status);
    assertThat(answer.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(answer.getBody()).containsEntry("field", field);
  }
}
