package org.aidflow.assistance;

import static org.aidflow.shared.ProcessVariables.*;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.aidflow.organisation.Providers;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.RefusedInputException;
import org.aidflow.shared.Violation;
import org.aidflow.shared.IntakeVocabulary;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completing {@code planAssistance}: the plan lists what the person gets, and each cash item names a fund of this
 * year the referral's unit may draw on (its own, or one of a unit above it open to lower units) with an amount in
 * whole fen. A bad plan refuses the completion (the task stays
 * open, the caseworker reads what to fix); a good one is numbered ({@code cash-1}, …) and its cash total set for the
 * approval decision. The unit whose funds the plan may draw on is the referral's, as registered in
 * {@code case_referral}: an {@code org} or {@code unit} variable names nothing here.
 */
@Component
public class CheckPlanListener implements TaskListener {

  /** The aid types a plan may name in {@code services}: the referral services and the services in kind. */
  static final Set<String> AID_TYPES = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(
      java.util.stream.Stream.concat(IntakeVocabulary.REFERRAL_SERVICE_LABELS.keySet().stream(),
          Providers.SERVICES.keySet().stream()).toList()));
  static final int MAX_ITEMS = 20;
  /** The planning form's cash item slots. */
  static final List<String> CASH_ITEM_SLOTS = List.of(CASH_ITEM_1, CASH_ITEM_2, CASH_ITEM_3);
  private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000");

  private final FundLedger ledger;
  private final CaseFacts facts;
  private final ReferralPlans plans;
  private final Clock clock;
  private final TaskPanels panels;

  public CheckPlanListener(FundLedger ledger, CaseFacts facts, ReferralPlans plans, Clock clock, TaskPanels panels) {
    this.panels = panels;
    this.plans = plans;
    this.ledger = ledger;
    this.facts = facts;
    this.clock = clock;
  }

  @Override
  public void notify(DelegateTask task) {
    String unit = facts.referralOf(task.getExecution()).unit();
    Set<String> funds = ledger.usableFunds(unit, LocalDate.now(clock).getYear()).stream()
        .map(FundLedger.Balance::code).collect(Collectors.toSet());
    List<Violation> violations = new ArrayList<>();
    // the form's slots, when it sent any, replace the list; API clients send the list
    List<Object> slots = CASH_ITEM_SLOTS.stream().map(task::getVariable).toList();
    boolean fromSlots = slots.stream().anyMatch(java.util.Objects::nonNull);
    Object submitted = task.getVariable(CASH_ITEMS);
    List<CashItems.Row> rows = fromSlots ? CashItems.slotRows(slots) : CashItems.rows(submitted);
    if (!fromSlots && submitted != null && !CashItems.isList(submitted)) {
      violations.add(new Violation(CASH_ITEMS, "现金帮扶项目格式有误", "cash items must be a list"));
    }
    if (rows.size() > MAX_ITEMS) {
      violations.add(new Violation(CASH_ITEMS, "现金帮扶项目最多" + MAX_ITEMS + "项",
          "at most " + MAX_ITEMS + " cash items"));
    }
    List<CashItem> items = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      CashItems.Row row = rows.get(i);
      String field = CASH_ITEMS + "[" + i + "]";
      if (row.fund() == null || !funds.contains(row.fund())) {
        violations.add(new Violation(field + ".fund", "第" + (i + 1) + "项：请选择本单位或上级单位开放的本年度资金",
            "fund must be a fund of this year of the referral's unit, or of a unit above it open to lower units"));
      }
      BigDecimal amount = CaseVariables.asDecimal(row.amount());
      if (amount == null || amount.signum() <= 0 || amount.compareTo(MAX_AMOUNT) > 0
          || amount.stripTrailingZeros().scale() > 2) {
        violations.add(new Violation(field + ".amount", "第" + (i + 1) + "项：金额须大于0、不超过1000000元，最多两位小数",
            "amount must be above 0 and at most 1000000 CNY, in whole fen"));
      }
      if (row.purpose() != null && row.purpose().length() > 200) {
        violations.add(new Violation(field + ".purpose", "第" + (i + 1) + "项：用途不超过200字",
            "purpose is at most 200 characters"));
      }
      items.add(new CashItem("cash-" + (i + 1), row.fund(), amount, row.purpose()));
    }
    List<String> services = CaseVariables.asStringList(task.getVariable(SERVICE_ITEMS));
    // the organisation's list, as the form offered it: the general services and those routing refers it for
    java.util.Set<String> offered = panels.serviceOptions(
        facts.referralOf(task.getExecution()).org()).keySet();
    if (!offered.containsAll(services)) {
      violations.add(new Violation(SERVICE_ITEMS, "帮扶服务须从列表中选择", "service items must be of " + offered));
    }
    if (rows.isEmpty() && services.isEmpty()) {
      violations.add(new Violation(CASH_ITEMS, "方案至少包含一项现金帮扶或一项帮扶服务",
          "a plan lists at least one cash item or one service"));
    }
    String aidTypes = CaseVariables.asString(task.getVariable(SERVICES));
    if (aidTypes == null) {
      violations.add(new Violation(SERVICES, "请填写帮扶类型", "services (aid types) are required"));
    } else if (!AID_TYPES.containsAll(CheckDoubleAidDelegate.services(aidTypes))) {
      // an enumerated value: the double-aid check compares these codes
      violations.add(new Violation(SERVICES, "帮扶类型须为以下之一：" + String.join("、", AID_TYPES),
          "services must be of " + AID_TYPES));
    }
    if (!violations.isEmpty()) {
      throw new RefusedInputException("帮扶方案有误", violations);
    }
    // what reserveFunds will reserve: the plan as checked here, whatever cashItems says later
    plans.recordPlan(task.getExecution(), items);
    task.getExecution().setVariable(SERVICE_ITEMS, CaseVariables.jsonList(services));
    // a Double, a primitive variable type the DMN, the forms and Cockpit read; the ledger keeps the exact amounts
    task.getExecution().setVariable(CASH_AMOUNT, CashItems.total(items).doubleValue());
  }
}
