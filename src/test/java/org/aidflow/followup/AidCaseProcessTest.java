package org.aidflow.followup;

import static org.aidflow.shared.AidCaseModel.*;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.shared.ReferralModel.*;
import static org.aidflow.support.Plans.*;
import static org.aidflow.support.Applicants.applicant;
import static org.aidflow.support.FormViews.shownText;
import static org.aidflow.support.HistoryRows.detailRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.ReferralRegistry.Referral;
import org.aidflow.shared.ReferralRegistry.Status;
import org.aidflow.shared.RefusedInputException;
import org.aidflow.support.ProcessTestEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every path of aidCase, run with the real referral process and decisions. */
@Deployment(resources = {"processes/aid-case.bpmn", "processes/referral.bpmn", "processes/service-order.bpmn", "processes/escalation.bpmn", "processes/decisions/intake-org.dmn",
    "processes/decisions/hardship-level.dmn", "processes/decisions/referral-routing.dmn",
    "processes/decisions/approval-level.dmn",
    "processes/decisions/rights-track.dmn"})
class AidCaseProcessTest {

  private static final ProcessTestEngine ENGINE = new ProcessTestEngine();

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ENGINE.extension();

  @BeforeEach
  void setUp(ProcessEngine processEngine) {
    init(processEngine);
  }

  // ------------------------------------------------------------------ intake

  @Test
  void validIntakeIsNumberedRegisteredAndWaitsForTheIntakeOrgToVerify() {
    ProcessInstance aidCase = start(applicant());

    assertThat(aidCase.getBusinessKey()).matches("QBH-\\d{4}-\\d{6}");
    assertThat(aidCase).isWaitingAt(VERIFY_CASE).hasPassed(VALIDATE_APPLICANT, CHECK_DUPLICATE, REGISTER_CASE);
    assertThat(task(aidCase)).hasCandidateGroup("union-33-caseworkers").hasName("核实求助情况 · " + aidCase.getBusinessKey());
    assertThat(aidCase).variables()
        .containsEntry(CASE_NUMBER, aidCase.getBusinessKey())
        .containsEntry(INTAKE_ORG, "union")
        .containsEntry(AGE, 40)
        .containsEntry(GENDER, "male")
        .containsEntry(PHONE_MASKED, "138****5678");
    assertThat((String) runtimeService().getVariable(aidCase.getId(), ID_NUMBER_MASKED)).matches("330102\\*{8}\\d{3}[\\dX]");
    assertThat(ENGINE.cases().statusOf(aidCase.getBusinessKey())).contains(CaseRegistry.OPEN);
    assertThat(ENGINE.cases().consentOf(aidCase.getBusinessKey())).hasValueSatisfying(consent -> {
      assertThat(consent.given()).isTrue();
      assertThat(consent.channel()).isEqualTo("window");
      assertThat(consent.recordedAt()).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
    });
  }

  @Test
  void theFullIdNumberAndPhoneAreStoredEncryptedAndNeverAsVariablesOrHistory() {
    Map<String, Object> person = applicant(PHONE, "13912340000");
    String idNumber = (String) person.get(ID_NUMBER);
    ProcessInstance aidCase = start(person);

    assertThat(runtimeService().getVariables(aidCase.getId())).doesNotContainKeys(ID_NUMBER, PHONE, ID_NUMBER_HASH,
        ID_NUMBER_ENCRYPTED, PHONE_ENCRYPTED);
    String encrypted = ENGINE.cases().encryptedIdNumberOf(aidCase.getBusinessKey()).orElseThrow();
    assertThat(encrypted).doesNotContain(idNumber);
    assertThat(ENGINE.personalData().decrypt(encrypted)).isEqualTo(idNumber);
    List<String> history = new java.util.ArrayList<>();
    historyService().createHistoricDetailQuery().processInstanceId(aidCase.getId()).list()
        .forEach(detail -> history.add(String.valueOf(
            ((org.camunda.bpm.engine.history.HistoricVariableUpdate) detail).getValue())));
    historyService().createHistoricVariableInstanceQuery().processInstanceId(aidCase.getId()).list()
        .forEach(variable -> history.add(String.valueOf(variable.getValue())));
    assertThat(history).isNotEmpty().noneMatch(v -> v.contains(idNumber) || v.contains("13912340000"));
    assertThat(history).contains("139****0000");
  }

  @Test
  void theChangeRowsKeepTheIntakeAsSubmittedAndTheCaseItsNormalisedValues() {
    ProcessInstance aidCase = start(applicant(HOUSEHOLD_SIZE, 3, MONTHLY_INCOME, 3000));

    java.util.Map<String, Long> rows = new java.util.HashMap<>();
    historyService().createHistoricDetailQuery().processInstanceId(aidCase.getId()).variableUpdates().list()
        .forEach(detail -> rows.merge(((org.camunda.bpm.engine.history.HistoricVariableUpdate) detail)
            .getVariableName(), 1L, Long::sum));
    // one row each, as submitted; the normalised income (3000 as a decimal amount) is the case's value
    assertThat(rows).containsEntry(HOUSEHOLD_SIZE, 1L).containsEntry(CONSENT, 1L).containsEntry(MONTHLY_INCOME, 1L);
    assertThat(((org.camunda.bpm.engine.history.HistoricVariableUpdate) historyService().createHistoricDetailQuery()
        .processInstanceId(aidCase.getId()).variableUpdates().list().stream()
        .filter(d -> MONTHLY_INCOME.equals(((org.camunda.bpm.engine.history.HistoricVariableUpdate) d).getVariableName()))
        .findFirst().orElseThrow()).getValue()).isEqualTo(3000);
    assertThat(aidCase).variables().containsEntry(HOUSEHOLD_SIZE, 3).containsEntry(MONTHLY_INCOME, 3000.0);
  }

  @Test
  void theChangeRowsRecordWhatPeopleEnteredNotWhatTheStepsComputed() {
    ProcessInstance aidCase = start(applicant(CATEGORIES, List.of("medical"), SERIOUS_ILLNESS, true));
    verify(aidCase);
    assertThat(aidCase).isWaitingAt(REFER_TO_ORGANISATIONS);

    // entered: the intake's fields and the verifier's answer
    for (String entered : List.of(NAME, MONTHLY_INCOME, VERIFIED, VERIFICATION_NOTE)) {
      assertThat(detailRows(aidCase.getId(), entered)).as(entered).isOne();
    }
    // computed by the steps (a delegate, a decision, the referrals' counters): the latest value only
    for (String computed : List.of(CASE_NUMBER, LOW_LINE, HARDSHIP_LEVEL, REFERRAL_ORGS, "nrOfInstances")) {
      assertThat(detailRows(aidCase.getId(), computed)).as(computed).isZero();
      assertThat(historyService().createHistoricVariableInstanceQuery().processInstanceId(aidCase.getId())
          .variableName(computed).singleResult().getValue()).as(computed).isNotNull();
    }
    // how the hardship level was decided stays in the decision's history
    assertThat(historyService().createHistoricDecisionInstanceQuery().processInstanceId(aidCase.getId())
        .decisionDefinitionKey("hardship-level").includeInputs().singleResult().getInputs()).isNotEmpty();

    // a change through the API while the case waits for its referrals is someone's: it is recorded
    runtimeService().setVariable(aidCase.getId(), VERIFICATION_NOTE, "补充核实说明");
    assertThat(detailRows(aidCase.getId(), VERIFICATION_NOTE)).isEqualTo(2);
  }

  @Test
  void theVerifiersAnswerIsWrittenAgainOnlyWhenItArrivesAsText() {
    ProcessInstance asBoolean = start(applicant());
    complete(task(asBoolean), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实"));
    // Tasklist's radio buttons send text
    ProcessInstance asText = start(applicant());
    complete(task(asText), withVariables(VERIFIED, "true", VERIFICATION_NOTE, "情况属实"));

    assertThat(detailRows(asBoolean.getId(), VERIFIED)).as("the submitted Boolean only").isEqualTo(1);
    assertThat(detailRows(asText.getId(), VERIFIED)).as("the text, then the Boolean the gateway reads").isEqualTo(2);
    assertThat(asText).hasPassed(DETERMINE_HARDSHIP_LEVEL);
    assertThat(historyService().createHistoricVariableInstanceQuery().processInstanceId(asText.getId())
        .variableName(VERIFIED).singleResult().getValue()).isEqualTo(true);
  }

  @Test
  void hotlineCasesAreVerifiedByTheOrganisationRunningTheHotline() {
    ProcessInstance women = start(applicant(CHANNEL, "hotline-12338"));
    ProcessInstance youth = start(applicant(CHANNEL, "hotline-12355"));

    assertThat(task(women)).hasCandidateGroup("women-33-caseworkers");
    assertThat(task(youth)).hasCandidateGroup("youth-33-caseworkers");
  }

  @Test
  void domesticViolenceMakesACaseUrgentWhateverTheFlagSays() {
    ProcessInstance aidCase = start(applicant(CATEGORIES, List.of("domestic-violence"), URGENT, false));

    assertThat(aidCase).variables().containsEntry(URGENT, true);
  }

  @Test
  void invalidIntakeCreatesNothingAndNamesEveryBadField() {
    long instancesBefore = historyService().createHistoricProcessInstanceQuery().count();
    Integer casesBefore = countCases();

    assertThatThrownBy(() -> start(applicant(ID_NUMBER, "330102198603151230", HOUSEHOLD_SIZE, 0, PHONE, "12345")))
        .isInstanceOf(RefusedInputException.class)
        .hasMessageContaining(ID_NUMBER).hasMessageContaining(HOUSEHOLD_SIZE).hasMessageContaining(PHONE)
        .hasMessageNotContaining("330102198603151230");

    assertThat(historyService().createHistoricProcessInstanceQuery().count()).isEqualTo(instancesBefore);
    assertThat(countCases()).isEqualTo(casesBefore);
  }

  @Test
  void secondIntakeForAPersonWithAnOpenCaseJoinsThatCase() {
    Map<String, Object> person = applicant();
    ProcessInstance first = start(person);

    person.put(CHANNEL, "hotline-12351");
    ProcessInstance second = start(person);

    assertThat(second).isEnded().hasPassed(RECORD_CONTACT_ON_OPEN_CASE, CASE_JOINED_OPEN_CASE).hasNotPassed(REGISTER_CASE);
    assertThat(second.getBusinessKey()).isNull();
    assertThat(historicVariable(second, DUPLICATE_OF)).isEqualTo(first.getBusinessKey());
    assertThat(historicVariable(second, CLOSURE_REASON)).isEqualTo("DUPLICATE");
    assertThat(ENGINE.cases().contactsOf(first.getBusinessKey())).containsExactly("hotline-12351");
    assertThat(first).isWaitingAt(VERIFY_CASE);
    // the verifier of the open case sees the new contact
    assertThat((String) runtimeService().getVariable(first.getId(), LATER_CONTACTS)).contains("12351 职工服务热线");
  }

  @Test
  void aPersonWhoseCaseWasClosedCanAskAgain() {
    Map<String, Object> person = applicant();
    ProcessInstance first = start(person);
    complete(task(first), withVariables(VERIFIED, false, UNVERIFIED_REASON, "材料不全"));

    ProcessInstance second = start(person);

    assertThat(second).isWaitingAt(VERIFY_CASE);
    assertThat(second.getBusinessKey()).isNotEqualTo(first.getBusinessKey());
  }

  // ------------------------------------------------------------------ verification and routing

  @Test
  void caseThatIsNotConfirmedClosesNotEligibleWithTheVerifiersNote() {
    ProcessInstance aidCase = start(applicant());

    complete(task(aidCase), withVariables(VERIFIED, false, UNVERIFIED_REASON, "经入户核实，情况不属实"));

    assertThat(aidCase).isEnded().hasPassed(CLOSE_UNVERIFIED).hasNotPassed(DETERMINE_HARDSHIP_LEVEL);
    assertThat(historicVariable(aidCase, CLOSURE_REASON)).isEqualTo("NOT_ELIGIBLE");
    assertThat(historicVariable(aidCase, CLOSURE_NOTE)).isEqualTo("经入户核实，情况不属实");
    assertThat(ENGINE.cases().statusOf(aidCase.getBusinessKey())).contains(CaseRegistry.CLOSED);
  }

  @Test
  void discriminationReportedByAManWithoutHardshipGoesToTheUnionsLabourRightsLegalAid() {
    ProcessInstance aidCase = start(applicant(MONTHLY_INCOME, 9000, RIGID_EXPENSES, 0,
        CATEGORIES, List.of("discrimination")));

    verify(aidCase);

    assertThat(historicVariable(aidCase, HARDSHIP_LEVEL)).isEqualTo("NONE");
    assertThat(aidCase).isWaitingAt(REFER_TO_ORGANISATIONS).hasNotPassed(CLOSE_NOT_ELIGIBLE);
    ProcessInstance union = referral(aidCase, "union");
    assertThat(runtimeService().getVariable(union.getId(), SERVICES)).isEqualTo("labour-legal-aid");
    complete(task(union), withVariables(ACCEPTED, true));
    assertThat(union).isWaitingAt(MEDIATE).hasNotPassed(ASSESS_SAFETY);
  }

  @Test
  void verificationIsAnExplicitDecisionAndNotTrueNeedsAReason() {
    ProcessInstance aidCase = start(applicant());

    // no choice: the form has no default, and the engine refuses a completion without one too
    assertThatThrownBy(() -> complete(task(aidCase), withVariables(VERIFICATION_NOTE, "已核实")))
        .hasRootCauseInstanceOf(RefusedInputException.class).hasMessageContaining(VERIFIED);
    assertThatThrownBy(() -> complete(task(aidCase), withVariables(VERIFIED, false, VERIFICATION_NOTE, "不属实")))
        .hasRootCauseInstanceOf(RefusedInputException.class).hasMessageContaining(UNVERIFIED_REASON);
    assertThat(aidCase).isWaitingAt(VERIFY_CASE);

    complete(task(aidCase), withVariables(VERIFIED, false, UNVERIFIED_REASON, "申请人提供的收入证明与实际不符"));

    assertThat(aidCase).isEnded().hasPassed(CLOSE_UNVERIFIED);
    assertThat(historicVariable(aidCase, CLOSURE_NOTE)).isEqualTo("申请人提供的收入证明与实际不符");
  }

  @Test
  void householdAboveTwiceTheLowLineWithoutRightsMatterIsNotEligible() {
    ProcessInstance aidCase = start(applicant(MONTHLY_INCOME, 9000, RIGID_EXPENSES, 0));

    verify(aidCase);

    assertThat(aidCase).isEnded().hasPassed(CLOSE_NOT_ELIGIBLE).hasNotPassed(REFER_TO_ORGANISATIONS);
    assertThat(historicVariable(aidCase, HARDSHIP_LEVEL)).isEqualTo("NONE");
    assertThat(historicVariable(aidCase, CLOSURE_REASON)).isEqualTo("NOT_ELIGIBLE");
    assertThat((String) historicVariable(aidCase, CLOSURE_NOTE)).contains("不符合帮扶条件");
    assertThat(ENGINE.referrals().referralsOf(aidCase.getBusinessKey())).isEmpty();
  }

  @Test
  void correctionsOutsideTheIntakeRulesAreRefusedAndTheTaskStaysOpen() {
    ProcessInstance aidCase = start(applicant());

    assertThatThrownBy(() -> complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "更正",
        HOUSEHOLD_SIZE, 0, MONTHLY_INCOME, -5)))
        .hasRootCauseInstanceOf(RefusedInputException.class).hasMessageContaining(HOUSEHOLD_SIZE)
        .hasMessageContaining(MONTHLY_INCOME);

    assertThat(aidCase).isWaitingAt(VERIFY_CASE);
    assertThat(aidCase).variables().containsEntry(HOUSEHOLD_SIZE, 3);
  }

  @Test
  void theSchoolLevelOfTheVerificationIsKeptWithTheCaseAndOneOutsideTheFormsOptionsIsNot() {
    // over REST, TaskFieldsFilter refuses a level the form does not offer (ValuesApiIT); the registry keeps none either
    ProcessInstance given = start(applicant(CHILDREN_IN_SCHOOL, 1));
    ProcessInstance forged = start(applicant(CHILDREN_IN_SCHOOL, 1));

    complete(task(given), withVariables(VERIFIED, true, VERIFICATION_NOTE, "孩子读初二", SCHOOL_LEVEL, "初中"));
    complete(task(forged), withVariables(VERIFIED, true, VERIFICATION_NOTE, "孩子读博", SCHOOL_LEVEL, "博士"));

    assertThat(ENGINE.jdbc().queryForObject("SELECT school_level FROM aid_case WHERE case_number = ?", String.class,
        given.getBusinessKey())).isEqualTo("初中");
    assertThat(ENGINE.jdbc().queryForObject("SELECT school_level FROM aid_case WHERE case_number = ?", String.class,
        forged.getBusinessKey())).isNull();
  }

  @Test
  void verifierCorrectionsDecideTheHardshipLevel() {
    ProcessInstance aidCase = start(applicant(MONTHLY_INCOME, 9000, RIGID_EXPENSES, 0));

    complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "收入实为每月3000元",
        MONTHLY_INCOME, 3000));

    assertThat(aidCase).isWaitingAt(REFER_TO_ORGANISATIONS);
    assertThat(aidCase).variables().containsEntry(HARDSHIP_LEVEL, "DEEP");
  }

  @Test
  void severalOrganisationsWorkTheirReferralsInParallel() {
    ProcessInstance aidCase = start(applicant(CATEGORIES, List.of("medical", "education"), SERIOUS_ILLNESS, true,
        CHILDREN_IN_SCHOOL, 1));
    verify(aidCase);

    assertThat(aidCase).isWaitingAt(REFER_TO_ORGANISATIONS);
    assertThat(aidCase).variables().containsEntry(REFERRAL_ORGS, List.of("union", "charity", "civil"));
    ProcessInstance union = referral(aidCase, "union");
    ProcessInstance charity = referral(aidCase, "charity");
    ProcessInstance civil = referral(aidCase, "civil");
    assertThat(union).variables().containsEntry(SERVICES, "hardship-grant,education-aid")
        .containsEntry(SERVICES_TEXT, "困难帮扶金、金秋助学").containsEntry(CASE_NUMBER, aidCase.getBusinessKey());
    assertThat(union.getBusinessKey()).isEqualTo(aidCase.getBusinessKey());
    // receiving organisations see the masked identity only, in their form's header, read from the case: the referral
    // keeps no copy of the applicant's details
    assertThat(runtimeService().getVariables(charity.getId())).doesNotContainKeys(ID_NUMBER, PHONE, ID_NUMBER_MASKED,
        PHONE_MASKED, AGE, REGION, HOUSEHOLD_SIZE, MONTHLY_INCOME, DESCRIPTION);
    String idNumberMasked = (String) runtimeService().getVariable(aidCase.getId(), ID_NUMBER_MASKED);
    String phoneMasked = (String) runtimeService().getVariable(aidCase.getId(), PHONE_MASKED);
    assertThat(shownText(task(charity), CASE_HEADER)).contains(idNumberMasked, phoneMasked, "测试申请人", "医疗、助学")
        .doesNotContain((String) applicant().get(PHONE));

    deliver(civil, 800);
    deliver(union, 2000);
    assertThat(aidCase).isWaitingAt(REFER_TO_ORGANISATIONS);
    deliver(charity, 1500);

    assertThat(aidCase).isWaitingAt(WAIT_FOR_FOLLOW_UP).hasPassed(SUMMARIZE_REFERRALS);
    assertThat((String) runtimeService().getVariable(aidCase.getId(), REFERRAL_SUMMARY))
        .contains("总工会", "慈善总会", "民政", "2,000.00 元");
  }

  @Test
  void aReferralsCopiesOfTheCaseKeepTheirValueWithoutRepeatingTheCasesChangeRows() {
    ProcessInstance aidCase = start(applicant(CATEGORIES, List.of("medical"), SERIOUS_ILLNESS, true));
    verify(aidCase);
    ProcessInstance union = referral(aidCase, "union");

    for (String copy : List.of(CASE_NUMBER, NAME, ORG, SERVICES, ASSESSMENT_CYCLE)) {
      Object value = runtimeService().getVariable(union.getId(), copy);
      assertThat(value).as(copy).isNotNull();
      assertThat(historyService().createHistoricVariableInstanceQuery().processInstanceId(union.getId())
          .variableName(copy).singleResult().getValue()).as(copy).isEqualTo(value);
      assertThat(detailRows(union.getId(), copy)).as(copy).isZero();
    }
    // the case's own history has the values and when they were set (the name as entered; the case number as
    // registered, its latest value)
    assertThat(detailRows(aidCase.getId(), NAME)).isOne();
    assertThat(historyService().createHistoricVariableInstanceQuery().processInstanceId(aidCase.getId())
        .variableName(CASE_NUMBER).singleResult().getValue()).isEqualTo(aidCase.getBusinessKey());
    // a change made in the referral afterwards keeps its row
    runtimeService().setVariable(union.getId(), NAME, "更正姓名");
    assertThat(detailRows(union.getId(), NAME)).isOne();
  }

  @Test
  void withoutConsentOnlyTheIntakeOrganisationReceivesTheCase() {
    ProcessInstance aidCase = start(applicant(CATEGORIES, List.of("medical"), SERIOUS_ILLNESS, true, CONSENT, false));
    verify(aidCase);

    assertThat(aidCase).variables().containsEntry(REFERRAL_ORGS, List.of("union"));
    assertThat(referral(aidCase, "union")).variables()
        .containsEntry(SERVICES, "hardship-grant,major-illness-aid,safety-net-review");
    assertThat((String) runtimeService().getVariable(aidCase.getId(), ROUTING_NOTE)).contains("未同意");
    assertThat(ENGINE.cases().consentOf(aidCase.getBusinessKey()).orElseThrow().given()).isFalse();
  }

  @Test
  void hardshipCaseThatNoRowMatchesGoesToTheLeadOrganisation() {
    ProcessInstance aidCase = start(applicant(EMPLOYER, null, UNION_MEMBER, false, MONTHLY_INCOME, 5000,
        RIGID_EXPENSES, 0));
    verify(aidCase);

    assertThat(aidCase).variables().containsEntry(HARDSHIP_LEVEL, "RELATIVE")
        .containsEntry(REFERRAL_ORGS, List.of("union"));
    assertThat(referral(aidCase, "union")).variables().containsEntry(SERVICES, "hardship-grant");
  }

  // ------------------------------------------------------------------ declines

  @Test
  void oneDeclineDoesNotStopTheOthers() {
    ProcessInstance aidCase = start(applicant(CATEGORIES, List.of("accident")));
    verify(aidCase);
    decline(referral(aidCase, "charity"));
    deliver(referral(aidCase, "union"), 1000);
    deliver(referral(aidCase, "civil"), 500);

    assertThat(aidCase).isWaitingAt(WAIT_FOR_FOLLOW_UP);
    assertThat(aidCase).variables().containsEntry(ALL_DECLINED, false);
  }

  @Test
  void whenEveryReferralIsDeclinedTheUnionSupervisorsDecide() {
    ProcessInstance aidCase = start(applicant(CATEGORIES, List.of("wage-arrears"), MONTHLY_INCOME, 20000));
    verify(aidCase);
    decline(referral(aidCase, "union"));

    assertThat(aidCase).isWaitingAt(DECIDE_DECLINED_CASE);
    assertThat(task(aidCase)).hasCandidateGroup("union-33-supervisors");
    complete(task(aidCase), withVariables(SUPERVISOR_DECISION, "REFERRED_TO_GOVERNMENT", SUPERVISOR_NOTE, "转人社部门劳动监察"));

    assertThat(aidCase).isEnded().hasPassed(CLOSE_BY_SUPERVISOR);
    assertThat(historicVariable(aidCase, CLOSURE_REASON)).isEqualTo("REFERRED_TO_GOVERNMENT");
    assertThat((String) historicVariable(aidCase, CASE_SUMMARY)).contains("已拒绝：不在本单位职责范围");
  }

  @Test
  void supervisorCanSendADeclinedCaseBackToVerification() {
    ProcessInstance aidCase = start(applicant(CATEGORIES, List.of("wage-arrears"), MONTHLY_INCOME, 20000));
    verify(aidCase);
    decline(referral(aidCase, "union"));

    complete(task(aidCase), withVariables(SUPERVISOR_DECISION, "REASSESS", SUPERVISOR_NOTE, "重新核实收入"));

    assertThat(aidCase).isWaitingAt(VERIFY_CASE).hasPassed(START_REASSESSMENT);
    assertThat(aidCase).variables().containsEntry(ASSESSMENT_CYCLE, 2).containsEntry(REASSESSMENT_COUNT, 1);
  }

  // ------------------------------------------------------------------ follow-up and closure

  @Test
  void resolvedAtTheFirstFollowUpThirtyDaysLaterClosesTheCase() {
    ProcessInstance aidCase = start(applicant(CATEGORIES, List.of("wage-arrears"), MONTHLY_INCOME, 20000,
        EMPLOYMENT_FORM, "delivery-rider"));
    verify(aidCase);
    deliver(referral(aidCase, "union"), 0);

    assertThat(aidCase).isWaitingAt(WAIT_FOR_FOLLOW_UP);
    assertThat(job(aidCase).getDuedate().toInstant())
        .isCloseTo(Instant.now().plus(Duration.ofDays(30)), within(Duration.ofMinutes(1)));
    execute(job(aidCase));
    assertThat(task(aidCase)).hasDefinitionKey(FOLLOW_UP).hasCandidateGroup("union-33-caseworkers");
    complete(task(aidCase), withVariables(FOLLOW_UP_OUTCOME, "RESOLVED", SATISFACTION, 5, "followUpNote", "欠薪已追回"));

    assertThat(aidCase).isEnded().hasPassed(CLOSE_AFTER_FOLLOW_UP, CASE_CLOSED);
    assertThat(historicVariable(aidCase, CLOSURE_REASON)).isEqualTo("RESOLVED");
    assertThat((String) historicVariable(aidCase, CASE_SUMMARY)).contains("总工会（劳动维权法律援助）：已帮扶")
        .contains("维权已解决，追回 6,000.00 元");
    assertThat(ENGINE.cases().statusOf(aidCase.getBusinessKey())).contains(CaseRegistry.CLOSED);
  }

  @Test
  void theVerifierSeesAidThePersonReceivedInTheLastYearFromAnyOrganisation() {
    Map<String, Object> person = applicant();
    ProcessInstance first = start(person);
    assertThat(first).variables().containsEntry(PRIOR_AID, "近365天无帮扶记录");
    verify(first);
    deliver(referral(first, "union"), 1000);
    deliver(referral(first, "civil"), 500);
    followUp(first, "RESOLVED");

    ProcessInstance second = start(person);

    assertThat(second).isWaitingAt(VERIFY_CASE).hasPassed(LOOK_UP_PRIOR_AID);
    assertThat((String) runtimeService().getVariable(second.getId(), PRIOR_AID))
        .contains("总工会（困难帮扶金）", "1,000.00 元", "民政", "500.00 元", first.getBusinessKey());
  }

  @Test
  void improvedCaseGetsASecondFollowUpNinetyDaysLaterThenCloses() {
    ProcessInstance aidCase = deliveredCase();
    followUp(aidCase, "IMPROVED");

    assertThat(aidCase).isWaitingAt(WAIT_FOR_FOLLOW_UP).variables().containsEntry(FOLLOW_UP_ROUND, 2);
    assertThat(job(aidCase).getDuedate().toInstant())
        .isCloseTo(Instant.now().plus(Duration.ofDays(90)), within(Duration.ofMinutes(1)));
    followUp(aidCase, "IMPROVED");

    assertThat(aidCase).isEnded().hasPassed(CLOSE_AFTER_FOLLOW_UP);
    assertThat(historicVariable(aidCase, CLOSURE_REASON)).isEqualTo("IMPROVED");
  }

  @Test
  void everyFollowUpsScoreIsKeptAndTheCockpitAveragesThemAll() {
    ProcessInstance aidCase = deliveredCase();
    execute(job(aidCase));
    complete(task(aidCase), withVariables(FOLLOW_UP_OUTCOME, "IMPROVED", SATISFACTION, 4, "followUpNote", "有改善"));
    execute(job(aidCase));
    complete(task(aidCase), withVariables(FOLLOW_UP_OUTCOME, "IMPROVED", SATISFACTION, 1, "followUpNote", "仍困难"));

    assertThat(aidCase).isEnded();
    assertThat(ENGINE.jdbc().queryForList("SELECT score FROM follow_up_score WHERE case_number = ? ORDER BY id",
        Integer.class, aidCase.getBusinessKey())).containsExactly(4, 1);
    assertThat(ENGINE.jdbc().queryForMap("SELECT satisfaction_sum, satisfaction_count FROM cockpit_case"
        + " WHERE case_number = ?", aidCase.getBusinessKey())).containsEntry("SATISFACTION_SUM", 5)
        .containsEntry("SATISFACTION_COUNT", 2);
  }

  @Test
  void aReachedFollowUpWithoutSatisfactionIsRefused() {
    ProcessInstance aidCase = deliveredCase();
    execute(job(aidCase));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> complete(task(aidCase), withVariables(
        FOLLOW_UP_OUTCOME, "RESOLVED", "followUpNote", "已脱困"))).hasMessageContaining(SATISFACTION);
    assertThat(aidCase).isWaitingAt(FOLLOW_UP);
  }

  @Test
  void threeFailedContactsInARoundCloseTheCaseAsLostContact() {
    ProcessInstance aidCase = deliveredCase();
    execute(job(aidCase));

    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThat(aidCase).isWaitingAt(FOLLOW_UP);
      complete(task(aidCase), withVariables(CONTACT_MADE, false, CONTACT_NOTE, "第" + attempt + "次电话无人接听"));
      if (attempt < 3) {
        assertThat(aidCase).isWaitingAt(WAIT_TO_RETRY_CONTACT).variables().containsEntry(CONTACT_ATTEMPTS, attempt);
        assertThat(job(aidCase).getDuedate().toInstant())
            .isCloseTo(Instant.now().plus(Duration.ofDays(3)), within(Duration.ofMinutes(1)));
        execute(job(aidCase));
      }
    }

    assertThat(aidCase).isEnded().hasPassed(RECORD_FAILED_CONTACT, CLOSE_LOST_CONTACT, CASE_LOST_CONTACT);
    assertThat(historicVariable(aidCase, CLOSURE_REASON)).isEqualTo("LOST_CONTACT");
    assertThat(historicVariable(aidCase, CLOSURE_NOTE)).isEqualTo("第3次电话无人接听");
  }

  @Test
  void aFailedContactIsRetriedAndCountsOnlyInItsRound() {
    ProcessInstance aidCase = deliveredCase();
    execute(job(aidCase));
    complete(task(aidCase), withVariables(CONTACT_MADE, false, CONTACT_NOTE, "电话停机"));
    execute(job(aidCase));
    complete(task(aidCase), withVariables(CONTACT_MADE, false, CONTACT_NOTE, "上门未遇"));
    execute(job(aidCase));
    // reached at the third try: the outcome counts, not the attempts
    complete(task(aidCase), withVariables(CONTACT_MADE, true, FOLLOW_UP_OUTCOME, "IMPROVED", SATISFACTION, 4,
        "followUpNote", "已联系上，情况好转"));

    assertThat(aidCase).isWaitingAt(WAIT_FOR_FOLLOW_UP).variables().containsEntry(FOLLOW_UP_ROUND, 2)
        .containsEntry(CONTACT_ATTEMPTS, 0);
    execute(job(aidCase));
    complete(task(aidCase), withVariables(CONTACT_MADE, false, CONTACT_NOTE, "无人接听"));
    assertThat(aidCase).isWaitingAt(WAIT_TO_RETRY_CONTACT).variables().containsEntry(CONTACT_ATTEMPTS, 1)
        .containsEntry(FOLLOW_UP_OUTCOME, null);
  }

  @Test
  void aFollowUpNeedsAnOutcomeWhenReachedAndANoteWhenNot() {
    ProcessInstance aidCase = deliveredCase();
    execute(job(aidCase));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> complete(task(aidCase), withVariables(CONTACT_MADE, false)))
        .hasMessageContaining(CONTACT_NOTE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> complete(task(aidCase), withVariables(CONTACT_MADE, true,
        FOLLOW_UP_OUTCOME, "MAYBE", SATISFACTION, 9))).hasMessageContaining(FOLLOW_UP_OUTCOME)
        .hasMessageContaining(SATISFACTION);
    assertThat(aidCase).isWaitingAt(FOLLOW_UP);
  }

  @Test
  void caseThatDoesNotImproveIsReassessedThreeTimesThenTheSupervisorsDecide() {
    ProcessInstance aidCase = deliveredCase();

    for (int reassessment = 1; reassessment <= 3; reassessment++) {
      followUp(aidCase, reassessment % 2 == 0 ? "WORSE" : "NOT_IMPROVED");
      assertThat(aidCase).isWaitingAt(VERIFY_CASE).variables()
          .containsEntry(REASSESSMENT_COUNT, reassessment).containsEntry(ASSESSMENT_CYCLE, reassessment + 1);
      verify(aidCase);
      deliver(referral(aidCase, "union"), 500);
      deliver(referral(aidCase, "civil"), 500);
    }
    followUp(aidCase, "NOT_IMPROVED");

    assertThat(aidCase).isWaitingAt(DECIDE_STALLED_CASE);
    assertThat(task(aidCase)).hasCandidateGroup("union-33-supervisors");
    complete(task(aidCase), withVariables(SUPERVISOR_DECISION, "LOST_CONTACT", SUPERVISOR_NOTE, "多次联系未果"));
    assertThat(aidCase).isEnded().hasPassed(CLOSE_BY_SUPERVISOR);
    assertThat(historicVariable(aidCase, CLOSURE_REASON)).isEqualTo("LOST_CONTACT");
    assertThat(ENGINE.referrals().referralsOf(aidCase.getBusinessKey())).hasSize(8)
        .extracting(Referral::assessmentCycle).containsOnly(1, 2, 3, 4);
  }

  @Test
  void withdrawalClosesTheCaseAndCancelsOpenReferrals() {
    ProcessInstance aidCase = start(applicant(CATEGORIES, List.of("medical"), SERIOUS_ILLNESS, true));
    verify(aidCase);
    deliver(referral(aidCase, "union"), 1000);
    ProcessInstance charity = referral(aidCase, "charity");
    complete(task(charity), withVariables(ACCEPTED, true));
    complete(task(charity), withVariables(CASH_ITEMS, cash("charity-aid", 1000, "charity-aid", 500),
        SERVICES, "major-illness-aid"));
    assertThat(charity).isWaitingAt(DELIVER_ASSISTANCE);
    assertThat(ENGINE.ledger().balance("charity-aid", java.time.LocalDate.now().getYear()).reserved())
        .isEqualByComparingTo("1500");

    runtimeService().createMessageCorrelation(AidCaseModel.APPLICANT_WITHDREW_MESSAGE)
        .processInstanceBusinessKey(aidCase.getBusinessKey()).correlate();

    assertThat(aidCase).isEnded().hasPassed(CLOSE_WITHDRAWN);
    assertThat(historicVariable(aidCase, CLOSURE_REASON)).isEqualTo("WITHDRAWN");
    assertThat(runtimeService().createProcessInstanceQuery().processInstanceBusinessKey(aidCase.getBusinessKey())
        .count()).isZero();
    assertThat(ENGINE.jdbc().queryForObject("SELECT COALESCE(SUM(CASE WHEN kind = 'RESERVE' THEN amount"
        + " ELSE -amount END), 0) FROM ledger_entry WHERE case_number = ?", java.math.BigDecimal.class,
        aidCase.getBusinessKey())).as("money still reserved for the withdrawn case").isZero();
    assertThat(ENGINE.referrals().referralsOf(aidCase.getBusinessKey()))
        .extracting(Referral::org, Referral::status)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("union", Status.DELIVERED),
            org.assertj.core.groups.Tuple.tuple("charity", Status.CANCELLED),
            org.assertj.core.groups.Tuple.tuple("civil", Status.CANCELLED));
  }

  // ------------------------------------------------------------------ helpers

  private static ProcessInstance start(Map<String, Object> variables) {
    return runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, variables);
  }

  /** A DEEP case (union and civil) with both referrals delivered, waiting for the first follow-up. */
  private static ProcessInstance deliveredCase() {
    ProcessInstance aidCase = start(applicant());
    verify(aidCase);
    deliver(referral(aidCase, "union"), 1000);
    deliver(referral(aidCase, "civil"), 500);
    assertThat(aidCase).isWaitingAt(WAIT_FOR_FOLLOW_UP);
    return aidCase;
  }

  private static void verify(ProcessInstance aidCase) {
    assertThat(aidCase).isWaitingAt(VERIFY_CASE);
    complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实"));
  }

  private static ProcessInstance referral(ProcessInstance aidCase, String org) {
    return runtimeService().createProcessInstanceQuery().superProcessInstanceId(aidCase.getId())
        .variableValueEquals(ORG, org).singleResult();
  }

  private static void deliver(ProcessInstance referral, int amount) {
    String org = (String) runtimeService().getVariable(referral.getId(), ORG);
    complete(task(referral), withVariables(ACCEPTED, true));
    if (ASSESS_SAFETY.equals(task(referral).getTaskDefinitionKey())) {
      // the Women's Federation's track: no immediate danger, no protection order wanted, legal aid resolves it
      complete(task(referral), withVariables(IMMEDIATE_DANGER, false, RIGHTS_NOTE, "暂无现实危险"));
      complete(task(referral), withVariables(PROTECTION_ORDER_SKIPPED, true, PROTECTION_ORDER_SKIP_REASON, "申请人暂不申请"));
      complete(task(referral), withVariables(RIGHTS_RESOLVED, true, RIGHTS_NOTE, "法律援助已解决"));
    }
    if (MEDIATE.equals(task(referral).getTaskDefinitionKey())) {
      complete(task(referral), withVariables(RIGHTS_RESOLVED, true, RECOVERED_AMOUNT, 6000, RIGHTS_NOTE, "调解追回欠薪"));
    }
    // a plan without cash gives a service instead
    complete(task(referral), withVariables(CASH_ITEMS, amount == 0 ? cash() : cash(org + "-aid", amount),
        SERVICE_ITEMS, amount == 0 ? services("legal-aid") : services(),
        SERVICES, runtimeService().getVariable(referral.getId(), SERVICES)));
    if (OVERRIDE_DOUBLE_AID.equals(task(referral).getTaskDefinitionKey())) {
      // the same aid again within a year (a reassessment): the supervisors allow it
      complete(task(referral), withVariables(DOUBLE_AID_OVERRIDE, true, DOUBLE_AID_OVERRIDE_REASON, "重新评估后仍需帮扶"));
    }
    complete(task(referral), withVariables(DELIVERED, true, PAID_ITEMS, amount == 0 ? paid() : paid("cash-1"),
        "deliveryNote", "已发放"));
    execute(job(referral));
    assertThat(referral).isEnded();
  }

  private static void decline(ProcessInstance referral) {
    complete(task(referral), withVariables(ACCEPTED, false, DECLINE_REASON, "不在本单位职责范围"));
  }

  private static void followUp(ProcessInstance aidCase, String outcome) {
    execute(job(aidCase));
    complete(task(aidCase), withVariables(FOLLOW_UP_OUTCOME, outcome, SATISFACTION, 3, "followUpNote", "电话回访"));
  }

  private static Object historicVariable(ProcessInstance instance, String name) {
    return historyService().createHistoricVariableInstanceQuery().processInstanceId(instance.getId())
        .variableName(name).singleResult().getValue();
  }

  private static Integer countCases() {
    return ENGINE.jdbc().queryForObject("SELECT COUNT(*) FROM aid_case", Integer.class);
  }

}
