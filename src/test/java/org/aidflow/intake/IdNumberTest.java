package org.aidflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdNumberTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

  @Test
  void acceptsTheStandardsExampleAndDerivesBirthDateAgeAndGender() {
    // the example of GB 11643-1999: check character X
    IdNumber id = IdNumber.parse("11010519491231002X", TODAY).orElseThrow();

    assertThat(id.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
    assertThat(id.ageOn(TODAY)).isEqualTo(76);
    assertThat(id.gender()).isEqualTo("female");
  }

  @Test
  void oddSequenceDigitMeansMaleAndLowerCaseXIsAccepted() {
    assertThat(IdNumber.parse("110105194912310010", TODAY)).isEmpty();
    String male = "33010219860315001";
    String id = male + IdNumber.checkCharacter(male);
    assertThat(IdNumber.parse(id.toLowerCase(), TODAY).orElseThrow().gender()).isEqualTo("male");
  }

  @Test
  void ageChangesOnTheBirthday() {
    String first17 = "33010220081126002";
    IdNumber id = IdNumber.parse(first17 + IdNumber.checkCharacter(first17), TODAY).orElseThrow();
    assertThat(id.ageOn(TODAY)).isEqualTo(18);
    assertThat(id.ageOn(TODAY.minusDays(1))).isEqualTo(17);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "110105194912310021", // wrong check character
      "11010519491331002X", // month 13
      "11010519490230002X", // 30 February
      "99010519491231002X", // no such province
      "11010520301231002X", // born in the future
      "11010518991231002X", // born before 1900
      "1101051949123100",   // too short
      "11010519491231002Y", // not a check character
      ""})
  void rejectsInvalidNumbers(String raw) {
    assertThat(IdNumber.parse(raw, TODAY)).isEmpty();
  }
}
