package org.aidflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.aidflow.support.ProcessTestEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

/**
 * Within a transaction the registries answer a referral's or a case's lookup from what they read or wrote before:
 * a write of a remembered column is seen at once, a write of any other column leaves the answer as it was (not read
 * again), and a referral just registered or a case just closed is known without reading it back. A case's referrals
 * likewise.
 */
class RegistryMemoTest {

  private static final ProcessTestEngine ENGINE = ProcessTestEngine.withoutCoverage();
  private static int counter;

  private final JdbcTemplate jdbc = ENGINE.jdbc();
  private final ReferralRegistry referrals = new ReferralRegistry(jdbc, Clock.system(AidFlowConfiguration.ZONE));
  private final CaseRegistry cases = new CaseRegistry(jdbc, Clock.system(AidFlowConfiguration.ZONE));
  private String caseNumber;
  private String instance;

  @BeforeEach
  void aCaseInATransaction() {
    counter++;
    caseNumber = String.format("QBH-2026-8%05d", counter);
    instance = "memo-case-" + counter;
    cases.registerOpenCase(new CaseRegistry.NewCase(caseNumber, instance, "memo-hash-" + counter, null, null, "union",
        "window", false, true));
    TransactionSynchronizationManager.initSynchronization();
  }

  @AfterEach
  void endTheTransaction() {
    // as a commit would: what the registries remembered is unbound, so no later test on this thread sees it
    TransactionSynchronizationUtils.invokeAfterCompletion(TransactionSynchronizationManager.getSynchronizations(),
        TransactionSynchronization.STATUS_COMMITTED);
    TransactionSynchronizationManager.clearSynchronization();
  }

  @Test
  void aReferralJustRegisteredIsKnownAndItsAcceptorAndPlanAreSeenAsWritten() {
    long id = referrals.register(caseNumber, "memo-referral-" + counter, 1, "union", "hardship-grant");
    ReferralRegistry.RegisteredReferral registered = referrals.referralOfInstance("memo-referral-" + counter)
        .orElseThrow();
    assertThat(registered.id()).isEqualTo(id);
    assertThat(registered.status()).isEqualTo(ReferralRegistry.Status.OPEN);
    assertThat(referrals.register(caseNumber, "memo-referral-" + counter, 1, "union", "hardship-grant"))
        .as("registering again").isEqualTo(id);

    referrals.markAccepted(id, "caseworker-1");
    assertThat(referrals.referralOfInstance("memo-referral-" + counter).orElseThrow().acceptedBy())
        .isEqualTo("caseworker-1");
    referrals.recordPlan(id, "[{\"item\":\"cash-1\"}]");
    ReferralRegistry.RegisteredReferral planned = referrals.referralOfInstance("memo-referral-" + counter)
        .orElseThrow();
    assertThat(planned.plannedItems()).isEqualTo("[{\"item\":\"cash-1\"}]");
    assertThat(planned.status()).isEqualTo(ReferralRegistry.Status.ACCEPTED);

    referrals.recordPlanApprover(id, "supervisor-1");
    assertThat(referrals.referralOfInstance("memo-referral-" + counter).orElseThrow()).as("not read again")
        .isSameAs(planned);
    assertThat(referrals.planApproverOf(id)).contains("supervisor-1");
  }

  @Test
  void aCasesReferralsAreNotReadAgainUntilOneIsWrittenTheRightsOutcomeIncluded() {
    long id = referrals.register(caseNumber, "memo-referral-" + counter, 1, "union", "legal-aid");
    var listed = referrals.referralsOf(caseNumber);
    assertThat(referrals.referralsOf(caseNumber)).as("not read again").isSameAs(listed);

    referrals.markRightsOutcome(id, true, new java.math.BigDecimal("1200"));
    ReferralRegistry.Referral outcome = referrals.referralsOf(caseNumber).get(0);
    assertThat(outcome.rightsResolved()).isTrue();
    assertThat(outcome.recoveredAmount()).isEqualByComparingTo("1200");
    referrals.markDelivered(id, true, "legal-aid", null, java.math.BigDecimal.ZERO);
    assertThat(referrals.referralsOf(caseNumber).get(0).status()).isEqualTo(ReferralRegistry.Status.DELIVERED);
  }

  @Test
  void aCasesServiceOrdersAreNotReadAgainUntilOneIsWritten() {
    var orders = ENGINE.serviceOrders();
    long referral = referrals.register(caseNumber, "memo-referral-" + counter, 1, "union", "legal-aid");
    long order = orders.create(caseNumber, referral, "service-1", "legal-aid", "union-33", "330100", null, null,
        null);
    var listed = orders.ofCase(caseNumber);
    assertThat(orders.ofCase(caseNumber)).as("not read again").isSameAs(listed);

    orders.cancelled(order);
    assertThat(orders.ofCase(caseNumber).get(0).status())
        .isEqualTo(org.aidflow.serviceorder.ServiceOrders.Status.CANCELLED);
  }

  @Test
  void aCasesUrgencyIsReadWithTheCaseOfItsInstanceAndAgainAfterAWrite() {
    cases.addCategories(caseNumber, java.util.List.of("living"), null);
    cases.caseOfInstance(instance).orElseThrow();
    // written past the registry: not seen, since the urgency came with the case's read
    jdbc.update("INSERT INTO case_category (case_number, category, added_at) VALUES (?, 'domestic-violence',"
        + " CURRENT_TIMESTAMP)", caseNumber);
    assertThat(cases.urgencyOf(caseNumber)).contains(false);

    assertThat(cases.markUrgent(caseNumber)).isTrue();
    assertThat(cases.caseOfInstance(instance)).isPresent();
    assertThat(cases.urgencyOf(caseNumber)).contains(true);
  }

  @Test
  void aReferralAcceptedPlannedAndDeliveredStaysRememberedAsWrittenWithoutReadingIt() {
    String instanceId = "memo-referral-" + counter;
    long id = referrals.register(caseNumber, instanceId, 1, "union", "hardship-grant");
    // written past the registry: not seen while the referral stays remembered
    jdbc.update("UPDATE case_referral SET org = 'civil-affairs' WHERE id = ?", id);

    referrals.markAccepted(id, "caseworker-1");
    referrals.recordPlan(id, "[{\"item\":\"cash-1\"}]");
    referrals.markDelivered(id, true, "hardship-grant", java.math.BigDecimal.TEN, java.math.BigDecimal.TEN);
    ReferralRegistry.RegisteredReferral delivered = referrals.referralOfInstance(instanceId).orElseThrow();
    assertThat(delivered.status()).isEqualTo(ReferralRegistry.Status.DELIVERED);
    assertThat(delivered.acceptedBy()).isEqualTo("caseworker-1");
    assertThat(delivered.plannedItems()).isEqualTo("[{\"item\":\"cash-1\"}]");
    assertThat(delivered.org()).as("not read again").isEqualTo("union");

    referrals.moveToUnit(id, "union-3301");
    assertThat(referrals.referralOfInstance(instanceId).orElseThrow().org()).as("read again after another write")
        .isEqualTo("civil-affairs");
  }

  @Test
  void aCaseAssessedIsNotReadAgainAndAClosedOneIsSeenClosed() {
    CaseRegistry.RegisteredCase open = cases.caseOfInstance(instance).orElseThrow();

    cases.recordAssessment(caseNumber, "LOW_INCOME", 1, "小学");
    assertThat(cases.caseOfInstance(instance).orElseThrow()).as("not read again").isSameAs(open);
    assertThat(cases.hardshipLevelOf(caseNumber)).contains("LOW_INCOME");

    cases.close(caseNumber, "NOT_ELIGIBLE");
    assertThat(cases.caseOfInstance(instance).orElseThrow().status()).isEqualTo(CaseRegistry.CLOSED);
  }

  @Test
  void aCaseClosedStaysRememberedClosedWithItsReasonWithoutReadingIt() {
    cases.addCategories(caseNumber, java.util.List.of("domestic-violence"), null);
    cases.caseOfInstance(instance).orElseThrow();
    // written past the registry: not seen while the case stays remembered
    jdbc.update("UPDATE aid_case SET region = '330100' WHERE case_number = ?", caseNumber);

    cases.close(caseNumber, "RESOLVED");
    CaseRegistry.RegisteredCase closed = cases.caseOfInstance(instance).orElseThrow();
    assertThat(closed.status()).isEqualTo(CaseRegistry.CLOSED);
    assertThat(closed.region()).as("not read again").isNull();
    assertThat(cases.urgencyOf(caseNumber)).contains(true);
    assertThat(cases.closureReasonOf(caseNumber)).contains("RESOLVED");
    assertThat(jdbc.queryForObject("SELECT status || ' ' || closure_reason FROM aid_case WHERE case_number = ?",
        String.class, caseNumber)).isEqualTo("CLOSED RESOLVED");
  }

  @Test
  void aCaseClosedAlreadyKeepsItsFirstReasonAndIsReadAgain() {
    cases.close(caseNumber, "RESOLVED");
    cases.caseOfInstance(instance).orElseThrow();
    jdbc.update("UPDATE aid_case SET region = '330100' WHERE case_number = ?", caseNumber);

    cases.close(caseNumber, "NOT_ELIGIBLE");
    assertThat(cases.closureReasonOf(caseNumber)).contains("RESOLVED");
    assertThat(cases.caseOfInstance(instance).orElseThrow().region()).as("read again").isEqualTo("330100");
  }

  @Test
  void aReferralsInstanceFindsItsCaseWithItsUrgencyInOneReadAndKeepsItClosed() {
    String referralInstance = "memo-referral-" + counter;
    referrals.register(caseNumber, referralInstance, 1, "union", "hardship-grant");
    cases.addCategories(caseNumber, java.util.List.of("living"), null);
    assertThat(cases.caseOfInstance("memo-unknown-" + counter)).isEmpty();

    assertThat(cases.caseOfInstance(referralInstance).orElseThrow().caseNumber()).isEqualTo(caseNumber);
    // written past the registry: not seen, since the urgency came with the case's read
    jdbc.update("INSERT INTO case_category (case_number, category, added_at) VALUES (?, 'domestic-violence',"
        + " CURRENT_TIMESTAMP)", caseNumber);
    assertThat(cases.urgencyOf(caseNumber)).contains(false);

    cases.close(caseNumber, "RESOLVED");
    assertThat(cases.caseOfInstance(referralInstance).orElseThrow().status()).isEqualTo(CaseRegistry.CLOSED);
    assertThat(cases.urgencyOf(caseNumber)).as("not read again").contains(false);
  }

  @Test
  void aReferralsInstanceAskedAboutBeforeItIsRegisteredFindsItsCaseOnceItIs() {
    String referralInstance = "memo-referral-" + counter;
    assertThat(cases.caseOfInstance(referralInstance)).isEmpty();

    referrals.register(caseNumber, referralInstance, 1, "union", "hardship-grant");
    assertThat(cases.caseOfInstance(referralInstance).map(CaseRegistry.RegisteredCase::caseNumber))
        .contains(caseNumber);
  }

  @Test
  void aReferralsStepReadsItsReferralAndItsCaseTogetherWhicheverItAsksForFirst() {
    String referralInstance = "memo-referral-" + counter;
    long id = referrals.register(caseNumber, referralInstance, 1, "union", "hardship-grant");
    forgetWhatTheTransactionRead();

    assertThat(referrals.referralOfInstance(referralInstance).orElseThrow().id()).isEqualTo(id);
    jdbc.update("UPDATE aid_case SET region = '330100' WHERE case_number = ?", caseNumber);
    assertThat(cases.caseOfInstance(referralInstance).orElseThrow().region()).as("read with the referral")
        .isNotEqualTo("330100");
    forgetWhatTheTransactionRead();

    assertThat(cases.caseOfInstance(referralInstance).orElseThrow().region()).isEqualTo("330100");
    jdbc.update("UPDATE case_referral SET accepted_by = 'written-past-the-registry' WHERE id = ?", id);
    assertThat(referrals.referralOfInstance(referralInstance).orElseThrow().acceptedBy()).as("read with the case")
        .isNull();
    assertThat(referrals.referralOfInstance(instance)).as("an aid case's own instance").isEmpty();
  }

  @Test
  void aReferralRegisteredAfterItsCaseWasReadFindsThatCaseWithoutReadingIt() {
    CaseRegistry.RegisteredCase read = cases.caseOfInstance(instance).orElseThrow();
    String referralInstance = "memo-referral-" + counter;
    referrals.register(caseNumber, referralInstance, 1, "union", "hardship-grant");
    assertThat(cases.caseOfInstance(referralInstance).orElseThrow()).as("not read again").isSameAs(read);

    cases.close(caseNumber, "RESOLVED");
    assertThat(cases.caseOfInstance(referralInstance).orElseThrow().status())
        .as("closed: what was kept before the close is forgotten")
        .isEqualTo(CaseRegistry.CLOSED);
  }

  @Test
  void aDeliveryFindsTheHardshipLevelItsStepReadWithTheInstanceAndALevelRecordedSinceAsRecorded() {
    String referralInstance = "memo-referral-" + counter;
    referrals.register(caseNumber, referralInstance, 1, "union", "hardship-grant");
    jdbc.update("UPDATE aid_case SET hardship_level = 'DEEP' WHERE case_number = ?", caseNumber);
    forgetWhatTheTransactionRead();

    referrals.referralOfInstance(referralInstance).orElseThrow();
    // written past the registry: not seen, since the level came with the instance's read
    jdbc.update("UPDATE aid_case SET hardship_level = 'RELATIVE' WHERE case_number = ?", caseNumber);
    assertThat(cases.hardshipLevelOf(caseNumber)).as("read with the instance").contains("DEEP");

    cases.recordAssessment(caseNumber, "LOW_INCOME", 0, null);
    assertThat(cases.hardshipLevelOf(caseNumber)).as("as recorded").contains("LOW_INCOME");
    assertThat(cases.hardshipLevelOf("QBH-2026-799999")).as("no such case").isEmpty();
  }

  @Test
  void aCaseRegisteredInTheTransactionIsKnownWithTheTimeStoredUntilTheTransactionEnds() {
    String registered = String.format("QBH-2026-9%05d", counter);
    cases.registerOpenCase(new CaseRegistry.NewCase(registered, "memo-new-" + counter, "memo-new-hash-" + counter,
        null, null, "union", "window", false, true));
    assertThat(CaseRegistry.registeredInThisTransaction(registered)).contains(jdbc.queryForObject(
        "SELECT created_at FROM aid_case WHERE case_number = ?", java.sql.Timestamp.class, registered).toInstant());
    assertThat(CaseRegistry.registeredInThisTransaction(caseNumber)).as("registered before").isEmpty();
    cases.close(registered, "RESOLVED");
    assertThat(CaseRegistry.registeredInThisTransaction(registered)).as("after another write").isPresent();

    endTheTransaction();
    assertThat(CaseRegistry.registeredInThisTransaction(registered)).as("after the commit").isEmpty();
    TransactionSynchronizationManager.initSynchronization();
  }

  /** As a new transaction would start: nothing remembered of the cases or the referrals. */
  private static void forgetWhatTheTransactionRead() {
    TransactionMemo.forget(CaseRegistry.MEMO);
    TransactionMemo.forget(ReferralRegistry.MEMO);
  }
}
