package org.aidflow.casepage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.CaseOperations;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.CaseRegistry.EncryptedContact;
import org.aidflow.shared.CaseRegistry.RegisteredCase;
import org.aidflow.shared.PersonalData;
import org.aidflow.shared.SystemContext;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.oplog.UserOperationLogContext;
import org.camunda.bpm.engine.impl.oplog.UserOperationLogContextEntryBuilder;
import org.camunda.bpm.engine.impl.persistence.entity.PropertyChange;
import org.camunda.bpm.engine.EntityTypes;
import org.springframework.stereotype.Service;

/**
 * The applicant's phone, address and employer for those who work the case (issue 21, item 2). The intake
 * organisation's caseworkers and supervisors (of the intake unit or a unit above it, same organisation) and the intake
 * officer who took the case in read the full values, decrypted from AidFlow's case row; so does everyone else who may
 * read a part of the case (a receiving organisation) when the applicant consented to share the case. Everyone else
 * who may read the case gets the masked values. Every full read is written to the case's audit as operation
 * {@link CaseOperations#READ_CONTACT}, naming the fields read, never their values.
 */
@Service
public class CaseContact {

  /** The contact as shown; {@code full} says whether the values are the applicant's full ones. */
  public record Contact(String caseNumber, boolean full, String phone, String address, String employer,
      String note) {
  }

  private final CaseRegistry cases;
  private final PersonalData personalData;
  private final HistoryService historyService;
  private final IdentityService identityService;
  private final CommandExecutor commandExecutor;

  public CaseContact(CaseRegistry cases, PersonalData personalData, HistoryService historyService,
      IdentityService identityService, ProcessEngine processEngine) {
    this.cases = cases;
    this.personalData = personalData;
    this.historyService = historyService;
    this.identityService = identityService;
    this.commandExecutor = ((ProcessEngineImpl) processEngine).getProcessEngineConfiguration()
        .getCommandExecutorTxRequired();
  }

  /** Empty when there is no such case or the caller may read no part of it. */
  public Optional<Contact> of(String caseNumber) {
    Authentication caller = identityService.getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      return Optional.empty();
    }
    boolean readable = historyService.createHistoricProcessInstanceQuery().processInstanceBusinessKey(caseNumber)
        .count() > 0;
    Optional<RegisteredCase> found = cases.caseOf(caseNumber);
    Optional<EncryptedContact> stored = cases.applicantContactOf(caseNumber);
    if (!readable || found.isEmpty() || stored.isEmpty()) {
      return Optional.empty();
    }
    RegisteredCase facts = found.get();
    EncryptedContact encrypted = stored.get();
    String phone = decrypt(encrypted.phone());
    String address = decrypt(encrypted.address());
    String employer = decrypt(encrypted.employer());
    if (ofIntakeOrganisation(facts, caller) || facts.consent()) {
      recordRead(facts, phone, address, employer);
      return Optional.of(new Contact(caseNumber, true, phone, address, employer, "查阅已记入案件审计"));
    }
    return Optional.of(new Contact(caseNumber, false, phone == null ? null : PersonalData.maskPhone(phone),
        maskText(address, 6), maskText(employer, 2), "申请人未同意向其他单位提供联系方式，仅显示部分信息"));
  }

  /**
   * The intake unit's caseworkers and supervisors, those of a unit above it (same organisation: the codes share the
   * type), and the user who took the case in.
   */
  static boolean ofIntakeOrganisation(RegisteredCase facts, Authentication caller) {
    if (caller.getUserId().equals(facts.intakeOfficer())) {
      return true;
    }
    List<String> groups = caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
    List<String> units = new ArrayList<>();
    String intakeUnit = OrganisationUnits.unitCode(facts.intakeUnit());
    units.add(intakeUnit);
    units.addAll(OrganisationUnits.ancestorCodes(intakeUnit));
    return units.stream().anyMatch(unit -> groups.contains(unit + OrganisationUnit.CASEWORKERS)
        || groups.contains(unit + OrganisationUnit.SUPERVISORS));
  }

  /** The first characters of a text and stars for the rest. */
  static String maskText(String value, int shown) {
    if (value == null) {
      return null;
    }
    return value.length() <= shown ? "****" : value.substring(0, shown) + "****";
  }

  private String decrypt(String encrypted) {
    return encrypted == null ? null : personalData.decrypt(encrypted);
  }

  /** An entry in the engine's user operation log of the case, as the caller: the audit shows who read what, when. */
  private void recordRead(RegisteredCase facts, String phone, String address, String employer) {
    List<String> fields = new ArrayList<>();
    if (phone != null) {
      fields.add("phone");
    }
    if (address != null) {
      fields.add("address");
    }
    if (employer != null) {
      fields.add("employer");
    }
    HistoricProcessInstance instance = SystemContext.call(identityService, () -> historyService
        .createHistoricProcessInstanceQuery().processInstanceId(facts.processInstanceId()).singleResult());
    commandExecutor.execute(commandContext -> commandContext.runWithoutAuthorization(() -> {
      UserOperationLogContext log = new UserOperationLogContext();
      UserOperationLogContextEntryBuilder entry = UserOperationLogContextEntryBuilder
          .entry(CaseOperations.READ_CONTACT, EntityTypes.PROCESS_INSTANCE)
          .processInstanceId(facts.processInstanceId())
          .propertyChanges(new PropertyChange(CaseOperations.READ_CONTACT_FIELDS, null, String.join(",", fields)))
          .category(UserOperationLogEntry.CATEGORY_OPERATOR);
      if (instance != null) {
        entry.processDefinitionId(instance.getProcessDefinitionId())
            .processDefinitionKey(instance.getProcessDefinitionKey());
      } else {
        entry.processDefinitionKey(AidCaseModel.PROCESS_KEY);
      }
      log.addEntry(entry.create());
      commandContext.getOperationLogManager().logUserOperations(log);
      return null;
    }));
  }
}
