package org.aidflow.assistance;

import static org.aidflow.shared.ProcessVariables.*;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.aidflow.organisation.Providers;
import org.aidflow.serviceorder.ServiceOrderRouting;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.shared.PolicySettings;
import org.aidflow.shared.ReferralModel;
import org.aidflow.shared.ReferralRegistry;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Output;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.camunda.spin.Spin;
import org.camunda.spin.json.SpinJsonNode;
import org.camunda.spin.plugin.variable.SpinValues;
import org.springframework.stereotype.Component;

/**
 * What planning and approval show when the form opens (docs/desk.md), read then from AidFlow's tables and the
 * deployed decisions, never carried over from an earlier step: the prior aid to the same person in the double-aid
 * window (including another referral of this case paid meanwhile), the rights track so far, the approval levels of
 * decision {@code approval-level} as bands of the cash total (the form sums the items as they are typed and names the
 * band), the service list of the referral's organisation (the general services plus every service decision
 * {@code referral-routing} refers that organisation for) and the previous approval note.
 */
@Component
public class TaskPanels {

  static final String ROUTING_DECISION = "referral-routing";
  static final String APPROVAL_DECISION = "approval-level";
  /** The rights steps in Chinese, by task id (rights_step.step). */
  static final Map<String, String> STEP_LABELS = Map.of("mediate", "调解", "arbitrate", "劳动仲裁法律援助",
      "litigate", "诉讼支持", "assessSafety", "安全评估", "supportProtectionOrder", "人身安全保护令",
      "provideLegalAid", "妇女维权法律援助");
  static final Map<String, String> PROTECTION_ORDER_LABELS = Map.of("GRANTED", "法院已签发", "PENDING", "已申请，待法院裁定",
      "REJECTED", "法院驳回", "WITHDRAWN", "申请人撤回", "SKIPPED", "未申请");

  /** One rule of a decision table with its outputs by name. */
  record RuleOutputs(String description, List<String> inputs, Map<String, String> outputs) {
  }

  /** One approval level: the cash totals it covers (bounds null when open) and its name. */
  record Band(String level, String text, BigDecimal above, BigDecimal atLeast, BigDecimal below, BigDecimal upTo) {

    String words() {
      List<String> parts = new ArrayList<>();
      if (above != null) {
        parts.add("超过 " + IntakeVocabulary.money(above));
      }
      if (atLeast != null) {
        parts.add("不少于 " + IntakeVocabulary.money(atLeast));
      }
      if (below != null) {
        parts.add("少于 " + IntakeVocabulary.money(below));
      }
      if (upTo != null) {
        parts.add("不超过 " + IntakeVocabulary.money(upTo));
      }
      return String.join("、", parts);
    }
  }

  private final CaseFacts facts;
  private final ReferralRegistry referrals;
  private final RightsSteps rights;
  private final PolicySettings policy;
  private final ServiceOrderRouting routing;

  public TaskPanels(CaseFacts facts, ReferralRegistry referrals, RightsSteps rights, PolicySettings policy,
      ServiceOrderRouting routing) {
    this.routing = routing;
    this.facts = facts;
    this.referrals = referrals;
    this.rights = rights;
    this.policy = policy;
  }

  /** Planning, approvals, funding and delivery: everything above, into {@code values}. */
  void addAssistance(DelegateTask task, ReferralRegistry.RegisteredReferral referral, Map<String, TypedValue> values) {
    values.put(PRIOR_AID, Variables.stringValue(priorAid(referral)));
    values.put(RIGHTS_PROGRESS, Variables.stringValue(rightsProgress(referral)));
    Map<String, List<RuleOutputs>> rules = rules(APPROVAL_DECISION, ROUTING_DECISION);
    List<Band> bands = approvalBands(rules.get(APPROVAL_DECISION));
    SpinJsonNode json = Spin.JSON("[]");
    for (Band band : bands) {
      SpinJsonNode node = Spin.JSON("{}");
      node.prop("level", band.level());
      node.prop("text", band.text());
      bound(node, "above", band.above());
      bound(node, "atLeast", band.atLeast());
      bound(node, "below", band.below());
      bound(node, "upTo", band.upTo());
      json.append(node);
    }
    values.put(APPROVAL_BANDS, SpinValues.jsonValue(json).create());
    values.put(APPROVAL_RULES_TEXT, Variables.stringValue(bands.stream().map(b -> b.words() + "：" + b.text())
        .collect(Collectors.joining("；"))));
    SpinJsonNode options = Spin.JSON("[]");
    serviceOptions(rules.get(ROUTING_DECISION), referral.org()).forEach((code, label) -> {
      SpinJsonNode option = Spin.JSON("{}");
      option.prop("label", label);
      option.prop("value", code);
      options.append(option);
    });
    values.put(SERVICE_ITEM_OPTIONS, SpinValues.jsonValue(options).create());
    String note = CaseVariables.asString(task.getVariable(APPROVAL_NOTE));
    values.put(PREVIOUS_APPROVAL_NOTE, Variables.stringValue(note == null || note.isBlank() ? "无" : note));
    if (ReferralModel.PLAN_ASSISTANCE.equals(task.getTaskDefinitionKey())) {
      addProviderChoices(task, values);
    }
  }

  /**
   * Planning: for each service of the alliance, the providers the planner may choose ({@code providerOptionsLegalAid},
   * …), those routing would take for the applicant's region as registered, each by name with its open orders, after
   * the system's choice. Routing checks a choice again when the order starts (docs/service-orders.md).
   */
  private void addProviderChoices(DelegateTask task, Map<String, TypedValue> values) {
    String region = facts.caseOf(task.getExecution()).region();
    Map<String, List<ServiceOrderRouting.ProviderChoice>> byService = routing.choices(Providers.SERVICES.keySet(),
        region);
    for (String service : Providers.SERVICES.keySet()) {
      List<ServiceOrderRouting.ProviderChoice> choices = byService.getOrDefault(service, List.of());
      SpinJsonNode options = Spin.JSON("[]");
      options.append(option(choices.isEmpty() ? "系统分配（本地区暂无服务机构，将交回本单位主管）" : "系统分配（在办最少者）",
          SYSTEM_CHOICE));
      choices.forEach(c -> options.append(option(c.name() + "（在办 " + c.openOrders() + " 单）", c.code())));
      values.put(providerOptions(service), SpinValues.jsonValue(options).create());
    }
  }

  private static SpinJsonNode option(String label, String value) {
    SpinJsonNode option = Spin.JSON("{}");
    option.prop("label", label);
    option.prop("value", value);
    return option;
  }

  /** The rights steps: the track so far. */
  String rightsProgress(DelegateTask task) {
    return rightsProgress(facts.referralOf(task.getExecution()));
  }

  /** The services a plan of this organisation may list: the general ones, then those routing refers it for. */
  public Map<String, String> serviceOptions(String org) {
    return serviceOptions(rules(ROUTING_DECISION).get(ROUTING_DECISION), org);
  }

  static Map<String, String> serviceOptions(List<RuleOutputs> routing, String org) {
    Map<String, String> options = new LinkedHashMap<>();
    for (RuleOutputs rule : routing) {
      if (org.equals(rule.outputs().get("org")) && rule.outputs().get("service") != null) {
        String code = rule.outputs().get("service");
        String label = rule.outputs().get("serviceLabel");
        options.putIfAbsent(code, IntakeVocabulary.REFERRAL_SERVICE_LABELS.getOrDefault(code, label == null ? code : label));
      }
    }
    new java.util.TreeMap<>(Providers.SERVICES).forEach(options::putIfAbsent);
    return options;
  }

  private String priorAid(ReferralRegistry.RegisteredReferral referral) {
    java.time.Duration window = policy.getDoubleAidWindow();
    List<ReferralRegistry.PriorAid> prior = referrals.deliveredToSamePerson(referral.caseNumber(), referral.id(),
        ClockUtil.getCurrentTime().toInstant().minus(window));
    return prior.isEmpty() ? "近" + window.toDays() + "天无帮扶记录"
        : prior.stream().map(ReferralRegistry.PriorAid::describe).collect(Collectors.joining("\n\n"));
  }

  String rightsProgress(ReferralRegistry.RegisteredReferral referral) {
    RightsSteps.Progress progress = rights.progressOf(referral.id());
    if (progress.steps().isEmpty() && progress.track().track() == null) {
      return "尚无维权记录";
    }
    List<String> lines = new ArrayList<>();
    for (RightsSteps.Step step : progress.steps()) {
      String name = STEP_LABELS.getOrDefault(step.step(), step.step());
      if (step.skipped()) {
        lines.add("- " + name + "：跳过" + (step.skipReason() == null ? "" : "（" + step.skipReason() + "）"));
      } else {
        String result = step.outcome() == null ? "已完成" : PROTECTION_ORDER_LABELS.getOrDefault(step.outcome(), "已完成");
        lines.add("- " + name + "：" + result + (step.note() == null || step.note().isBlank() ? "" : "，" + step.note()));
      }
    }
    if (progress.resolved() != null) {
      BigDecimal recovered = progress.recovered();
      lines.add("维权结果：" + (progress.resolved() ? "已解决" : "未解决")
          + (recovered == null || recovered.signum() == 0 ? "" : "，追回 " + IntakeVocabulary.money(recovered)));
    }
    return String.join("\n", lines);
  }

  /** A deployed decision never changes: its rules are read once per decision definition. */
  private static final Map<String, List<RuleOutputs>> RULES_BY_DEFINITION = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The rules of the latest deployed decisions, by key (none for a key not deployed). Called inside the engine's
   * command (a form being opened, a task listener), so the latest definitions are found as a business-rule task finds
   * one (the highest version without a tenant) and with no authorization check, because every caseworker's form needs
   * the rules.
   */
  static Map<String, List<RuleOutputs>> rules(String... decisionKeys) {
    Map<String, List<RuleOutputs>> rules = new HashMap<>();
    for (String key : decisionKeys) {
      rules.put(key, List.of());
    }
    latestDefinitions(decisionKeys).forEach((key, definitionId) -> rules.put(key,
        RULES_BY_DEFINITION.computeIfAbsent(definitionId, id -> rules(Context.getProcessEngineConfiguration()
            .getDeploymentCache().findDmnModelInstanceForDecisionDefinition(id), key))));
    return rules;
  }

  /**
   * The id of each key's latest decision definition, found in the engine's command as a business-rule task finds it
   * (through shared.LatestDecisionsPlugin, which mostly answers without the database).
   */
  private static Map<String, String> latestDefinitions(String... decisionKeys) {
    Map<String, String> latest = new HashMap<>();
    for (String key : decisionKeys) {
      var definition = Context.getCommandContext().getDecisionDefinitionManager()
          .findLatestDefinitionByKeyAndTenantId(key, null);
      if (definition != null) {
        latest.put(key, definition.getId());
      }
    }
    return latest;
  }

  static List<RuleOutputs> rules(DmnModelInstance model, String decisionKey) {
    DecisionTable table = (DecisionTable) model.getDefinitions().getDrgElements().stream()
        .filter(e -> decisionKey.equals(e.getId())).findFirst()
        .map(d -> ((org.camunda.bpm.model.dmn.instance.Decision) d).getExpression()).orElseThrow();
    List<String> names = table.getOutputs().stream().map(Output::getName).toList();
    List<RuleOutputs> rules = new ArrayList<>();
    for (Rule rule : table.getRules()) {
      Map<String, String> outputs = new LinkedHashMap<>();
      List<org.camunda.bpm.model.dmn.instance.OutputEntry> entries = new ArrayList<>(rule.getOutputEntries());
      for (int i = 0; i < entries.size() && i < names.size(); i++) {
        outputs.put(names.get(i), unquote(entries.get(i).getText().getTextContent()));
      }
      List<String> inputs = rule.getInputEntries().stream().map(e -> e.getText().getTextContent().trim()).toList();
      rules.add(new RuleOutputs(rule.getDescription() == null ? null : rule.getDescription().getTextContent(), inputs,
          outputs));
    }
    return rules;
  }

  private static final Pattern COMPARISON = Pattern.compile("(<=|>=|<|>)\\s*(-?[0-9.]+)");
  private static final Pattern RANGE = Pattern.compile("([\\[\\](])\\s*(-?[0-9.]+)\\s*\\.\\.\\s*(-?[0-9.]+)\\s*([\\[\\])])");

  /**
   * The approval levels as bands of the cash total, read from the single input's cells ({@code <= 2000},
   * {@code ]2000..10000]}, {@code > 10000}, …) and named by the rule's description up to its first bracket or colon.
   */
  static List<Band> approvalBands(List<RuleOutputs> rules) {
    List<Band> bands = new ArrayList<>();
    for (RuleOutputs rule : rules) {
      String cell = rule.inputs().isEmpty() ? "-" : rule.inputs().get(0);
      String level = rule.outputs().values().stream().findFirst().orElse(null);
      String text = name(rule.description(), level);
      Matcher range = RANGE.matcher(cell);
      Matcher comparison = COMPARISON.matcher(cell);
      if (range.matches()) {
        BigDecimal low = new BigDecimal(range.group(2));
        BigDecimal high = new BigDecimal(range.group(3));
        boolean lowIncluded = range.group(1).equals("[");
        boolean highIncluded = range.group(4).equals("]");
        bands.add(new Band(level, text, lowIncluded ? null : low, lowIncluded ? low : null, highIncluded ? null : high,
            highIncluded ? high : null));
      } else if (comparison.matches()) {
        BigDecimal value = new BigDecimal(comparison.group(2));
        switch (comparison.group(1)) {
          case "<=" -> bands.add(new Band(level, text, null, null, null, value));
          case "<" -> bands.add(new Band(level, text, null, null, value, null));
          case ">=" -> bands.add(new Band(level, text, null, value, null, null));
          default -> bands.add(new Band(level, text, value, null, null, null));
        }
      } else if (cell.equals("-") || cell.isEmpty()) {
        bands.add(new Band(level, text, null, null, null, null));
      } else {
        throw new IllegalStateException("approval-level: cannot read the cell " + cell);
      }
    }
    return bands;
  }

  private static String name(String description, String level) {
    if (description == null || description.isBlank()) {
      return level;
    }
    String name = description.split("[（(：:]", 2)[0].trim();
    return name.isEmpty() ? level : name;
  }

  private static void bound(SpinJsonNode node, String name, BigDecimal value) {
    if (value != null) {
      node.prop(name, value.doubleValue());
    }
  }

  private static String unquote(String text) {
    String t = text == null ? null : text.trim();
    if (t == null || t.isEmpty() || t.equals("-")) {
      return null;
    }
    return t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
  }

}
