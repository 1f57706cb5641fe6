package org.aidflow.support;

import static org.aidflow.shared.ProcessVariables.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.aidflow.intake.IdNumber;

/** Intake records for tests: a valid applicant by default, each with an ID number of its own. */
public final class Applicants {

  private static final AtomicInteger SEQUENCE = new AtomicInteger(100);

  private Applicants() {
  }

  /** A valid ID number born on the given date (yyyyMMdd) in Hangzhou, female or male, unique in this JVM. */
  public static String idNumber(String birthDate, boolean female) {
    int sequence = SEQUENCE.incrementAndGet() % 1000;
    int genderDigit = sequence % 10;
    if ((genderDigit % 2 == 0) != female) {
      sequence = (sequence + 1) % 1000;
      SEQUENCE.incrementAndGet();
    }
    String first17 = "330102" + birthDate + String.format("%03d", sequence);
    return first17 + IdNumber.checkCharacter(first17);
  }

  /**
   * A 40-year-old man of Hangzhou, union member with an employer, household of 3 with 3,000 CNY a month and
   * 300 of rigid expenses (per capita 900 &lt; 1,200: DEEP), asking for living aid at the service window, with consent.
   */
  public static Map<String, Object> applicant() {
    Map<String, Object> v = new HashMap<>();
    v.put(NAME, "测试申请人");
    // a new birth date every 400 applicants, so that numbers stay unique however many tests run in one JVM
    String birthDate = java.time.LocalDate.of(1986, 3, 15).plusDays(SEQUENCE.get() / 400)
        .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
    v.put(ID_NUMBER, idNumber(birthDate, false));
    v.put(PHONE, "13812345678");
    v.put(REGION, "330102");
    v.put(ADDRESS, "浙江省杭州市上城区");
    v.put(EMPLOYER, "杭州某制造厂");
    v.put(UNION_MEMBER, true);
    v.put(EMPLOYMENT_FORM, "none");
    v.put(HOUSEHOLD_SIZE, 3);
    v.put(MONTHLY_INCOME, 3000);
    v.put(RIGID_EXPENSES, 300);
    v.put(CHILDREN_IN_SCHOOL, 0);
    v.put(CATEGORIES, List.of("living"));
    v.put(SERIOUS_ILLNESS, false);
    v.put(DISABILITY, false);
    v.put(URGENT, false);
    v.put(DESCRIPTION, "家庭收入不足以维持基本生活。");
    v.put(CHANNEL, "window");
    v.put(CONSENT, true);
    return v;
  }

  /** The default applicant with some fields replaced: pairs of name and value. */
  public static Map<String, Object> applicant(Object... overrides) {
    Map<String, Object> v = applicant();
    for (int i = 0; i < overrides.length; i += 2) {
      v.put((String) overrides[i], overrides[i + 1]);
    }
    return v;
  }
}
