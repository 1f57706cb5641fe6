package org.aidflow.intake;

import static org.aidflow.shared.CaseVariables.setIfChanged;
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
    setIfChanged(execution, NAME, intake.name());
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
    setIfChanged(execution, ID_NUMBER_MASKED, PersonalData.maskIdNumber(idNumber));
    setIfChanged(execution, PHONE_MASKED, PersonalData.maskPhone(intake.phone()));
    setIfChanged(execution, AGE, intake.age());
    setIfChanged(execution, GENDER, intake.idNumber().gender());
    setIfChanged(execution, EMPLOYER, intake.employer());
    setIfChanged(execution, UNION_MEMBER, intake.unionMember());
    setIfChanged(execution, HOUSEHOLD_SIZE, intake.householdSize());
    setIfChanged(execution, MONTHLY_INCOME, intake.monthlyIncome().doubleValue());
    setIfChanged(execution, RIGID_EXPENSES, intake.rigidExpenses().doubleValue());
    setIfChanged(execution, CHILDREN_IN_SCHOOL, intake.childrenInSchool());
    execution.setVariable(CATEGORIES, CaseVariables.jsonList(intake.categories()));
    setIfChanged(execution, SERIOUS_ILLNESS, intake.seriousIllness());
    setIfChanged(execution, DISABILITY, intake.disability());
    setIfChanged(execution, URGENT, intake.urgent());
    setIfChanged(execution, CATEGORIES_TEXT, IntakeVocabulary.categoriesText(intake.categories()));
    setIfChanged(execution, URGENCY_TEXT,
        intake.urgent() ? IntakeVocabulary.URGENT_TEXT : IntakeVocabulary.NORMAL_TEXT);
    setIfChanged(execution, CONSENT, intake.consent());
  }

  private String encrypted(String value) {
    return value == null || value.isBlank() ? null : personalData.encrypt(value);
  }
}
