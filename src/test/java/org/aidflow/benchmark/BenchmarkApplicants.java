package org.aidflow.benchmark;

import static org.aidflow.shared.ProcessVariables.ID_NUMBER;
import static org.aidflow.shared.ProcessVariables.MONTHLY_INCOME;
import static org.aidflow.shared.ProcessVariables.RIGID_EXPENSES;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.aidflow.intake.IdNumber;
import org.aidflow.support.Applicants;

/**
 * Applicants that take exactly one referral each: a union member with an employer, household of 3 with 5,000 CNY a
 * month and no rigid expenses (per capita 1,667: RELATIVE hardship, between the low line of 1,200 and twice it),
 * asking for living aid at the window with consent, so the union alone gets the case (hardship grant). Each has an
 * ID number of their own, however many cases a run takes: one open case per person, one household per person.
 */
final class BenchmarkApplicants {

  private static final LocalDate FIRST_BIRTH_DATE = LocalDate.of(1970, 1, 1);
  /** Odd sequence numbers (men) 001 to 999: 500 people per birth date. */
  private static final int PEOPLE_PER_DAY = 500;

  private final AtomicLong sequence = new AtomicLong();

  Map<String, Object> next() {
    long n = sequence.getAndIncrement();
    String birthDate = FIRST_BIRTH_DATE.plusDays(n / PEOPLE_PER_DAY).format(DateTimeFormatter.BASIC_ISO_DATE);
    String first17 = "330102" + birthDate + String.format("%03d", (n % PEOPLE_PER_DAY) * 2 + 1);
    // the tests' default applicant, with a number of its own per case and a household in relative hardship
    Map<String, Object> v = Applicants.applicant();
    v.put(ID_NUMBER, first17 + IdNumber.checkCharacter(first17));
    v.put(MONTHLY_INCOME, 5000);
    v.put(RIGID_EXPENSES, 0);
    return v;
  }
}
