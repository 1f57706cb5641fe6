package org.aidflow.assistance;

import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.shared.ReferralModel.*;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.organisation.Providers;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.shared.ReferralModel;
import org.aidflow.shared.ReferralRegistry;
import org.aidflow.shared.TaskFormView;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.Spin;
import org.camunda.spin.json.SpinJsonNode;
import org.camunda.spin.plugin.variable.SpinValues;
import org.springframework.stereotype.Component;

/**
 * On the assistance tasks (planning, approvals, funding, delivery), worked out when the form is opened
 * ({@link TaskFormView}):
 * what is left of each fund of this year the referral's unit may draw on — its own and its parents' funds open to
 * lower units, never a sibling's or a lower unit's ({@code fundsLeft}, and {@code fundOptions} for the fund pickers), the plan in words ({@code planText}) and its cash items to tick when paid ({@code cashItemOptions}).
 */
@Component
public class AssistancePanelsView implements TaskFormView {

  /** The tasks of the referral whose forms show the panels. */
  static final Set<String> ASSISTANCE_TASKS = Set.of(PLAN_ASSISTANCE, OVERRIDE_DOUBLE_AID, APPROVE_PLAN,
      JOINT_APPROVE, RESOLVE_FUNDING, DELIVER_ASSISTANCE);

  private final FundLedger ledger;
  private final CaseFacts facts;
  private final ReferralPlans plans;
  private final Clock clock;
  private final TaskPanels panels;
  private final OrganisationUnits units;

  public AssistancePanelsView(FundLedger ledger, CaseFacts facts, ReferralPlans plans, Clock clock, TaskPanels panels,
      OrganisationUnits units) {
    this.panels = panels;
    this.units = units;
    this.plans = plans;
    this.ledger = ledger;
    this.facts = facts;
    this.clock = clock;
  }

  @Override
  public Map<String, TypedValue> valuesFor(DelegateTask task) {
    if (!TaskFormView.isTaskOf(task, ReferralModel.PROCESS_KEY, ASSISTANCE_TASKS)) {
      return Map.of();
    }
    Map<String, TypedValue> values = new HashMap<>();
    // the referral's unit as registered, so no variable shows another unit's funds
    ReferralRegistry.RegisteredReferral referral = facts.referralOf(task.getExecution());
    String unit = referral.unit();
    List<FundLedger.Balance> all = ledger.balances(LocalDate.now(clock).getYear());
    List<FundLedger.Balance> usable = FundLedger.usableAmong(all, unit);
    // funds by name, amounts as 3,000,000.00 元, a parent unit's fund with that unit's name: no codes for people
    String text = usable.stream()
        .map(b -> b.name() + owner(b, unit) + "：可用 " + IntakeVocabulary.money(b.available()) + " / 预算 "
            + IntakeVocabulary.money(b.budget()))
        .collect(Collectors.joining("\n\n"));
    values.put(FUNDS_LEFT, Variables.stringValue(text.isEmpty() ? "本单位本年度尚未设立资金" : text));
    SpinJsonNode fundOptions = Spin.JSON("[]");
    usable.forEach(b -> fundOptions.append(option(b.name() + "（" + (b.unit().equals(unit) ? ""
        : unitName(b.unit()) + " 开放，") + "可用 " + IntakeVocabulary.money(b.available()) + "）", b.code())));
    values.put(FUND_OPTIONS, SpinValues.jsonValue(fundOptions).create());

    Map<String, String> fundNames = all.stream().collect(Collectors.toMap(FundLedger.Balance::code,
        FundLedger.Balance::name, (a, b) -> a));
    Function<CashItem, String> describe = item -> IntakeVocabulary.itemName(item.item()) + " 现金帮扶 "
        + fundNames.getOrDefault(item.fund(), item.fund()) + " " + IntakeVocabulary.money(item.amount()) + (item.purpose() == null || item.purpose().isBlank() ? "" : "（" + item.purpose() + "）");
    // the plan as checked, which is what approving it reserves
    List<CashItem> items = plans.plannedItems(referral, task.getExecution());
    List<String> services = CaseVariables.asStringList(task.getVariable(SERVICE_ITEMS));
    String plan = (items.isEmpty() ? "现金帮扶：无" : "现金帮扶（合计 " + IntakeVocabulary.money(CashItems.total(items)) + "）：\n\n"
        + items.stream().map(item -> "- " + describe.apply(item)).collect(Collectors.joining("\n")))
        + "\n\n帮扶服务：" + (services.isEmpty() ? "无"
        : services.stream().map(s -> Providers.SERVICES.getOrDefault(s, IntakeVocabulary.REFERRAL_SERVICE_LABELS.getOrDefault(s, s))).collect(Collectors.joining("、")));
    values.put(PLAN_TEXT, Variables.stringValue(plan));
    SpinJsonNode itemOptions = Spin.JSON("[]");
    items.forEach(item -> itemOptions.append(option(describe.apply(item), item.item())));
    values.put(CASH_ITEM_OPTIONS, SpinValues.jsonValue(itemOptions).create());
    // prior aid, rights track, approval levels, service list, previous approval note: read now (docs/desk.md)
    panels.addAssistance(task, referral, values);
    return values;
  }

  /** For a parent unit's shared fund: whose it is, by name. */
  private String owner(FundLedger.Balance fund, String unit) {
    return fund.unit().equals(unit) ? "" : "（" + unitName(fund.unit()) + " 开放）";
  }

  /** A unit by its name ("上级单位 浙江省总工会"), its code only if it has none. */
  private String unitName(String code) {
    return "上级单位 " + units.find(code).map(OrganisationUnit::name).orElse(code);
  }

  private static SpinJsonNode option(String label, String value) {
    SpinJsonNode option = Spin.JSON("{}");
    option.prop("label", label);
    option.prop("value", value);
    return option;
  }
}
