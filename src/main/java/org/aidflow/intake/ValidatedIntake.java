package org.aidflow.intake;

import java.math.BigDecimal;
import java.util.List;

/** An intake record that passed every rule, normalised, with what docs/policy.md derives from it. */
public record ValidatedIntake(
    String name,
    IdNumber idNumber,
    String phone,
    String region,
    String address,
    String employer,
    boolean unionMember,
    String employmentForm,
    int householdSize,
    BigDecimal monthlyIncome,
    BigDecimal rigidExpenses,
    int childrenInSchool,
    List<String> categories,
    boolean seriousIllness,
    boolean disability,
    boolean urgent,
    String description,
    String channel,
    boolean consent,
    int age) {
}
