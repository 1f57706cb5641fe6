package org.aidflow.intake;

import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.RefusedInputException;
import org.aidflow.shared.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntakeValidatorTest {

  private final IntakeValidator validator = new IntakeValidator(Clock.system(AidFlowConfiguration.ZONE));

  @Test
  void validApplicantIsNormalised() {
    ValidatedIntake intake = validator.validate(applicant(CATEGORIES, "[\"living\",\"medical\",\"living\"]",
        HOUSEHOLD_SIZE, "3", MONTHLY_INCOME, 2999.5));

    assertThat(intake.categories()).containsExactly("living", "medical");
    assertThat(intake.householdSize()).isEqualTo(3);
    assertThat(intake.monthlyIncome()).isEqualByComparingTo("2999.5");
    assertThat(intake.urgent()).isFalse();
  }

  @ParameterizedTest(name = "{0} = {1} is {2}")
  @CsvSource(nullValues = "null", value = {
      "householdSize, 1, valid", "householdSize, 20, valid", "householdSize, 0, invalid", "householdSize, 21, invalid",
      "householdSize, 2.5, invalid", "monthlyIncome, 0, valid", "monthlyIncome, 1000000, valid",
      "monthlyIncome, 1000000.01, invalid", "monthlyIncome, -1, invalid", "monthlyIncome, 12.345, invalid",
      "rigidExpenses, null, invalid", "childrenInSchool, 0, valid", "childrenInSchool, -1, invalid",
      "phone, 13912345678, valid", "phone, 12912345678, invalid", "phone, 1391234567, invalid",
      "region, 330102, valid", "region, 990102, invalid", "region, 33010, invalid",
      "channel, hotline-12338, valid", "channel, fax, invalid", "employmentForm, delivery-rider, valid",
      "employmentForm, pilot, invalid", "consent, false, valid", "consent, null, invalid", "name, null, invalid",
      "address, '  ', invalid", "employer, null, valid"})
  void fieldBoundaries(String field, String value, String verdict) {
    Map<String, Object> fields = applicant(field, value);
    if ("consent".equals(field) && value != null) {
      fields.put(field, Boolean.valueOf(value));
    }
    RefusedInputException rejected = catchThrowableOfType(RefusedInputException.class,
        () -> validator.validate(fields));
    if ("valid".equals(verdict)) {
      assertThat(rejected).isNull();
    } else {
      assertThat(rejected).isNotNull();
      assertThat(rejected.violations()).extracting(Violation::field).containsExactly(field);
    }
  }

  @Test
  void descriptionMayHave2000CharactersButNotMore() {
    assertThat(catchThrowableOfType(RefusedInputException.class,
        () -> validator.validate(applicant(DESCRIPTION, "困".repeat(2000))))).isNull();
    assertThat(catchThrowableOfType(RefusedInputException.class,
        () -> validator.validate(applicant(DESCRIPTION, "困".repeat(2001)))).violations())
        .extracting(Violation::field).containsExactly(DESCRIPTION);
  }

  @Test
  void everyInvalidFieldIsReportedAtOnceInChineseAndEnglish() {
    RefusedInputException rejected = catchThrowableOfType(RefusedInputException.class,
        () -> validator.validate(applicant(CATEGORIES, List.of("living", "lottery"), ID_NUMBER, "123", CHANNEL, null)));

    assertThat(rejected.violations()).extracting(Violation::field)
        .containsExactlyInAnyOrder(CATEGORIES, ID_NUMBER, CHANNEL);
    assertThat(rejected.violations()).allSatisfy(v -> {
      assertThat(v.messageZh()).isNotBlank();
      assertThat(v.messageEn()).isNotBlank();
    });
    assertThat(rejected.getMessage()).contains("lottery");
  }

  @Test
  void minorProtectionMakesTheCaseUrgent() {
    assertThat(validator.validate(applicant(CATEGORIES, List.of("minor-protection"))).urgent()).isTrue();
    assertThat(validator.validate(applicant(URGENT, true)).urgent()).isTrue();
  }
}
