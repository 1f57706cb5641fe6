package org.aidflow.casepage;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.aidflow.assistance.CashItems;
import org.aidflow.assistance.FundLedger;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.organisation.Providers;
import org.aidflow.serviceorder.ServiceOrders;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.CaseStage;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.shared.Organisation;
import org.aidflow.shared.ReferralRegistry;
import org.aidflow.shared.SystemContext;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricDecisionInputInstance;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricDecisionOutputInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Service;

/**
 * The case page (issue 21, item 4): what happened to a case, for those who may read it, in words — steps with who
 * and when, referrals and their outcomes, plan items and payments, service levels and the decisions with the inputs
 * that decided them. A caller sees the parts of the case they may read (the engine's authorizations on the
 * case's process instances): the intake organisation the whole case, a receiving unit its own referral. Facts come
 * from AidFlow's tables (case, referrals, fund ledger) and the engine's history, never from a variable a task
 * holder could rewrite; every code is shown by its Chinese name and every time as {@code 2026-12-02 23:28}.
 */
@Service
public class CasePage {

  private static final int MAX_INSTANCES = 200;
  private static final int MAX_ROWS = 1000;
  private static final Set<String> SHOWN_ACTIVITIES = Set.of("userTask", "serviceTask", "businessRuleTask",
      "sendTask", "callActivity", "startEvent", "noneEndEvent", "messageEndEvent", "terminateEndEvent",
      "intermediateTimer", "boundaryTimer", "boundaryMessage", "intermediateMessageCatch", "subProcess",
      "escalationEndEvent", "errorEndEvent", "boundaryError", "boundaryEscalation");

  public record Header(String caseNumber, String status, String stage, String urgency, String intakeUnit,
      String intakeOrg, String createdAt, String closedAt, String closureReason) {
  }

  /** One step: what, in which part of the case, who did it (a person's name, or 系统) and when. */
  public record Step(String name, String part, String who, String started, String ended) {
  }

  public record Referral(String org, String unit, String services, String status, String declineReason,
      String rightsOutcome, String delivered) {
  }

  public record PlanItem(String org, String item, String fund, String amount, String purpose) {
  }

  public record Payment(String time, String kind, String org, String item, String fund, String amount, String who) {
  }

  public record Deadline(String step, String who, String due, String done, String state, boolean breached) {
  }

  public record Field(String label, String value) {
  }

  public record Decision(String name, String time, List<Field> inputs, List<Field> outputs) {
  }

  /** A service order of a plan (docs/service-orders.md): the provider by name, where it stands, what was delivered. */
  public record ServiceOrder(String service, String provider, String status, String deliveredOn, String hours,
      String work, String outcome) {
  }

  public record View(Header header, List<Step> timeline, List<Referral> referrals, List<PlanItem> planItems,
      List<Payment> payments, List<Deadline> serviceLevels, int breaches, List<Decision> decisions,
      List<ServiceOrder> serviceOrders) {
  }

  private final HistoryService historyService;
  private final RuntimeService runtimeService;
  private final IdentityService identityService;
  private final CaseRegistry cases;
  private final ReferralRegistry referrals;
  private final FundLedger ledger;
  private final OrganisationUnits units;
  private final ServiceOrders orders;

  public CasePage(HistoryService historyService, RuntimeService runtimeService, IdentityService identityService,
      CaseRegistry cases, ReferralRegistry referrals, FundLedger ledger, OrganisationUnits units, ServiceOrders orders) {
    this.orders = orders;
    this.historyService = historyService;
    this.runtimeService = runtimeService;
    this.identityService = identityService;
    this.cases = cases;
    this.referrals = referrals;
    this.ledger = ledger;
    this.units = units;
  }

  /** Empty when there is no such case or the caller may read no part of it. */
  public Optional<View> of(String caseNumber) {
    // as the caller: the process instances of the case they may read
    List<HistoricProcessInstance> readable = historyService.createHistoricProcessInstanceQuery()
        .processInstanceBusinessKey(caseNumber).listPage(0, MAX_INSTANCES);
    Optional<CaseRegistry.RegisteredCase> registered = cases.caseOf(caseNumber);
    if (readable.isEmpty() || registered.isEmpty()) {
      return Optional.empty();
    }
    // the rest as the system, limited to what the caller may read
    return Optional.of(SystemContext.call(identityService, () -> view(caseNumber, registered.get(), readable)));
  }

  private View view(String caseNumber, CaseRegistry.RegisteredCase facts, List<HistoricProcessInstance> readable) {
    Map<String, String> names = new HashMap<>();
    Map<String, HistoricProcessInstance> byId = readable.stream()
        .collect(Collectors.toMap(HistoricProcessInstance::getId, i -> i, (a, b) -> a, LinkedHashMap::new));
    boolean wholeCase = byId.containsKey(facts.processInstanceId());
    HistoricProcessInstance aidCase = historyService.createHistoricProcessInstanceQuery()
        .processInstanceId(facts.processInstanceId()).singleResult();

    // referrals: all of them for the intake organisation, else those whose instance the caller reads
    Map<Long, ReferralRegistry.Referral> shown = new LinkedHashMap<>();
    Set<Long> readableReferrals = byId.keySet().stream().map(referrals::referralOfInstance)
        .flatMap(Optional::stream).map(ReferralRegistry.RegisteredReferral::id).collect(Collectors.toSet());
    for (ReferralRegistry.Referral referral : referrals.referralsOf(caseNumber)) {
      if (wholeCase || readableReferrals.contains(referral.id())) {
        shown.put(referral.id(), referral);
      }
    }

    Header header = new Header(caseNumber, CaseRegistry.OPEN.equals(facts.status()) ? "办理中" : "已结案",
        stage(aidCase, facts), cases.isUrgent(caseNumber) ? "紧急" : "普通", unitName(facts.intakeUnit()),
        orgName(facts.intakeOrg()), aidCase == null ? "" : IntakeVocabulary.dateTime(aidCase.getStartTime()),
        aidCase == null ? "" : IntakeVocabulary.dateTime(aidCase.getEndTime()),
        wholeCase ? cases.closureReasonOf(caseNumber).map(IntakeVocabulary::closureName).orElse(null) : null);

    List<Step> timeline = new ArrayList<>();
    List<Deadline> deadlines = new ArrayList<>();
    List<Decision> decisions = new ArrayList<>();
    for (HistoricProcessInstance instance : byId.values()) {
      String part = part(instance, shown);
      // a task completed without being claimed has no assignee: the user who completed it, from the operation log
      Map<String, String> completedBy = new HashMap<>();
      for (UserOperationLogEntry entry : historyService.createUserOperationLogQuery()
          .processInstanceId(instance.getId()).operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE)
          .listPage(0, MAX_ROWS)) {
        if (entry.getTaskId() != null && entry.getUserId() != null) {
          completedBy.putIfAbsent(entry.getTaskId(), entry.getUserId());
        }
      }
      for (HistoricActivityInstance activity : historyService.createHistoricActivityInstanceQuery()
          .processInstanceId(instance.getId()).orderByHistoricActivityInstanceStartTime().asc()
          .listPage(0, MAX_ROWS)) {
        if (activity.getActivityName() == null || !SHOWN_ACTIVITIES.contains(activity.getActivityType())) {
          continue;
        }
        String doer = activity.getAssignee() != null ? activity.getAssignee()
            : activity.getTaskId() == null ? null : completedBy.get(activity.getTaskId());
        String who = doer != null ? displayName(doer, names)
            : "userTask".equals(activity.getActivityType()) ? "（未认领）" : "系统";
        timeline.add(new Step(activity.getActivityName(), part, who,
            IntakeVocabulary.dateTime(activity.getStartTime()), IntakeVocabulary.dateTime(activity.getEndTime())));
      }
      for (HistoricTaskInstance task : historyService.createHistoricTaskInstanceQuery()
          .processInstanceId(instance.getId()).orderByHistoricActivityInstanceStartTime().asc()
          .listPage(0, MAX_ROWS)) {
        if (task.getDueDate() != null) {
          deadlines.add(deadline(task, task.getAssignee() != null ? task.getAssignee() : completedBy.get(task.getId()),
              names));
        }
      }
      for (HistoricDecisionInstance decision : historyService.createHistoricDecisionInstanceQuery()
          .processInstanceId(instance.getId()).includeInputs().includeOutputs().orderByEvaluationTime().asc()
          .listPage(0, MAX_ROWS)) {
        decisions.add(decision(decision));
      }
    }
    timeline.sort(Comparator.comparing(Step::started));
    deadlines.sort(Comparator.comparing(Deadline::due));

    List<Referral> referralViews = new ArrayList<>();
    List<PlanItem> planItems = new ArrayList<>();
    for (ReferralRegistry.Referral referral : shown.values()) {
      referralViews.add(new Referral(orgName(referral.org()), unitName(referral.unit()),
          IntakeVocabulary.servicesText(referral.services()), referralStatus(referral.status()),
          referral.declineReason(), rightsOutcome(referral), referral.deliveredAmount() == null ? ""
              : IntakeVocabulary.money(referral.deliveredAmount())));
      referrals.planOf(referral.id()).ifPresent(plan -> {
        for (CashItems.Row row : CashItems.rows(plan)) {
          planItems.add(new PlanItem(orgName(referral.org()), itemName(row.item()), fundName(row.fund()),
              amount(row.amount()), row.purpose()));
        }
      });
    }
    List<Payment> payments = new ArrayList<>();
    for (FundLedger.CaseEntry entry : ledger.entriesOfCase(caseNumber)) {
      ReferralRegistry.Referral referral = shown.get(entry.referralId());
      if (referral != null) {
        payments.add(new Payment(IntakeVocabulary.dateTime(entry.createdAt()), ledgerKind(entry.kind()),
            orgName(referral.org()), itemName(entry.item()), entry.fundName(), IntakeVocabulary.money(entry.amount()),
            entry.userId() == null ? "系统" : displayName(entry.userId(), names)));
      }
    }
    // the service orders of the referrals shown
    List<ServiceOrder> serviceOrders = new ArrayList<>();
    for (ServiceOrders.Order order : orders.ofCase(caseNumber)) {
      if (shown.containsKey(order.referralId())) {
        boolean delivered = order.status() == ServiceOrders.Status.DELIVERED;
        serviceOrders.add(new ServiceOrder(Providers.SERVICES.getOrDefault(order.service(), order.service()),
            order.providerUnit() == null ? "—" : unitName(order.providerUnit()), ServiceOrders.statusLabel(order.status()),
            delivered && order.deliveredOn() != null ? order.deliveredOn().toString() : "",
            delivered && order.deliveredHours() != null ? order.deliveredHours().stripTrailingZeros().toPlainString() : "",
            delivered && order.deliveredWork() != null ? order.deliveredWork() : "",
            delivered ? ServiceOrders.OUTCOME_LABELS.getOrDefault(order.outcome(), "") : ""));
      }
    }
    int breaches = (int) deadlines.stream().filter(Deadline::breached).count();
    return new View(header, timeline, referralViews, planItems, payments, deadlines, breaches, decisions,
        serviceOrders);
  }

  private String stage(HistoricProcessInstance aidCase, CaseRegistry.RegisteredCase facts) {
    if (aidCase == null || aidCase.getEndTime() != null || !CaseRegistry.OPEN.equals(facts.status())) {
      return CaseStage.CLOSED.label();
    }
    return runtimeService.getActiveActivityIds(aidCase.getId()).stream().map(CaseStage::ofActivity)
        .flatMap(Optional::stream).findFirst().orElse(CaseStage.INTAKE).label();
  }

  /** Which part of the case an instance is: 案件主流程, 转介：民政, 督办. */
  private String part(HistoricProcessInstance instance, Map<Long, ReferralRegistry.Referral> shown) {
    if (AidCaseModel.PROCESS_KEY.equals(instance.getProcessDefinitionKey())) {
      return "案件";
    }
    Optional<ReferralRegistry.RegisteredReferral> referral = referrals.referralOfInstance(instance.getId());
    if (referral.isPresent()) {
      return "转介：" + orgName(referral.get().org());
    }
    return instance.getProcessDefinitionName() != null ? instance.getProcessDefinitionName() : "督办";
  }

  private Deadline deadline(HistoricTaskInstance task, String doer, Map<String, String> names) {
    Date due = task.getDueDate();
    Date end = task.getEndTime();
    boolean late = end != null ? end.after(due) : new Date().after(due);
    String state = end != null ? (late ? "超时完成" : "按时完成") : late ? "已超期" : "办理中";
    if (end != null && task.getDeleteReason() != null && !"completed".equals(task.getDeleteReason())) {
      state = late ? "超期后结束" : "已结束";
    }
    return new Deadline(task.getName(), doer == null ? "（未认领）" : displayName(doer, names),
        IntakeVocabulary.dateTime(due), IntakeVocabulary.dateTime(end), state, late);
  }

  private Decision decision(HistoricDecisionInstance decision) {
    String key = decision.getDecisionDefinitionKey();
    List<Field> inputs = new ArrayList<>();
    for (HistoricDecisionInputInstance input : decision.getInputs()) {
      inputs.add(new Field(label(input.getClauseName(), input.getClauseId()), DecisionValues.text(key,
          input.getClauseId(), input.getValue())));
    }
    List<Field> outputs = new ArrayList<>();
    for (HistoricDecisionOutputInstance output : decision.getOutputs()) {
      outputs.add(new Field(label(output.getClauseName(), output.getVariableName()), DecisionValues.text(key,
          output.getVariableName(), output.getValue())));
    }
    String name = decision.getDecisionDefinitionName() != null ? decision.getDecisionDefinitionName() : "决策";
    return new Decision(name, IntakeVocabulary.dateTime(decision.getEvaluationTime()), inputs, outputs);
  }

  private static String label(String clauseName, String fallback) {
    return clauseName != null && !clauseName.isBlank() ? clauseName : fallback;
  }

  private String displayName(String userId, Map<String, String> names) {
    return names.computeIfAbsent(userId, id -> {
      User user = identityService.createUserQuery().userId(id).singleResult();
      if (user == null) {
        return "（已删除的用户）";
      }
      String name = (user.getLastName() == null ? "" : user.getLastName())
          + (user.getFirstName() == null ? "" : user.getFirstName());
      return name.isBlank() ? "（未填写姓名）" : name;
    });
  }

  private String unitName(String code) {
    if (code == null) {
      return "";
    }
    String unit = OrganisationUnits.unitCode(code);
    return units.find(unit).map(OrganisationUnit::name).orElseGet(() -> orgName(OrganisationUnit.typeOf(unit)));
  }

  static String orgName(String code) {
    if (code == null) {
      return "";
    }
    String name = IntakeVocabulary.organisationName(code);
    return name == null || name.equals(code) ? "其他单位" : name;
  }

  private String fundName(String code) {
    return code == null ? "" : ledger.fundName(code);
  }


  /** {@code cash-2} → 第2项现金帮扶. */
  static String itemName(String item) {
    if (item != null && item.matches("cash-\\d+")) {
      return IntakeVocabulary.itemName(item) + "现金帮扶";
    }
    return "帮扶项目";
  }

  private static String amount(String text) {
    try {
      return text == null ? "" : IntakeVocabulary.money(new BigDecimal(text));
    } catch (NumberFormatException notANumber) {
      return text;
    }
  }

  static String referralStatus(ReferralRegistry.Status status) {
    return switch (status) {
      case OPEN -> "待接收";
      case ACCEPTED -> "已接收，办理中";
      case DECLINED -> "已拒绝";
      case DELIVERED -> "已发放";
      case NOT_DELIVERED -> "未能发放";
      case CANCELLED -> "已取消";
      case TO_CHARITY -> "资金不足，已转慈善总会";
    };
  }

  private static String rightsOutcome(ReferralRegistry.Referral referral) {
    if (referral.rightsResolved() == null) {
      return "";
    }
    if (!referral.rightsResolved()) {
      return "维权未果";
    }
    return referral.recoveredAmount() == null || referral.recoveredAmount().signum() == 0 ? "维权成功"
        : "维权成功，追回 " + IntakeVocabulary.money(referral.recoveredAmount());
  }

  private static String ledgerKind(String kind) {
    return switch (kind) {
      case "RESERVE" -> "预留";
      case "RELEASE" -> "释放";
      case "DISBURSE" -> "发放";
      default -> "资金变动";
    };
  }

  /** Values of the decisions' inputs and outputs in words. */
  static final class DecisionValues {

    private static final Map<String, String> APPROVAL = Map.of("NONE", "无需审批", "ORG", "本单位审批", "JOINT",
        "联合审批");
    private static final Map<String, String> TRACK = Map.of("women", "妇女维权", "labour", "劳动维权", "none", "无需维权");
    private static final Map<String, String> GENDER = Map.of("female", "女", "male", "男");

    private DecisionValues() {
    }

    static String text(String decisionKey, String name, Object value) {
      if (value == null) {
        return "（无）";
      }
      if (value instanceof Boolean flag) {
        return flag ? "是" : "否";
      }
      if (value instanceof Number number) {
        return IntakeVocabulary.figure(number);
      }
      if (value instanceof Collection<?> list) {
        return list.stream().map(v -> text(decisionKey, name, v)).collect(Collectors.joining("、"));
      }
      String text = value.toString();
      if (text.startsWith("[") && text.endsWith("]")) {
        List<String> items = CaseVariables.asStringList(value);
        if (!items.isEmpty()) {
          return items.stream().map(v -> text(decisionKey, name, v)).collect(Collectors.joining("、"));
        }
      }
      if ("approval-level".equals(decisionKey) && APPROVAL.containsKey(text)) {
        return APPROVAL.get(text);
      }
      if ("rights-track".equals(decisionKey) && TRACK.containsKey(text)) {
        return TRACK.get(text);
      }
      for (Map<String, String> words : List.of(IntakeVocabulary.HARDSHIP_LEVEL_LABELS, IntakeVocabulary.CATEGORY_LABELS,
          IntakeVocabulary.CHANNEL_LABELS, IntakeVocabulary.REFERRAL_SERVICE_LABELS, GENDER, TRACK)) {
        if (words.containsKey(text)) {
          return words.get(text);
        }
      }
      for (Organisation org : Organisation.values()) {
        if (org.code().equals(text)) {
          return org.chineseName();
        }
      }
      return text;
    }
  }
}
