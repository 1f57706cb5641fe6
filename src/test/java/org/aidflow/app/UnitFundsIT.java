package org.aidflow.app;

import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.aidflow.assistance.FundLedger;
import org.aidflow.organisation.OrganisationService;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.ReferralModel;
import org.aidflow.support.ApplicationTest;
import org.aidflow.support.TestUnits;
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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Money and approvals follow the unit (docs/organisation-units.md, "Funds and approvals") on PostgreSQL: a district's
 * plan draws on its own funds and the city's shared fund, never on a sibling district's; its approvals go to the
 * district's and then the city's supervisors, two different people; the ledger reconciles per unit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnitFundsIT extends ApplicationTest {

  private static final int YEAR = LocalDate.now(AidFlowConfiguration.ZONE).getYear();
  /** 义乌: a sibling district of 婺城区 below 金华's union. */
  private static final String SIBLING = "union-330782";

  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired org.camunda.bpm.engine.FormService formService;
  @Autowired JdbcTemplate jdbc;
  @Autowired TestRestTemplate http;
  @Autowired OrganisationUnits units;
  @Autowired OrganisationService organisations;
  @Autowired FundLedger ledger;

  private final String suffix = Long.toString(System.nanoTime() % 1_000_000_000L);
  private final String cityShared = "it-3307-shared-" + suffix;
  private final String cityOwn = "it-3307-own-" + suffix;
  private final String districtOwn = "it-330702-" + suffix;
  private final String siblingFund = "it-330782-" + suffix;

  @BeforeAll
  void unitsAndFunds() {
    TestUnits.ensure(units, organisations, identityService);
    if (units.find(SIBLING).isEmpty()) {
      organisations.create(SIBLING, "义乌市总工会");
    }
    // a lead in both the district's and the city's supervisors
    TestUnits.user(identityService, "it-both-lead", TestUnits.DISTRICT + "-supervisors");
    TestUnits.user(identityService, "it-both-lead", TestUnits.CITY + "-supervisors");
    ledger.openFund(cityShared, YEAR, TestUnits.CITY, "金华市共享帮扶资金", new BigDecimal("100000"), true);
    ledger.openFund(cityOwn, YEAR, TestUnits.CITY, "金华市本级资金", new BigDecimal("100000"), false);
    ledger.openFund(districtOwn, YEAR, TestUnits.DISTRICT, "婺城区帮扶资金", new BigDecimal("100000"), false);
    // even open to lower units, a sibling's fund is never usable
    ledger.openFund(siblingFund, YEAR, SIBLING, "义乌市帮扶资金", new BigDecimal("100000"), true);
  }

  @Test
  void aDistrictPlanUsesTheCitysSharedFundButNeverASiblingsAndTheLedgerBalancesPerUnit() {
    ProcessInstance referral = plannedReferral();
    String planning = task(referral).getId();
    String worker = TestUnits.DISTRICT + "-worker";

    // the caseworker is offered only the district's own and the city's shared funds, when the form opens
    String fundsLeft = as(worker, () -> (String) formService.getTaskFormVariables(planning).get(FUNDS_LEFT));
    // by name (docs/words.md), the city's fund with the city's name
    assertThat(fundsLeft).contains("婺城区帮扶资金", "金华市共享帮扶资金（上级单位 ").doesNotContain("义乌市帮扶资金", "金华市本级资金")
        .doesNotContain(districtOwn, cityShared);

    // attack: a plan naming the sibling's (or the city's closed) fund in the task's variables
    for (String refused : List.of(siblingFund, cityOwn)) {
      ResponseEntity<String> answer = complete(worker, planning, planBody(refused, 1500));
      assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(400);
      assertThat(answer.getBody()).contains("cashItems[0].fund");
    }
    assertThat(taskService.createTaskQuery().taskId(planning).count()).isOne();
    assertThat(entries(referral)).isZero();
    assertThat(ledger.balance(siblingFund, YEAR).reserved()).isZero();

    // the city's shared fund carries the district's plan (≤ 2,000: no approval), paid once at delivery
    ResponseEntity<String> planned = complete(worker, planning, planBody(cityShared, 1500));
    assertThat(planned.getStatusCode().value()).as(planned.getBody()).isEqualTo(204);
    assertThat(ledger.balance(cityShared, YEAR).reserved()).isEqualByComparingTo("1500");
    String delivery = task(referral).getId();
    as(worker, () -> {
      taskService.complete(delivery, Map.of(DELIVERED, true, PAID_ITEMS,
          org.aidflow.shared.CaseVariables.jsonList(List.of("cash-1")), "deliveryNote", "已发放"));
      return null;
    });
    awaitEnded(referral.getId());

    assertThat(ledger.balance(cityShared, YEAR).disbursed()).isEqualByComparingTo("1500");
    assertThat(ledger.balance(cityShared, YEAR).reserved()).isZero();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE referral_id = ? AND kind = 'DISBURSE'",
        Integer.class, referralId(referral))).isOne();
    // per unit: the money the district drew counts for the city, whose fund rows match their entries
    FundLedger.UnitTotals city = totals(TestUnits.CITY);
    assertThat(city.reconciled()).isTrue();
    assertThat(city.budget()).isGreaterThanOrEqualTo(new BigDecimal("200000"));
    assertThat(city.disbursed()).isGreaterThanOrEqualTo(new BigDecimal("1500"));
    assertThat(totals(SIBLING).disbursed()).isEqualByComparingTo(
        ledger.balancesOfUnit(SIBLING, YEAR).stream().map(FundLedger.Balance::disbursed)
            .reduce(BigDecimal.ZERO, BigDecimal::add));
    assertThat(ledger.unreconciledUnits()).isEmpty();
  }

  @Test
  void aDistrictPlanAbove10000IsApprovedByTheDistrictThenTheCityByTwoPeople() {
    ProcessInstance referral = plannedReferral();
    String worker = TestUnits.DISTRICT + "-worker";
    assertThat(complete(worker, task(referral).getId(), planBody(districtOwn, 12000)).getStatusCode().value())
        .isEqualTo(204);

    Task first = task(referral);
    assertThat(first.getTaskDefinitionKey()).isEqualTo(ReferralModel.APPROVE_PLAN);
    assertThat(candidateGroups(first)).containsExactly(TestUnits.DISTRICT + "-supervisors");
    assertThat(complete("it-both-lead", first.getId(), approval("同意，报市总工会")).getStatusCode().value())
        .isEqualTo(204);

    Task second = task(referral);
    assertThat(second.getTaskDefinitionKey()).isEqualTo(ReferralModel.JOINT_APPROVE);
    assertThat(candidateGroups(second)).containsExactly(TestUnits.CITY + "-supervisors");
    // four eyes: the first approver, although one of the city's supervisors too, is refused
    ResponseEntity<String> same = complete("it-both-lead", second.getId(), approval("我也同意"));
    assertThat(same.getStatusCode().value()).as(same.getBody()).isEqualTo(400);
    assertThat(same.getBody()).contains("另一位主管", "（approved）");
    assertThat(taskService.createTaskQuery().taskId(second.getId()).count()).isOne();
    // the other district's city lead cannot, the city's lead can
    assertThat(complete(TestUnits.OTHER_CITY + "-lead", second.getId(), approval("同意")).getStatusCode().value())
        .isNotEqualTo(204);
    ResponseEntity<String> city = complete(TestUnits.CITY + "-lead", second.getId(), approval("市总工会同意"));
    assertThat(city.getStatusCode().value()).as(city.getBody()).isEqualTo(204);

    assertThat(task(referral).getTaskDefinitionKey()).isEqualTo(ReferralModel.DELIVER_ASSISTANCE);
    assertThat(ledger.balance(districtOwn, YEAR).reserved()).isEqualByComparingTo("12000");
  }

  @Test
  void aSecondApprovalFollowsTheReferralWhenItIsTransferredUnderAnotherCity() {
    ProcessInstance referral = plannedReferral();
    assertThat(complete(TestUnits.DISTRICT + "-worker", task(referral).getId(), planBody(districtOwn, 11000))
        .getStatusCode().value()).isEqualTo(204);
    assertThat(complete(TestUnits.DISTRICT + "-lead", task(referral).getId(), approval("同意")).getStatusCode().value())
        .isEqualTo(204);
    assertThat(candidateGroups(task(referral))).containsExactly(TestUnits.CITY + "-supervisors");

    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> moved = http.withBasicAuth(TestUnits.CITY + "-lead", "demo").postForEntity(
        "/api/referrals/" + referralId(referral) + "/transfer", new HttpEntity<>("{\"unit\": \""
            + TestUnits.OTHER_DISTRICT + "\", \"reason\": \"申请人已迁居越城区\"}", headers), String.class);
    assertThat(moved.getStatusCode().value()).as(moved.getBody()).isEqualTo(200);

    Task second = task(referral);
    assertThat(second.getTaskDefinitionKey()).isEqualTo(ReferralModel.JOINT_APPROVE);
    assertThat(candidateGroups(second)).containsExactly(TestUnits.OTHER_CITY + "-supervisors");
  }

  // ------------------------------------------------------------------ helpers

  /** A case of 婺城区, verified; its union referral accepted by the district and waiting for a plan. */
  private ProcessInstance plannedReferral() {
    ProcessInstance aidCase = as("intake", () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(REGION, TestUnits.DISTRICT_REGION)));
    String worker = TestUnits.DISTRICT + "-worker";
    String verification = task(aidCase).getId();
    as(worker, () -> {
      taskService.complete(verification, Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实"));
      return null;
    });
    ProcessInstance referral = runtimeService.createProcessInstanceQuery().superProcessInstanceId(aidCase.getId())
        .variableValueEquals(ORG, "union").singleResult();
    assertThat(jdbc.queryForObject("SELECT unit FROM case_referral WHERE process_instance_id = ?", String.class,
        referral.getId())).isEqualTo(TestUnits.DISTRICT);
    String acceptance = task(referral).getId();
    as(worker, () -> {
      taskService.complete(acceptance, Map.of(ACCEPTED, true));
      return null;
    });
    assertThat(task(referral).getTaskDefinitionKey()).isEqualTo(ReferralModel.PLAN_ASSISTANCE);
    return referral;
  }

  private static String planBody(String fund, int amount) {
    return "{\"variables\": {\"cashItems\": {\"type\": \"Json\", \"value\": \"[{\\\"fund\\\": \\\"" + fund
        + "\\\", \\\"amount\\\": " + amount + "}]\"}, \"services\": {\"value\": \"hardship-grant\"}}}";
  }

  private static String approval(String note) {
    return "{\"variables\": {\"approved\": {\"value\": true}, \"approvalNote\": {\"value\": \"" + note + "\"}}}";
  }

  private ResponseEntity<String> complete(String user, String taskId, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.withBasicAuth(user, "demo").postForEntity("/engine-rest/task/" + taskId + "/complete",
        new HttpEntity<>(body, headers), String.class);
  }

  private FundLedger.UnitTotals totals(String unit) {
    return ledger.unitTotals(YEAR).stream().filter(t -> t.unit().equals(unit)).findFirst().orElseThrow();
  }

  private long referralId(ProcessInstance referral) {
    return jdbc.queryForObject("SELECT id FROM case_referral WHERE process_instance_id = ?", Long.class,
        referral.getId());
  }

  private int entries(ProcessInstance referral) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE referral_id = ?", Integer.class,
        referralId(referral));
  }

  private Task task(ProcessInstance instance) {
    return taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult();
  }

  private List<String> candidateGroups(Task task) {
    return taskService.getIdentityLinksForTask(task.getId()).stream().filter(l -> "candidate".equals(l.getType()))
        .map(IdentityLink::getGroupId).toList();
  }
}
