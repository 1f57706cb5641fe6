package org.aidflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.aidflow.shared.PersonalData;
import org.aidflow.shared.PrivacySettings;
import org.aidflow.support.ProcessTestEngine;
import org.junit.jupiter.api.Test;

class PersonalDataTest {

  private static final String KEY = ProcessTestEngine.TEST_ENCRYPTION_KEY;

  @Test
  void encryptsWithAFreshIvEachTimeAndDecryptsOnlyWithTheSameKey() {
    PersonalData one = new PersonalData(new PrivacySettings("first-secret-key-0123", KEY));
    String first = one.encrypt("11010519491231002X");
    String second = one.encrypt("11010519491231002X");

    assertThat(first).isNotEqualTo(second).doesNotContain("110105");
    assertThat(one.decrypt(first)).isEqualTo("11010519491231002X");
    PersonalData otherKey = new PersonalData(new PrivacySettings("first-secret-key-0123",
        java.util.Base64.getEncoder().encodeToString(new byte[32])));
    assertThatThrownBy(() -> otherKey.decrypt(first)).isInstanceOf(IllegalStateException.class);
    String tampered = first.substring(0, first.length() - 4) + (first.endsWith("AAAA") ? "BBBB" : "AAAA");
    assertThatThrownBy(() -> one.decrypt(tampered)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesAnEncryptionKeyThatIsNot256Bits() {
    assertThatThrownBy(() -> new PrivacySettings("first-secret-key-0123", "c2hvcnQ="))
        .hasMessageContaining("aidflow.privacy.encryption-key");
    assertThatThrownBy(() -> new PrivacySettings("first-secret-key-0123", null))
        .hasMessageContaining("AIDFLOW_PRIVACY_ENCRYPTION_KEY");
  }

  @Test
  void masksKeepTheFirstSixAndLastFourOfAnIdNumberAndTheFirstThreeAndLastFourOfAPhone() {
    assertThat(PersonalData.maskIdNumber("11010519491231002X")).isEqualTo("110105********002X");
    assertThat(PersonalData.maskPhone("13812345678")).isEqualTo("138****5678");
  }

  @Test
  void keyedHashFindsTheSamePersonWhateverTheCaseOfXAndDependsOnTheKey() {
    PersonalData one = new PersonalData(new PrivacySettings("first-secret-key-0123", KEY));
    PersonalData other = new PersonalData(new PrivacySettings("other-secret-key-0123", KEY));

    assertThat(one.idNumberHash("11010519491231002x")).isEqualTo(one.idNumberHash("11010519491231002X"))
        .doesNotContain("110105").hasSize(64);
    assertThat(other.idNumberHash("11010519491231002X")).isNotEqualTo(one.idNumberHash("11010519491231002X"));
  }

  @Test
  void refusesToRunWithoutAHashKeyAndSaysWhichSettingIsMissing() {
    assertThatThrownBy(() -> new PrivacySettings(null, KEY)).hasMessageContaining("aidflow.privacy.hash-key")
        .hasMessageContaining("AIDFLOW_PRIVACY_HASH_KEY");
    assertThatThrownBy(() -> new PrivacySettings("short", KEY)).hasMessageContaining("16 characters");
  }
}
