package org.aidflow.annualreview;

import static org.aidflow.shared.ProcessVariables.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aidflow.followup.HardshipHouseholds;
import org.aidflow.followup.HardshipHouseholds.Household;
import org.aidflow.shared.AidFlowConfiguration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.spin.Spin;
import org.camunda.spin.plugin.variable.SpinValues;
import org.springframework.stereotype.Component;

/**
 * {@code selectHouseholdsDue}: starts the review of every hardship household due for its annual review (动态管理)
 * that no other run has started, and hands them to the multi-instance review as {@code households}.
 */
@Component
public class SelectHouseholdsDueDelegate implements JavaDelegate {

  private final HardshipHouseholds households;
  private final org.aidflow.shared.CaseRegistry cases;

  public SelectHouseholdsDueDelegate(HardshipHouseholds households, org.aidflow.shared.CaseRegistry cases) {
    this.households = households;
    this.cases = cases;
  }

  @Override
  public void execute(DelegateExecution execution) {
    // the engine's clock, so that timers and tests agree on "now"
    Instant now = ClockUtil.getCurrentTime().toInstant();
    List<Map<String, Object>> started = new ArrayList<>();
    for (Household household : households.householdsDueForReview(now)) {
      if (households.markReviewStarted(household.id())) {
        // the review is the case's intake unit's work (its model: ${org}-caseworkers)
        String unit = cases.caseOf(household.caseNumber()).map(org.aidflow.shared.CaseRegistry.RegisteredCase::intakeUnit)
            .orElse(org.aidflow.shared.Organisation.provinceUnit(household.org()));
        started.add(describe(household, unit));
      }
    }
    // transient: the list spans organisations, so it must not stay readable in the instance or its history;
    // each review keeps only its own element
    execution.setVariable(HOUSEHOLDS, SpinValues.jsonValue(Spin.JSON(started)).setTransient(true).create());
    execution.setVariable(HOUSEHOLD_COUNT, started.size());
  }

  /** What the reviewer sees: no ID number, phone or person hash. */
  private static Map<String, Object> describe(Household household, String unit) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put(HOUSEHOLD_ID, household.id());
    row.put(CASE_NUMBER, household.caseNumber());
    row.put(ORG, unit);
    row.put(HARDSHIP_LEVEL, household.hardshipLevel());
    row.put(NAME_MASKED, household.nameMasked());
    row.put(REGISTERED_AT, date(household.registeredAt()));
    row.put(LAST_VERIFIED_AT, date(household.lastVerifiedAt()));
    return row;
  }

  private static String date(Instant instant) {
    return LocalDate.ofInstant(instant, AidFlowConfiguration.ZONE).toString();
  }
}
