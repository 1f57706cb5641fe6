package org.aidflow.cockpit.projection;

import static org.aidflow.shared.AidCaseModel.*;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.shared.ReferralModel.*;
import static org.aidflow.support.Applicants.applicant;
import static org.aidflow.support.Plans.cash;
import static org.aidflow.support.Plans.paid;
import static org.aidflow.support.Plans.services;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.aidflow.cockpit.report.CockpitFilter;
import org.aidflow.cockpit.report.CockpitIndicators;
import org.aidflow.cockpit.report.CockpitTargets;
import org.aidflow.demo.SyntheticCases;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.support.ProcessTestEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The cockpit's rows follow a case through its stages, with no listener in the models. */
@Deployment(resources = {"processes/aid-case.bpmn", "processes/referral.bpmn", "processes/service-order.bpmn", "processes/escalation.bpmn",
    "processes/decisions/intake-org.dmn", "processes/decisions/hardship-level.dmn",
    "processes/decisions/referral-routing.dmn", "processes/decisions/approval-level.dmn",
    "processes/decisions/rights-track.dmn"})
class CockpitProjectionProcessTest {

  private static final ProcessTestEngine ENGINE = new ProcessTestEngine();
  /** The application's default: a rebuild's claim not renewed for this long was left by a node that died. */
  private static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(10);

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ENGINE.extension();

  @BeforeEach
  void setUp(ProcessEngine processEngine) {
    init(processEngine);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void aRiderWithUnpaidWagesIsFollowedFromIntakeToResolvedClosure() {
    ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(CATEGORIES, List.of("wage-arrears", "living"), EMPLOYMENT_FORM, "delivery-rider",
            REGION, "330127"));
    String caseNumber = aidCase.getBusinessKey();

    Map<String, Object> row = caseRow(caseNumber);
    assertThat(row).containsEntry("stage", "VERIFICATION").containsEntry("intake_org", "union")
        .containsEntry("channel", "window").containsEntry("region", "330127")
        .containsEntry("categories", "living,wage-arrears").containsEntry("new_employment_form", true)
        .containsEntry("process_instance_id", aidCase.getId()).containsEntry("aid_delivered", false);
    assertThat(row.get("person_hash")).isEqualTo(ENGINE.jdbc().queryForObject(
        "SELECT id_number_hash FROM aid_case WHERE case_number = ?", String.class, caseNumber));
    assertThat(((Date) row.get("verification_due_at")).getTime()).isEqualTo(task(aidCase).getDueDate().getTime());
    assertThat(row.get("verification_done_at")).isNull();
    assertThat(ENGINE.jdbc().queryForList("SELECT category FROM cockpit_case_category WHERE case_number = ?"
        + " ORDER BY category", String.class, caseNumber)).containsExactly("living", "wage-arrears");

    complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实"));
    row = caseRow(caseNumber);
    assertThat(row).containsEntry("stage", "REFERRAL").containsEntry("hardship_level", "DEEP");
    assertThat(row.get("verification_done_at")).isNotNull();
    ProcessInstance union = referral(aidCase, "union");
    long unionId = (Long) runtimeService().getVariable(union.getId(), REFERRAL_ID);
    assertThat(referralRow(unionId)).containsEntry("org", "union").containsEntry("status", "OPEN")
        .containsEntry("region", "330127").containsEntry("process_instance_id", union.getId());
    assertThat(((Date) referralRow(unionId).get("acceptance_due_at")).getTime()).isEqualTo(task(union).getDueDate().getTime());

    complete(task(union), withVariables(ACCEPTED, true));
    assertThat(referralRow(unionId)).containsEntry("status", "ACCEPTED");
    assertThat(referralRow(unionId).get("accepted_at")).isNotNull();
    complete(task(union), withVariables(RIGHTS_RESOLVED, true, RECOVERED_AMOUNT, 6000, RIGHTS_NOTE, "调解追回欠薪"));
    assertThat((BigDecimal) referralRow(unionId).get("wages_recovered")).isEqualByComparingTo("6000");
    assertThat(((Date) referralRow(unionId).get("plan_due_at")).getTime()).isEqualTo(task(union).getDueDate().getTime());
    complete(task(union), withVariables(CASH_ITEMS, cash("union-aid", 1500), SERVICE_ITEMS, services(),
        SERVICES, runtimeService().getVariable(union.getId(), SERVICES)));
    approveIfAsked(union);
    assertThat(referralRow(unionId).get("planned_at")).isNotNull();
    assertThat(referralRow(unionId).get("delivery_due_at")).isNotNull();
    complete(task(union), withVariables(DELIVERED, true, PAID_ITEMS, paid("cash-1"), "deliveryNote", "已发放"));
    execute(job(union));
    assertThat(union).isEnded();

    assertThat(referralRow(unionId)).containsEntry("status", "DELIVERED");
    assertThat((BigDecimal) referralRow(unionId).get("cash_disbursed")).isEqualByComparingTo("1500");
    // the civil referral (DEEP) is still open: the case stays in referral
    deliverCivilWithoutCash(aidCase);
    row = caseRow(caseNumber);
    assertThat(row).containsEntry("aid_delivered", true).containsEntry("stage", "FOLLOW_UP");
    assertThat((BigDecimal) row.get("cash_disbursed")).isEqualByComparingTo("1500");
    assertThat((BigDecimal) row.get("wages_recovered")).isEqualByComparingTo("6000");
    assertThat(row.get("first_delivery_at")).isNotNull();
    assertThat(((BigDecimal) row.get("days_to_first_delivery")).doubleValue()).isCloseTo(0, within(0.01));

    execute(job(aidCase));
    complete(task(aidCase), withVariables(FOLLOW_UP_OUTCOME, "RESOLVED", SATISFACTION, 4, "followUpNote", "已脱困"));
    assertThat(aidCase).isEnded();
    row = caseRow(caseNumber);
    assertThat(row).containsEntry("stage", "CLOSED").containsEntry("closure_reason", "RESOLVED")
        .containsEntry("satisfaction", 4);
    assertThat(row.get("closed_at")).isNotNull();

    // the indicators' SQL runs on H2 as well, the demo's database: this case's figures
    org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate named =
        new org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate(ENGINE.jdbc());
    java.time.Clock zoned = java.time.Clock.system(org.aidflow.shared.AidFlowConfiguration.ZONE);
    CockpitIndicators.Report report = new CockpitIndicators(named, new CockpitTargets(named, zoned), zoned)
        .report(CockpitFilter.parse(null, "330127", null, null, null, java.time.YearMonth.now()));
    assertThat(report.indicators().get("casesReceived").value()).isEqualByComparingTo("1");
    assertThat(report.indicators().get("resolutionRate").value()).isEqualByComparingTo("1");
    assertThat(report.indicators().get("newEmploymentWorkersServed").value()).isEqualByComparingTo("1");
    assertThat(report.indicators().get("wagesRecovered").value()).isEqualByComparingTo("6000");
    assertThat(report.indicators().get("averageSatisfaction").value()).isEqualByComparingTo("4");
    assertThat(report.received().get("byCategory")).containsEntry("wage-arrears", 1L).containsEntry("living", 1L);

    // the rollups the listeners kept step by step hold what a recount from the rows gives
    Map<String, List<Map<String, Object>>> kept = rollupsOfRegion("330127");
    assertThat(kept.get("cockpit_case_rollup")).isNotEmpty();
    new CockpitRollup(ENGINE.jdbc()).refill();
    assertThat(rollupsOfRegion("330127")).isEqualTo(kept);
  }

  /** The region's rollup rows that count something (a row whose deltas cancelled out counts nothing). */
  private static Map<String, List<Map<String, Object>>> rollupsOfRegion(String region) {
    Map<String, List<Map<String, Object>>> rows = new java.util.TreeMap<>();
    for (String table : List.of("cockpit_case_rollup", "cockpit_category_rollup", "cockpit_referral_rollup",
        "cockpit_days_rollup")) {
      rows.put(table, ENGINE.jdbc().queryForList("SELECT * FROM " + table + " WHERE region = ?", region).stream()
          .filter(row -> row.values().stream().anyMatch(value -> value instanceof Number number
              && new BigDecimal(number.toString()).signum() != 0))
          .sorted(java.util.Comparator.comparing(Object::toString)).toList());
    }
    return rows;
  }

  @Test
  void aRefreshThatFindsNothingNewLeavesTheRowsAsTheyWere() {
    ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(CATEGORIES, List.of("wage-arrears"), REGION, "330127"));
    String caseNumber = aidCase.getBusinessKey();
    complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实"));
    ProcessInstance union = referral(aidCase, "union");
    long unionId = (Long) runtimeService().getVariable(union.getId(), REFERRAL_ID);
    complete(task(union), withVariables(ACCEPTED, true));
    Map<String, Object> referralBefore = referralRow(unionId);
    Map<String, Object> caseBefore = caseRow(caseNumber);
    CockpitProjections projections = new CockpitProjections(ENGINE.jdbc(), new CockpitRollup(ENGINE.jdbc()));

    // an hour later, a refresh of the referral (and the case's totals) finds the registers unchanged
    Date later = new Date(System.currentTimeMillis() + 3_600_000L);
    projections.referralChanged(unionId, later);
    assertThat(referralRow(unionId)).isEqualTo(referralBefore);
    assertThat(caseRow(caseNumber)).isEqualTo(caseBefore);

    // a change in the registers is copied, and only the referral's row moves
    ENGINE.jdbc().update("UPDATE case_referral SET services = ? WHERE id = ?", "legal-aid", unionId);
    projections.referralChanged(unionId, later);
    assertThat(referralRow(unionId)).containsEntry("services", "legal-aid")
        .containsEntry("updated_at", new java.sql.Timestamp(later.getTime()));
    assertThat(caseRow(caseNumber)).isEqualTo(caseBefore);
  }

  @Test
  void aLateVerificationIsFlaggedAndCountsAsDoneLate() {
    Date intake = new Date();
    ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, applicant());
    String caseNumber = aidCase.getBusinessKey();
    Date due = task(aidCase).getDueDate();
    assertThat(caseRow(caseNumber)).containsEntry("verification_breached", false);

    ClockUtil.setCurrentTime(new Date(due.getTime() + Duration.ofMinutes(5).toMillis()));
    executeDueTimers();
    assertThat(aidCase).hasPassed(ESCALATE_VERIFICATION);
    assertThat(caseRow(caseNumber)).containsEntry("verification_breached", true);

    complete(task(aidCase), withVariables(VERIFIED, false, UNVERIFIED_REASON, "核实不属实"));
    Map<String, Object> row = caseRow(caseNumber);
    assertThat((Date) row.get("verification_done_at")).isAfter(due);
    assertThat(row).containsEntry("stage", "CLOSED").containsEntry("closure_reason", "NOT_ELIGIBLE")
        .containsEntry("aid_delivered", false);
    assertThat((Date) row.get("received_at")).isCloseTo(intake, 60_000);
  }

  @Test
  void withdrawalClosesTheRowAndCancelsWhatWasStillDue() {
    ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, applicant());
    complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实"));
    ProcessInstance union = referral(aidCase, "union");
    long unionId = (Long) runtimeService().getVariable(union.getId(), REFERRAL_ID);
    assertThat(referralRow(unionId).get("acceptance_due_at")).isNotNull();

    runtimeService().createMessageCorrelation(AidCaseModel.APPLICANT_WITHDREW_MESSAGE)
        .processInstanceBusinessKey(aidCase.getBusinessKey()).correlate();

    assertThat(caseRow(aidCase.getBusinessKey())).containsEntry("stage", "CLOSED")
        .containsEntry("closure_reason", "WITHDRAWN");
    Map<String, Object> referral = referralRow(unionId);
    assertThat(referral).containsEntry("status", "CANCELLED");
    assertThat(referral.get("acceptance_due_at")).as("nothing is due of a cancelled referral").isNull();
    assertThat(referral.get("ended_at")).isNotNull();
  }

  @Test
  void theRebuildRecreatesTheRowsFromHistoryAndTheRegisters() {
    ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(CATEGORIES, List.of("wage-arrears"), EMPLOYMENT_FORM, "courier", REGION, "330105"));
    complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实"));
    ProcessInstance union = referral(aidCase, "union");
    complete(task(union), withVariables(ACCEPTED, true));
    String caseNumber = aidCase.getBusinessKey();
    long unionId = (Long) runtimeService().getVariable(union.getId(), REFERRAL_ID);
    Map<String, Object> caseBefore = caseRow(caseNumber);
    Map<String, Object> referralBefore = referralRow(unionId);

    ENGINE.jdbc().update("DELETE FROM cockpit_case WHERE case_number = ?", caseNumber);
    assertThat(projectionRebuild().rebuildCase(caseNumber)).isTrue();

    assertRebuiltAsLived(caseRow(caseNumber), caseBefore);
    assertRebuiltAsLived(referralRow(unionId), referralBefore);
  }

  @Test
  void theRebuildReplaysALateStepAndAStepCancelledByAWithdrawal() {
    ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, applicant());
    String caseNumber = aidCase.getBusinessKey();
    ClockUtil.setCurrentTime(new Date(task(aidCase).getDueDate().getTime() + Duration.ofMinutes(5).toMillis()));
    executeDueTimers();
    complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实"));
    ProcessInstance union = referral(aidCase, "union");
    long unionId = (Long) runtimeService().getVariable(union.getId(), REFERRAL_ID);
    runtimeService().createMessageCorrelation(AidCaseModel.APPLICANT_WITHDREW_MESSAGE)
        .processInstanceBusinessKey(caseNumber).correlate();
    Map<String, Object> caseBefore = caseRow(caseNumber);
    Map<String, Object> referralBefore = referralRow(unionId);
    assertThat(caseBefore).containsEntry("verification_breached", true).containsEntry("closure_reason", "WITHDRAWN");
    assertThat(referralBefore).containsEntry("status", "CANCELLED").containsEntry("acceptance_due_at", null);

    ENGINE.jdbc().update("DELETE FROM cockpit_referral WHERE referral_id = ?", unionId);
    ENGINE.jdbc().update("DELETE FROM cockpit_case WHERE case_number = ?", caseNumber);
    assertThat(projectionRebuild().rebuildCase(caseNumber)).isTrue();

    assertRebuiltAsLived(caseRow(caseNumber), caseBefore);
    assertRebuiltAsLived(referralRow(unionId), referralBefore);
  }

  @Test
  void aRebuildOfEveryCaseRestoresALostRowAndFiguresThatDrifted() {
    // 富阳区: no other test's cases, so the region's figures are this case's
    String region = "330111";
    String caseNumber = acceptedByTheUnion(region).getBusinessKey();
    Map<String, Object> caseBefore = caseRow(caseNumber);
    Map<String, List<Map<String, Object>>> figures = rollupsOfRegion(region);
    assertThat(figures.get("cockpit_case_rollup")).isNotEmpty();
    assertThat(figures.get("cockpit_referral_rollup")).isNotEmpty();

    ENGINE.jdbc().update("DELETE FROM cockpit_case WHERE case_number = ?", caseNumber);
    ENGINE.jdbc().update("DELETE FROM cockpit_case_rollup WHERE region = ?", region);
    ENGINE.jdbc().update("UPDATE cockpit_referral_rollup SET referrals = referrals + 5 WHERE region = ?", region);
    ProjectionRebuild.Outcome outcome = projectionRebuild().rebuildAll("admin");

    // the earlier tests' cases lost their history with their deployments: named, not guessed
    assertThat(outcome.rebuiltCases()).isEqualTo(1);
    assertThat(outcome.skippedCases()).containsExactlyInAnyOrderElementsOf(ENGINE.jdbc().queryForList(
        "SELECT case_number FROM aid_case WHERE case_number <> ?", String.class, caseNumber));
    assertRebuiltAsLived(caseRow(caseNumber), caseBefore);
    assertThat(rollupsOfRegion(region)).isEqualTo(figures);
  }

  @Test
  void oneRebuildRunsAtATimeAndOneWhoseNodeDiedIsTakenOver() {
    // 桐庐县: no other test's cases
    String caseNumber = acceptedByTheUnion("330122").getBusinessKey();
    Map<String, Object> caseBefore = caseRow(caseNumber);
    Date now = new Date();
    try {
      takeTheClaim(now);

      assertThatThrownBy(() -> projectionRebuild().rebuildAll("admin"))
          .isInstanceOfSatisfying(ProjectionRebuild.AlreadyRunning.class,
              running -> assertThat(running.claimedBy()).isEqualTo("ops-admin"));
      assertThat(caseRow(caseNumber)).as("nothing deleted or written again").isEqualTo(caseBefore);

      // that node died mid-way: its heartbeat stopped longer ago than the timeout
      takeTheClaim(new Date(now.getTime() - CLAIM_TIMEOUT.toMillis() - 60_000));
      assertThat(projectionRebuild().rebuildAll("admin").rebuiltCases()).isPositive();
      assertThat(ENGINE.jdbc().queryForMap("SELECT claim_token, claimed_by FROM cockpit_rebuild_claim WHERE id = 1"))
          .as("the claim is free once the rebuild is done").containsEntry("claim_token", null)
          .containsEntry("claimed_by", null);
      assertRebuiltAsLived(caseRow(caseNumber), caseBefore);
    } finally {
      freeTheClaim();
    }
  }

  @Test
  void aRebuildWhoseClaimWasTakenOverMeanwhileSaysSoAndLeavesTheNewHoldersClaim() {
    // 建德市: no other test's cases
    acceptedByTheUnion("330182");
    // held up past the timeout (here: the claim taken over as the rows are cleared), another node took over
    CockpitRollup rollup = new CockpitRollup(ENGINE.jdbc());
    CockpitProjections heldUp = new CockpitProjections(ENGINE.jdbc(), rollup) {
      @Override
      public int deleteNonSynthetic() {
        takeTheClaim(new Date());
        return super.deleteNonSynthetic();
      }
    };
    ProjectionRebuild rebuild = projectionRebuild(rollup, heldUp);
    try {
      assertThatThrownBy(() -> rebuild.rebuildAll("admin"))
          .isInstanceOfSatisfying(ProjectionRebuild.AlreadyRunning.class,
              running -> assertThat(running.claimedBy()).isEqualTo("ops-admin"));
      assertThat(ENGINE.jdbc().queryForObject("SELECT claim_token FROM cockpit_rebuild_claim WHERE id = 1",
          String.class)).as("the new holder keeps its claim").isEqualTo("another-node");
    } finally {
      freeTheClaim();
    }
  }

  private static void takeTheClaim(Date heartbeat) {
    ENGINE.jdbc().update("UPDATE cockpit_rebuild_claim SET claim_token = 'another-node', claimed_by = 'ops-admin',"
        + " claimed_at = ?, heartbeat_at = ? WHERE id = 1", heartbeat, heartbeat);
  }

  private static void freeTheClaim() {
    ENGINE.jdbc().update("UPDATE cockpit_rebuild_claim SET claim_token = NULL, claimed_by = NULL, claimed_at = NULL,"
        + " heartbeat_at = NULL WHERE id = 1");
  }

  @Test
  void changesBeforeARecountAreNotCountedOneByOneInATransactionEither() {
    // 临安区: no other test's cases
    String region = "330112";
    ProcessInstance union = referral(acceptedByTheUnion(region), "union");
    long unionId = (Long) runtimeService().getVariable(union.getId(), REFERRAL_ID);
    Map<String, List<Map<String, Object>>> figures = rollupsOfRegion(region);
    // a row the referral's copy will correct: recorded, the correction would be counted (-999)
    ENGINE.jdbc().update("UPDATE cockpit_referral SET cash_disbursed = 999 WHERE referral_id = ?", unionId);
    CockpitRollup rollup = new CockpitRollup(ENGINE.jdbc());
    CockpitProjections projections = new CockpitProjections(ENGINE.jdbc(), rollup);

    rollup.recountAfter(() -> {
      new TransactionTemplate(transactions())
          .executeWithoutResult(transaction -> projections.referralChanged(unionId, new Date()));
      assertThat((BigDecimal) referralRow(unionId).get("cash_disbursed")).isEqualByComparingTo("0");
      assertThat(rollupsOfRegion(region)).as("nothing counted before the recount").isEqualTo(figures);
      return null;
    });

    assertThat(rollupsOfRegion(region)).isEqualTo(figures);
  }

  @Test
  void theSyntheticYearPeaksWithEducationAidInAugustAndSeptemberAndStaysInZhejiang() {
    java.time.LocalDate today = java.time.LocalDate.of(2026, 11, 20);
    new SyntheticCases(ENGINE.jdbc(), 7).write("SYN", 5_000_000_000L, 3000, today.minusYears(1), today, today);

    List<Map<String, Object>> education = ENGINE.jdbc().queryForList("SELECT c.received_month AS received,"
        + " COUNT(*) AS n FROM cockpit_case_category k JOIN cockpit_case c ON c.case_number = k.case_number"
        + " WHERE k.category = 'education' AND c.case_number LIKE 'SYN-%' GROUP BY c.received_month");
    long peak = education.stream().filter(r -> r.get("RECEIVED").toString().matches("2026-0[89]"))
        .mapToLong(r -> ((Number) r.get("N")).longValue()).sum();
    long rest = education.stream().filter(r -> !r.get("RECEIVED").toString().matches("2026-0[89]"))
        .mapToLong(r -> ((Number) r.get("N")).longValue()).sum();
    assertThat(peak / 2.0).as("education requests a month in the 金秋助学 peak").isGreaterThan(3 * rest / 10.0);
    assertThat(ENGINE.jdbc().queryForObject("SELECT COUNT(*) FROM cockpit_case WHERE case_number LIKE 'SYN-%'"
        + " AND region NOT LIKE '33%'", Integer.class)).isZero();
    double newForms = ENGINE.jdbc().queryForObject("SELECT AVG(CASE WHEN new_employment_form THEN 1.0 ELSE 0 END)"
        + " FROM cockpit_case WHERE case_number LIKE 'SYN-%'", Double.class);
    assertThat(newForms).isBetween(0.15, 0.30);
    assertThat(ENGINE.jdbc().queryForObject("SELECT COUNT(*) FROM cockpit_case WHERE case_number LIKE 'SYN-%'"
        + " AND synthetic AND process_instance_id IS NULL", Integer.class)).isEqualTo(3000);
  }

  // ------------------------------------------------------------------ helpers

  /**
   * A rebuilt row as the live one was, its update time aside; times to the second, since a step's completion time comes
   * from the history, written a few milliseconds after the listener saw it.
   */
  private static void assertRebuiltAsLived(Map<String, Object> rebuilt, Map<String, Object> lived) {
    assertThat(rebuilt).usingRecursiveComparison().ignoringFields("updated_at")
        .withEqualsForType(CockpitProjectionProcessTest::sameSecond, java.sql.Timestamp.class).isEqualTo(lived);
  }

  private static boolean sameSecond(java.sql.Timestamp a, java.sql.Timestamp b) {
    return Math.abs(a.getTime() - b.getTime()) < 1000;
  }

  private static Map<String, Object> caseRow(String caseNumber) {
    return ENGINE.jdbc().queryForMap("SELECT * FROM cockpit_case WHERE case_number = ?", caseNumber)
        .entrySet().stream().collect(java.util.HashMap::new, (m, e) -> m.put(e.getKey().toLowerCase(), e.getValue()),
            Map::putAll);
  }

  private static Map<String, Object> referralRow(long referralId) {
    return ENGINE.jdbc().queryForMap("SELECT * FROM cockpit_referral WHERE referral_id = ?", referralId)
        .entrySet().stream().collect(java.util.HashMap::new, (m, e) -> m.put(e.getKey().toLowerCase(), e.getValue()),
            Map::putAll);
  }

  /** The rebuild as the application wires it: one rollup for the projections and the rebuild, real transactions. */
  private static ProjectionRebuild projectionRebuild() {
    CockpitRollup rollup = new CockpitRollup(ENGINE.jdbc());
    return projectionRebuild(rollup, new CockpitProjections(ENGINE.jdbc(), rollup));
  }

  /** The same with the given projections, which write through the given rollup. */
  private static ProjectionRebuild projectionRebuild(CockpitRollup rollup, CockpitProjections projections) {
    return new ProjectionRebuild(ENGINE.jdbc(), projections, extension.getProcessEngine().getHistoryService(),
        extension.getProcessEngine().getRuntimeService(), rollup, transactions(), Clock.systemUTC(), CLAIM_TIMEOUT);
  }

  private static DataSourceTransactionManager transactions() {
    return new DataSourceTransactionManager(ENGINE.jdbc().getDataSource());
  }

  /** A courier's wage claim from the region, verified, its union referral accepted: the aid case. */
  private static ProcessInstance acceptedByTheUnion(String region) {
    ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(CATEGORIES, List.of("wage-arrears"), EMPLOYMENT_FORM, "courier", REGION, region));
    complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实"));
    complete(task(referral(aidCase, "union")), withVariables(ACCEPTED, true));
    return aidCase;
  }

  private static ProcessInstance referral(ProcessInstance aidCase, String org) {
    return runtimeService().createProcessInstanceQuery().superProcessInstanceId(aidCase.getId())
        .variableValueEquals(ORG, org).singleResult();
  }

  private static void approveIfAsked(ProcessInstance referral) {
    if (APPROVE_PLAN.equals(task(referral).getTaskDefinitionKey())) {
      complete(task(referral), withVariables(APPROVED, true, APPROVAL_NOTE, "同意"));
    }
  }

  private static void deliverCivilWithoutCash(ProcessInstance aidCase) {
    ProcessInstance civil = referral(aidCase, "civil");
    complete(task(civil), withVariables(ACCEPTED, true));
    complete(task(civil), withVariables(CASH_ITEMS, cash(), SERVICE_ITEMS, services("counselling"),
        SERVICES, runtimeService().getVariable(civil.getId(), SERVICES)));
    complete(task(civil), withVariables(DELIVERED, true, PAID_ITEMS, paid(), "deliveryNote", "已服务"));
    execute(job(civil));
  }

  private static void executeDueTimers() {
    List<Job> due;
    while (!(due = managementService().createJobQuery().timers().executable().list()).isEmpty()) {
      due.forEach(job -> managementService().executeJob(job.getId()));
    }
  }
}
