package org.aidflow.intake;

import static org.aidflow.shared.ProcessVariables.CHANNEL;
import static org.aidflow.shared.ProcessVariables.DESCRIPTION;
import static org.aidflow.shared.ProcessVariables.ID_NUMBER;
import static org.aidflow.shared.ProcessVariables.PHONE;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.PersonalData;
import org.aidflow.shared.RefusedInputException;
import org.aidflow.shared.SystemContext;
import org.aidflow.shared.Violation;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Service;

/**
 * Intake through the API: a valid record becomes a case with a number drawn only once it passed every rule; a
 * person with an open case joins it as a later call instead, its needs joining that case (LaterContacts).
 */
@Service
public class IntakeService {

  /** What became of an intake. */
  public record Outcome(String caseNumber, boolean created) {
  }

  private final IntakeValidator validator;
  private final CaseRegistry cases;
  private final PersonalData personalData;
  private final RuntimeService runtimeService;
  private final IdentityService identityService;
  private final LaterContacts contacts;
  private final ProcessEngineServices processEngine;

  public IntakeService(IntakeValidator validator, CaseRegistry cases, PersonalData personalData,
      RuntimeService runtimeService, IdentityService identityService, LaterContacts contacts,
      org.camunda.bpm.engine.ProcessEngine processEngine) {
    this.processEngine = processEngine;
    this.validator = validator;
    this.cases = cases;
    this.personalData = personalData;
    this.runtimeService = runtimeService;
    this.identityService = identityService;
    this.contacts = contacts;
  }

  /**
   * Starts the case as the authenticated caller (who needs the right to start cases). {@code earlier} are the
   * violations found while reading the request; with the intake rules' own they are reported all at once.
   */
  public Outcome register(Map<String, Object> fields, List<Violation> earlier) {
    ValidatedIntake intake = validate(fields, earlier);
    String hash = personalData.idNumberHash(intake.idNumber().value());
    Optional<Outcome> joined = joinOpenCase(hash, intake, fields);
    if (joined.isPresent()) {
      return joined.get();
    }
    ProcessInstance started;
    try {
      // registerCase draws the case number (CaseRegistry.nextCaseNumber) once the intake is known to be valid
      started = runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, startVariables(fields));
    } catch (RuntimeException e) {
      // another intake for the same person won the race for the one open case: join it
      return joinOpenCase(hash, intake, fields).orElseThrow(() -> e);
    }
    return new Outcome(started.getBusinessKey(), true);
  }

  /**
   * The intake's fields as the case's first variables, the full ID number and phone transient: validateApplicant,
   * in the same transaction, reads them and keeps them only masked, hashed and encrypted, so they never become a
   * runtime or history row (the start form's path writes them, masked in history, until that step removes them).
   */
  private static VariableMap startVariables(Map<String, Object> fields) {
    VariableMap variables = Variables.fromMap(new HashMap<>(fields));
    for (String personal : List.of(ID_NUMBER, PHONE)) {
      Object value = fields.get(personal);
      if (value != null) {
        variables.putValueTyped(personal, Variables.stringValue(value.toString(), true));
      }
    }
    return variables;
  }

  private ValidatedIntake validate(Map<String, Object> fields, List<Violation> earlier) {
    List<Violation> all = new ArrayList<>(earlier);
    try {
      if (all.isEmpty()) {
        return validator.validate(fields);
      }
      validator.validate(fields);
    } catch (RefusedInputException e) {
      // a field of the wrong type was left out and is reported as such, not again as missing
      e.violations().stream().filter(v -> all.stream().noneMatch(known -> known.field().equals(v.field())))
          .forEach(all::add);
    }
    throw new RefusedInputException(all);
  }

  private Optional<Outcome> joinOpenCase(String idNumberHash, ValidatedIntake intake, Map<String, Object> fields) {
    return cases.findOpenCase(idNumberHash).map(open -> {
      var caller = identityService.getCurrentAuthentication();
      String recordedBy = caller == null ? null : caller.getUserId();
      // the caller may register cases but not change the open case: the contact is recorded on their behalf
      SystemContext.call(identityService, () -> {
        contacts.record(processEngine, open, CaseVariables.asString(fields.get(CHANNEL)),
            CaseVariables.asString(fields.get(DESCRIPTION)), intake.categories(), intake.urgent(), recordedBy);
        return null;
      });
      return new Outcome(open, false);
    });
  }
}
