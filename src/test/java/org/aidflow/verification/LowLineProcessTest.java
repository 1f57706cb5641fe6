package org.aidflow.verification;

import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Date;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.support.EngineClock;
import org.aidflow.support.ProcessTestEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * lookUpLowLine reads table low_line on the day verifyCase completes, in China: the line in force that day for the
 * most specific prefix of the applicant's region. The default applicant's household has 900 CNY per person.
 * Prefixes 3381 and 3382 are no real city's, so the lines here are the tests' own.
 */
@Deployment(resources = {"processes/aid-case.bpmn", "processes/referral.bpmn", "processes/service-order.bpmn", "processes/decisions/intake-org.dmn",
    "processes/decisions/hardship-level.dmn", "processes/decisions/referral-routing.dmn",
    "processes/decisions/approval-level.dmn"})
class LowLineProcessTest {

  private static final ProcessTestEngine ENGINE = new ProcessTestEngine();

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ENGINE.extension();

  private final LowLines lowLines = new LowLines(ENGINE.jdbc(), new EngineClock(), ENGINE.policy());

  @BeforeEach
  void setUp(ProcessEngine processEngine) {
    init(processEngine);
  }

  @Test
  void theDayBeforeAChangeGetsTheOldLineAndTheChangeDayInChinaTheNew() {
    lowLines.add("3381", LocalDate.of(2000, 1, 1), new BigDecimal("850"), "test");
    lowLines.add("3381", LocalDate.of(2027, 3, 1), new BigDecimal("950"), "test");

    ProcessInstance before = verifiedAt("338102", LocalDateTime.of(2027, 2, 28, 23, 30));
    // 00:30 on 1 March in China is still 28 February in UTC: the date is China's
    ProcessInstance after = verifiedAt("338102", LocalDateTime.of(2027, 3, 1, 0, 30));
    ProcessInstance dayAfter = verifiedAt("338102", LocalDateTime.of(2027, 3, 2, 9, 0));

    assertThat(lowLine(before)).isEqualTo(850.0);
    assertThat(hardshipLevel(before)).as("900 < 2 x 850").isEqualTo("RELATIVE");
    assertThat(lowLine(after)).isEqualTo(950.0);
    assertThat(hardshipLevel(after)).as("900 < 950").isEqualTo("DEEP");
    assertThat(lowLine(dayAfter)).isEqualTo(950.0);
  }

  @Test
  void theMostSpecificPrefixWithALineInForceWinsAndTheProvinceCoversTheRest() {
    lowLines.add("3382", LocalDate.of(2000, 1, 1), new BigDecimal("1000"), "test");
    lowLines.add("338201", LocalDate.of(2027, 3, 1), new BigDecimal("1150"), "test");

    assertThat(lowLine(verifiedAt("338201", LocalDateTime.of(2027, 2, 28, 12, 0))))
        .as("the district's line is not in force yet: the city's").isEqualTo(1000.0);
    assertThat(lowLine(verifiedAt("338201", LocalDateTime.of(2027, 3, 1, 12, 0)))).as("the district's")
        .isEqualTo(1150.0);
    assertThat(lowLine(verifiedAt("338202", LocalDateTime.of(2027, 3, 1, 12, 0)))).as("a district without a line")
        .isEqualTo(1000.0);
    assertThat(lowLine(verifiedAt("338301", LocalDateTime.of(2027, 3, 1, 12, 0)))).as("the province's (V15)")
        .isEqualTo(1200.0);
  }

  @Test
  void aRegionTheTableDoesNotCoverGetsTheConfiguredDefault() {
    BigDecimal configured = ENGINE.policy().getDefaultLowLine();
    ENGINE.policy().setDefaultLowLine(new BigDecimal("1234"));
    try {
      assertThat(lowLine(verifiedAt("110101", LocalDateTime.of(2027, 3, 1, 12, 0)))).isEqualTo(1234.0);
    } finally {
      ENGINE.policy().setDefaultLowLine(configured);
    }
  }

  @Test
  void aLowLineSentWithTheVerificationIsOverwrittenByTheTables() {
    ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(REGION, "330106"));
    complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实", LOW_LINE, 99999.0));

    assertThat(lowLine(aidCase)).isEqualTo(1200.0);
  }

  /** A case of the region whose verifyCase completes at that time in China. */
  private static ProcessInstance verifiedAt(String region, LocalDateTime chinaTime) {
    ProcessInstance aidCase = runtimeService().startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(REGION, region));
    ClockUtil.setCurrentTime(Date.from(chinaTime.atZone(AidFlowConfiguration.ZONE).toInstant()));
    try {
      complete(task(aidCase), withVariables(VERIFIED, true, VERIFICATION_NOTE, "情况属实"));
    } finally {
      ClockUtil.reset();
    }
    return aidCase;
  }

  private static Object lowLine(ProcessInstance aidCase) {
    return variable(aidCase, LOW_LINE);
  }

  private static Object hardshipLevel(ProcessInstance aidCase) {
    return variable(aidCase, HARDSHIP_LEVEL);
  }

  private static Object variable(ProcessInstance aidCase, String name) {
    return historyService().createHistoricVariableInstanceQuery().processInstanceId(aidCase.getId())
        .variableName(name).singleResult().getValue();
  }
}
