package org.aidflow.servicelevel;

import static org.aidflow.shared.ProcessVariables.*;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.CaseScope;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.shared.ModelFunctions;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The service levels of docs/policy.md: how long each waiting step may take, in working days for normal cases and in
 * hours or days for urgent ones ({@code aidflow.service-levels.*}). The models read due, reminder and priority from
 * here, e.g. {@code ${serviceLevels.dueAt('verification', execution)}} on a boundary timer, so a designer changes
 * the model and an operator the numbers, neither touching Java.
 */
@Component("serviceLevels")
@ModelFunctions
@ConfigurationProperties("aidflow.service-levels")
public class ServiceLevels {


  /** One step's limits. */
  public static class Level {
    private int normalWorkingDays;
    private Duration urgent;
    private String label;

    public Level() {
    }

    Level(String label, int normalWorkingDays, Duration urgent) {
      this.label = label;
      this.normalWorkingDays = normalWorkingDays;
      this.urgent = urgent;
    }

    public int getNormalWorkingDays() {
      return normalWorkingDays;
    }

    public void setNormalWorkingDays(int normalWorkingDays) {
      this.normalWorkingDays = normalWorkingDays;
    }

    public Duration getUrgent() {
      return urgent;
    }

    public void setUrgent(Duration urgent) {
      this.urgent = urgent;
    }

    public String getLabel() {
      return label;
    }

    public void setLabel(String label) {
      this.label = label;
    }
  }

  /** The steps of a service order: a provider accepts it, then delivers it. */
  public static final String ORDER_ACCEPTANCE = "order-acceptance";
  public static final String ORDER_DELIVERY = "order-delivery";

  private final BusinessCalendar calendar;
  private final CaseFacts facts;
  private Map<String, Level> steps = defaults();

  /**
   * The four steps of docs/policy.md with an escalation ({@link ServiceLevelStep}), then the due dates of every other
   * user task (docs/service-levels.md): shown in Tasklist and sorted on, no escalation.
   */
  private static Map<String, Level> defaults() {
    Map<String, Level> steps = new LinkedHashMap<>();
    steps.put(ServiceLevelStep.VERIFICATION.code(), new Level(ServiceLevelStep.VERIFICATION.label(), 3, Duration.ofHours(24)));
    steps.put(ServiceLevelStep.ACCEPTANCE.code(), new Level(ServiceLevelStep.ACCEPTANCE.label(), 2, Duration.ofHours(4)));
    steps.put(ServiceLevelStep.PLAN.code(), new Level(ServiceLevelStep.PLAN.label(), 5, Duration.ofDays(2)));
    steps.put(ServiceLevelStep.DELIVERY.code(), new Level(ServiceLevelStep.DELIVERY.label(), 10, Duration.ofDays(3)));
    steps.put("safety", new Level("安全评估", 1, Duration.ofHours(4)));
    steps.put("protectionOrder", new Level("人身安全保护令", 3, Duration.ofDays(1)));
    steps.put("womensLegalAid", new Level("妇女维权法律援助", 10, Duration.ofDays(5)));
    steps.put("mediation", new Level("调解", 10, Duration.ofDays(5)));
    steps.put("arbitration", new Level("劳动仲裁法律援助", 20, Duration.ofDays(10)));
    steps.put("litigation", new Level("诉讼支持", 30, Duration.ofDays(15)));
    steps.put("approval", new Level("审批帮扶方案", 3, Duration.ofDays(1)));
    steps.put("funding", new Level("处理资金不足", 3, Duration.ofDays(1)));
    steps.put("caseDecision", new Level("督导决定", 3, Duration.ofDays(1)));
    steps.put("followUp", new Level("回访", 5, Duration.ofDays(2)));
    steps.put("escalation", new Level("超时督办", 2, Duration.ofHours(8)));
    steps.put("annualReview", new Level("年度复核", 20, Duration.ofDays(10)));
    // campaign batches (docs/campaigns.md): the owning unit's supervisors review a batch and decide on a shortfall
    steps.put("campaignReview", new Level("审核发放批次", 5, Duration.ofDays(5)));
    steps.put("campaignFunding", new Level("处理批次资金不足", 3, Duration.ofDays(3)));
    // service orders to providers (docs/service-orders.md): the same limits for urgent cases
    steps.put(ORDER_ACCEPTANCE, new Level("服务机构接单", 2, Duration.ofDays(2)));
    steps.put(ORDER_DELIVERY, new Level("服务机构提供服务", 20, Duration.ofDays(28)));
    return steps;
  }

  /** The share of the time after which the assignee is reminded. */
  private double reminderShare = 0.8;
  private int urgentPriority = 80;
  private int normalPriority = 50;

  public ServiceLevels(BusinessCalendar calendar, CaseFacts facts) {
    this.calendar = calendar;
    this.facts = facts;
  }

  /** When the step, started now, is due. */
  public Date dueAt(String step, VariableScope scope) {
    return Date.from(due(step, isUrgent(scope), 1.0));
  }

  /** When the step, started now, has been left twice its time: a second breach. */
  public Date secondDueAt(String step, VariableScope scope) {
    return Date.from(due(step, isUrgent(scope), 2.0));
  }

  /** When the assignee of the step, started now, is reminded. */
  public Date reminderAt(String step, VariableScope scope) {
    return Date.from(due(step, isUrgent(scope), reminderShare));
  }

  /** Tasklist sorts urgent cases first. */
  public int priority(VariableScope scope) {
    return isUrgent(scope) ? urgentPriority : normalPriority;
  }

  /** An urgent case's due time of the step, started now (a case that became urgent counts from then on). */
  public Date urgentDueAt(String step) {
    return Date.from(due(step, true, 1.0));
  }

  /** An urgent case's reminder time of the step, started now. */
  public Date urgentReminderAt(String step) {
    return Date.from(due(step, true, reminderShare));
  }

  public String label(String step) {
    return level(step).getLabel();
  }

  /**
   * Urgent: the urgent flag, domestic violence or minor protection (docs/policy.md), as AidFlow registered the case
   * of the step's aidCase or referral instance. A step of no registered case (an escalation, an annual review) or of
   * a case registered before its categories were decides on its variables.
   */
  public boolean isUrgent(VariableScope scope) {
    String processInstanceId = scope instanceof DelegateExecution execution ? execution.getProcessInstanceId()
        : scope instanceof DelegateTask task ? task.getProcessInstanceId() : null;
    if (processInstanceId != null) {
      Optional<Boolean> registered = facts.urgencyOf(processInstanceId);
      if (registered.isPresent()) {
        return registered.get();
      }
    }
    Map<String, Object> variables = CaseScope.variables(scope, List.of(URGENT, CATEGORIES));
    return CaseVariables.isTrue(variables.get(URGENT))
        || CaseVariables.asStringList(variables.get(CATEGORIES)).stream()
            .anyMatch(IntakeVocabulary.URGENT_CATEGORIES::contains);
  }

  /** Whether these categories alone make a case urgent. */
  public static boolean isUrgentCategories(java.util.Collection<String> categories) {
    return categories.stream().anyMatch(IntakeVocabulary.URGENT_CATEGORIES::contains);
  }

  Instant due(String step, boolean urgent, double share) {
    // to the minute, so that the task's due date and the timer computed a moment apart agree
    Instant now = ClockUtil.getCurrentTime().toInstant().truncatedTo(ChronoUnit.MINUTES);
    Level level = level(step);
    if (urgent) {
      return now.plus(scale(level.getUrgent(), share));
    }
    return calendar.addWorkingTime(now, scale(Duration.ofDays(level.getNormalWorkingDays()), share));
  }

  private static Duration scale(Duration duration, double share) {
    return Duration.ofSeconds(Math.round(duration.toSeconds() * share));
  }

  private Level level(String step) {
    Level level = steps.get(step);
    if (level == null) {
      throw new IllegalArgumentException("no service level for step " + step + "; known: " + steps.keySet());
    }
    return level;
  }

  public Map<String, Level> getSteps() {
    return steps;
  }

  public void setSteps(Map<String, Level> steps) {
    this.steps = steps;
  }

  public double getReminderShare() {
    return reminderShare;
  }

  public void setReminderShare(double reminderShare) {
    this.reminderShare = reminderShare;
  }

  public int getUrgentPriority() {
    return urgentPriority;
  }

  public void setUrgentPriority(int urgentPriority) {
    this.urgentPriority = urgentPriority;
  }

  public int getNormalPriority() {
    return normalPriority;
  }

  public void setNormalPriority(int normalPriority) {
    this.normalPriority = normalPriority;
  }
}
