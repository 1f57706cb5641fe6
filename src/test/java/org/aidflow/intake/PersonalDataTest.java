package org.aidflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.aidflow.shared.PersonalData;
import org.aidflow.shared.PrivacySettings;
import org.junit.jupiter.api.Test;

class PersonalDataTest {

  @Test
  void masksKeepTheFirstSixAndLastFourOfAnIdNumberAndTheFirstThreeAndLastFourOfAPhone() {
    assertThat(PersonalData.maskIdNumber("11010519491231002X")).isEqualTo("110105********002X");
    assertThat(PersonalData.maskPhone("13812345678")).isEqualTo("138****5678");
  }

  @Test
  void keyedHashFindsTheSamePersonWhateverTheCaseOfXAndDependsOnTheKey() {
    PersonalData one = new PersonalData(new PrivacySettings("first-secret-key-0123"));
    PersonalData other = new PersonalData(new PrivacySettings("other-secret-key-0123"));

    assertThat(one.idNumberHash("11010519491231002x")).isEqualTo(one.idNumberHash("11010519491231002X"))
        .doesNotContain("110105").hasSize(64);
    assertThat(other.idNumberHash("11010519491231002X")).isNotEqualTo(one.idNumberHash("11010519491231002X"));
  }

  @Test
  void refusesToRunWithoutAHashKeyAndSaysWhichSettingIsMissing() {
    assertThatThrownBy(() -> new PrivacySettings(null)).hasMessageContaining("aidflow.privacy.hash-key")
        .hasMessageContaining("AIDFLOW_PRIVACY_HASH_KEY");
    assertThatThrownBy(() -> new PrivacySettings("short")).hasMessageContaining("16 characters");
  }
}
