package org.aidflow.intake;

import static org.aidflow.shared.ProcessVariables.*;

import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.shared.PersonalData;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * {@code validateApplicant}: checks the intake record and writes it back normalised, with age, gender, masked
 * identity and effective urgency; the plain ID number and phone are replaced by masked values and, for the rest of
 * the starting transaction only, by their hash and encrypted forms. An invalid record throws, so the start rolls
 * back and nothing is created.
 */
@Component
public class ValidateApplicantDelegate implements JavaDelegate {

  private final IntakeValidator validator;
  private final PersonalData personalData;

  public ValidateApplicantDelegate(IntakeValidator validator, PersonalData personalData) {
    this.validator = validator;
    this.personalData = personalData;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ValidatedIntake intake = validator.validate(execution.getVariables());
    keep(execution, NAME, intake.name());
    String idNumber = intake.idNumber().value();
    // the plain ID number and phone leave the process here: what stays is masked, hashed or encrypted
    execution.setVariable(ID_NUMBER_HASH, Variables.stringValue(personalData.idNumberHash(idNumber), true));
    execution.setVariable(ID_NUMBER_ENCRYPTED, Variables.stringValue(personalData.encrypt(idNumber), true));
    execution.setVariable(PHONE_ENCRYPTED, Variables.stringValue(personalData.encrypt(intake.phone()), true));
    execution.setVariable(ADDRESS_ENCRYPTED, Variables.stringValue(encrypted(intake.address()), true));
    execution.setVariable(EMPLOYER_ENCRYPTED, Variables.stringValue(encrypted(intake.employer()), true));
    execution.removeVariable(ID_NUMBER);
    execution.removeVariable(PHONE);
    // the region picker's steps: region holds the code chosen
    execution.removeVariable(REGION_PROVINCE);
    execution.removeVariable(REGION_CITY);
    execution.removeVariable(REGION_DISTRICT);
    keep(execution, ID_NUMBER_MASKED, PersonalData.maskIdNumber(idNumber));
    keep(execution, PHONE_MASKED, PersonalData.maskPhone(intake.phone()));
    keep(execution, AGE, intake.age());
    keep(execution, GENDER, intake.idNumber().gender());
    keep(execution, EMPLOYER, intake.employer());
    keep(execution, UNION_MEMBER, intake.unionMember());
    keep(execution, HOUSEHOLD_SIZE, intake.householdSize());
    keep(execution, MONTHLY_INCOME, intake.monthlyIncome().doubleValue());
    keep(execution, RIGID_EXPENSES, intake.rigidExpenses().doubleValue());
    keep(execution, CHILDREN_IN_SCHOOL, intake.childrenInSchool());
    execution.setVariable(CATEGORIES, CaseVariables.jsonList(intake.categories()));
    keep(execution, SERIOUS_ILLNESS, intake.seriousIllness());
    keep(execution, DISABILITY, intake.disability());
    keep(execution, URGENT, intake.urgent());
    keep(execution, CATEGORIES_TEXT, IntakeVocabulary.categoriesText(intake.categories()));
    keep(execution, URGENCY_TEXT, intake.urgent() ? IntakeVocabulary.URGENT_TEXT : IntakeVocabulary.NORMAL_TEXT);
    keep(execution, CONSENT, intake.consent());
  }

  /**
   * Writes the normalised value where it differs from what was submitted (value or type): a value written again
   * unchanged is one more history row, and one more write, per field and case, and records no change.
   */
  private static void keep(DelegateExecution execution, String name, Object value) {
    Object submitted = execution.getVariable(name);
    boolean same = submitted == null ? value == null && execution.hasVariable(name) : submitted.equals(value);
    if (!same) {
      execution.setVariable(name, value);
    }
  }

  private String encrypted(String value) {
    return value == null || value.isBlank() ? null : personalData.encrypt(value);
  }
}
