package org.aidflow.intake;

import static org.aidflow.shared.ProcessVariables.*;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.shared.RefusedInputException;
import org.aidflow.shared.Violation;
import org.springframework.stereotype.Service;

/** The server-side rules of the intake record (docs/policy.md); forms check the same, but forms can be bypassed. */
@Service
public class IntakeValidator {

  /** A month's income or expenses above this is a typing error, not a household in hardship. */
  static final BigDecimal MAX_MONTHLY_AMOUNT = new BigDecimal("1000000");
  private static final int MAX_NAME_LENGTH = 50;
  /** Chinese names, minority names with the middle dot (阿依古丽·买买提) and Latin names; no markup or symbols. */
  private static final Pattern NAME_PATTERN =
      Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M}·•.' -]*");
  private static final int MAX_ADDRESS_LENGTH = 200;
  private static final int MAX_EMPLOYER_LENGTH = 100;

  private final Clock clock;

  public IntakeValidator(Clock clock) {
    this.clock = clock;
  }

  /** Returns the normalised intake, or throws listing every invalid field at once. */
  public ValidatedIntake validate(Map<String, Object> fields) {
    List<Violation> violations = new ArrayList<>();
    LocalDate today = LocalDate.now(clock);

    String name = text(fields, NAME, MAX_NAME_LENGTH, true, "姓名", "name", violations);
    if (name != null && name.length() <= MAX_NAME_LENGTH && !NAME_PATTERN.matcher(name).matches()) {
      violations.add(new Violation(NAME, "姓名只能包含文字、间隔号、空格、连字符和撇号",
          "a name holds letters, the middle dot, spaces, hyphens and apostrophes only"));
    }
    String rawId = CaseVariables.asString(fields.get(ID_NUMBER));
    Optional<IdNumber> idNumber = IdNumber.parse(rawId, today);
    if (idNumber.isEmpty()) {
      violations.add(new Violation(ID_NUMBER, rawId == null ? "请填写身份证号" : "身份证号无效（校验位、出生日期或地区码不符）",
          rawId == null ? "ID number is required" : "not a valid GB 11643 ID number (check character, birth date or region)"));
    }
    String phone = CaseVariables.asString(fields.get(PHONE));
    if (phone == null || !phone.matches("1[3-9]\\d{9}")) {
      violations.add(new Violation(PHONE, "请填写11位大陆手机号码", "a mainland mobile number of 11 digits is required"));
    }
    String region = CaseVariables.asString(fields.get(REGION));
    if (!IdNumber.isRegionCode(region)) {
      violations.add(new Violation(REGION, "请填写6位行政区划代码", "a 6-digit region code is required"));
    }
    String address = text(fields, ADDRESS, MAX_ADDRESS_LENGTH, true, "地址", "address", violations);
    String employer = text(fields, EMPLOYER, MAX_EMPLOYER_LENGTH, false, "工作单位", "employer", violations);
    String employmentForm = oneOf(fields, EMPLOYMENT_FORM, IntakeVocabulary.EMPLOYMENT_FORMS, "就业形态", "employment form",
        violations);
    Integer householdSize = wholeNumber(fields, HOUSEHOLD_SIZE, IntakeVocabulary.MIN_HOUSEHOLD_SIZE,
        IntakeVocabulary.MAX_HOUSEHOLD_SIZE, "家庭人口", "household size", violations);
    BigDecimal monthlyIncome = amount(fields, MONTHLY_INCOME, "家庭月收入", "monthly income", violations);
    BigDecimal rigidExpenses = amount(fields, RIGID_EXPENSES, "刚性支出", "rigid expenses", violations);
    Integer childrenInSchool = wholeNumber(fields, CHILDREN_IN_SCHOOL, 0, IntakeVocabulary.MAX_HOUSEHOLD_SIZE,
        "在读子女数", "children in school", violations);
    List<String> categories = categories(fields, violations);
    String description = CaseVariables.asString(fields.get(DESCRIPTION));
    if (description != null && description.length() > IntakeVocabulary.MAX_DESCRIPTION_LENGTH) {
      violations.add(new Violation(DESCRIPTION, "情况说明不能超过2000字", "description is longer than 2000 characters"));
    }
    String channel = oneOf(fields, CHANNEL, IntakeVocabulary.CHANNELS, "受理渠道", "channel", violations);
    Object consent = fields.get(CONSENT);
    if (!(consent instanceof Boolean) && !"true".equals(consent) && !"false".equals(consent)) {
      violations.add(new Violation(CONSENT, "请记录申请人是否同意跨组织共享信息", "the applicant's consent (true or false) is required"));
    }

    for (Map.Entry<String, Object> field : fields.entrySet()) {
      if (field.getValue() instanceof String text && hasForbiddenCharacters(text)
          && violations.stream().noneMatch(v -> v.field().equals(field.getKey()))) {
        violations.add(new Violation(field.getKey(), "含有不允许的字符（控制字符或无效编码）",
            "contains characters that are not allowed (control characters or invalid encoding)"));
      }
    }
    if (!violations.isEmpty()) {
      throw new RefusedInputException(violations);
    }
    boolean urgent = CaseVariables.isTrue(fields.get(URGENT))
        || categories.stream().anyMatch(IntakeVocabulary.URGENT_CATEGORIES::contains);
    return new ValidatedIntake(name, idNumber.get(), phone, region, address, employer,
        CaseVariables.isTrue(fields.get(UNION_MEMBER)), employmentForm, householdSize, monthlyIncome, rigidExpenses,
        childrenInSchool, categories, CaseVariables.isTrue(fields.get(SERIOUS_ILLNESS)),
        CaseVariables.isTrue(fields.get(DISABILITY)), urgent, description, channel, CaseVariables.isTrue(consent),
        idNumber.get().ageOn(today));
  }

  /** Control characters (other than line breaks and tabs) and unpaired surrogates never belong in a case. */
  static boolean hasForbiddenCharacters(String text) {
    return text.codePoints().anyMatch(c -> Character.isSurrogate((char) c) && c <= 0xFFFF
        || Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t');
  }

  private static String text(Map<String, Object> fields, String field, int maxLength, boolean required, String zh,
      String en, List<Violation> violations) {
    String value = CaseVariables.asString(fields.get(field));
    if (value == null && required) {
      violations.add(new Violation(field, "请填写" + zh, en + " is required"));
    } else if (value != null && value.length() > maxLength) {
      violations.add(new Violation(field, zh + "不能超过" + maxLength + "字", en + " is longer than " + maxLength
          + " characters"));
    }
    return value;
  }

  private static String oneOf(Map<String, Object> fields, String field, Set<String> allowed, String zh,
      String en, List<Violation> violations) {
    String value = CaseVariables.asString(fields.get(field));
    if (value == null || !allowed.contains(value)) {
      violations.add(new Violation(field, "请选择有效的" + zh, en + " must be one of " + new TreeSet<>(allowed)));
    }
    return value;
  }

  private static Integer wholeNumber(Map<String, Object> fields, String field, int min, int max, String zh, String en,
      List<Violation> violations) {
    Integer value = CaseVariables.asWholeNumber(fields.get(field));
    if (value == null || value < min || value > max) {
      violations.add(new Violation(field, zh + "须为" + min + "到" + max + "之间的整数",
          en + " must be a whole number from " + min + " to " + max));
    }
    return value;
  }

  private static BigDecimal amount(Map<String, Object> fields, String field, String zh, String en,
      List<Violation> violations) {
    BigDecimal value = CaseVariables.asDecimal(fields.get(field));
    if (value == null || value.signum() < 0 || value.compareTo(MAX_MONTHLY_AMOUNT) > 0 || value.scale() > 2) {
      violations.add(new Violation(field, zh + "须为0到1000000元之间的金额（最多两位小数）",
          en + " must be an amount from 0 to 1000000 CNY with at most two decimals"));
    }
    return value;
  }

  private static List<String> categories(Map<String, Object> fields, List<Violation> violations) {
    List<String> categories = List.copyOf(new LinkedHashSet<>(CaseVariables.asStringList(fields.get(CATEGORIES))));
    List<String> unknown = categories.stream().filter(c -> !IntakeVocabulary.CATEGORIES.contains(c)).toList();
    if (categories.isEmpty() || !unknown.isEmpty()) {
      violations.add(new Violation(CATEGORIES, "请至少选择一项有效的求助类别" + (unknown.isEmpty() ? "" : "，无效：" + unknown),
          "at least one known category is required" + (unknown.isEmpty() ? "" : ", unknown: " + unknown)));
    }
    return categories;
  }
}
