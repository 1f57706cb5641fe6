package org.aidflow.demo;

import static org.aidflow.shared.ProcessVariables.*;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aidflow.assistance.CashItem;
import org.aidflow.assistance.CashItems;
import org.aidflow.intake.IdNumber;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.PersonalData;
import org.aidflow.shared.ReferralModel;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A handful of cases at different stages, so that Tasklist and Cockpit are not empty on first start, spread over
 * the demo's units ({@link DemoUnits}): 上城区 (330102) and 西湖区 (330106) and Hangzhou's city units, Ningbo's
 * 鄞州区 (330212) and city units, and 温州 (330302), which only the province's units work. Created once: not again
 * when the database already holds cases.
 */
@Component
@Profile("demo")
@ConditionalOnProperty(name = "aidflow.demo.cases", havingValue = "true")
public class DemoCases {

  private static final Logger LOG = LoggerFactory.getLogger(DemoCases.class);

  private final RuntimeService runtimeService;
  private final TaskService taskService;
  private final HistoryService historyService;

  public DemoCases(RuntimeService runtimeService, TaskService taskService, HistoryService historyService) {
    this.runtimeService = runtimeService;
    this.taskService = taskService;
    this.historyService = historyService;
  }

  @EventListener
  @Order(4)
  public void onReady(ApplicationReadyEvent event) {
    if (historyService.createHistoricProcessInstanceQuery().processDefinitionKey(AidCaseModel.PROCESS_KEY).count() > 0) {
      return;
    }
    // 1. 上城区: waiting for verification by its union (union-330102)
    start(intake("王建国", "330102197503121234", "13812345678", "330102", 3, 2600, 900, 1,
        List.of("living", "medical"), "杭州某机械厂", true, "window", true, false,
        "爱人患病长期治疗，家庭收入微薄。"));
    // 2. domestic violence via the 12338 hotline in 鄞州区 (Ningbo): urgent, verified by its Women's Federation
    start(intake("李秀英", "330105198806150028", "13900001111", "330212", 2, 4000, 500, 1,
        List.of("domestic-violence"), null, false, "hotline-12338", true, false, "遭受家庭暴力，需要庇护和法律帮助。"));
    // 3. a delivery rider of 西湖区 owed wages: verified, waiting for its union (union-330106) to accept the
    // legal-aid referral
    String rider = start(intake("陈磊", "330106199502201112", "13700002222", "330106", 1, 3000, 0, 0,
        List.of("wage-arrears"), null, false, "online", true, false, "平台拖欠三个月配送费。"));
    verify(rider);
    // 4. deep hardship with serious illness in 拱墅区 (Hangzhou's city units): union, charity and civil; the union's
    // plan awaits approval
    String illness = start(intake("赵敏", "330104197011051327", "13600003333", "330104", 4, 2000, 1200, 2,
        List.of("medical", "education"), "杭州某纺织厂", true, "window", true, true, "丈夫重病住院，两个孩子上学。"));
    verify(illness);
    Task accept = referralTask(illness, "union", ReferralModel.ACCEPT_REFERRAL);
    taskService.complete(accept.getId(), Variables.putValue(ACCEPTED, true));
    Task plan = referralTask(illness, "union", ReferralModel.PLAN_ASSISTANCE);
    taskService.complete(plan.getId(), Variables.putValue(CASH_ITEMS, CashItems.plan(
            new CashItem(null, "union-hardship", new BigDecimal("3000"), "困难帮扶金"),
            new CashItem(null, "union-education", new BigDecimal("2000"), "金秋助学")))
        .putValue(SERVICE_ITEMS, CaseVariables.jsonList(List.of("counselling")))
        .putValue(SERVICES, "hardship-grant,education-aid").putValue("planNote", "困难帮扶金3000元，金秋助学2000元，另安排心理疏导"));
    // 5. a young job seeker in 海曙区 (Ningbo): Ningbo's Youth League is planning
    String youth = start(intake("刘洋", "330108200201080015", "13500004444", "330203", 3, 4000, 800, 0,
        List.of("employment", "psychological"), null, false, "hotline-12355", true, false, "毕业后一直未就业，情绪低落。"));
    verify(youth);
    taskService.complete(referralTask(youth, "youth", ReferralModel.ACCEPT_REFERRAL).getId(),
        Variables.putValue(ACCEPTED, true));
    // 6. in 温州 (no unit there but the province's): above twice the minimum living standard and no rights matter,
    // closed NOT_ELIGIBLE
    String comfortable = start(intake("孙丽", "330110198304040046", "13400005555", "330302", 2, 12000, 500, 0,
        List.of("living"), "温州某公司", false, "window", true, false, "咨询帮扶政策。"));
    verify(comfortable);
    LOG.info("Created 6 demo cases");
  }

  private String start(Map<String, Object> variables) {
    ProcessInstance instance = runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY, variables);
    return instance.getId();
  }

  private void verify(String caseInstanceId) {
    Task task = taskService.createTaskQuery().processInstanceId(caseInstanceId)
        .taskDefinitionKey(AidCaseModel.VERIFY_CASE).singleResult();
    taskService.complete(task.getId(), Variables.putValue(VERIFIED, true).putValue(VERIFICATION_NOTE, "已入户核实，情况属实。"));
  }

  private Task referralTask(String caseInstanceId, String org, String taskKey) {
    ProcessInstance referral = runtimeService.createProcessInstanceQuery().superProcessInstanceId(caseInstanceId)
        .variableValueEquals(ORG, org).singleResult();
    return taskService.createTaskQuery().processInstanceId(referral.getId()).taskDefinitionKey(taskKey).singleResult();
  }

  static Map<String, Object> intake(String name, String idPrefix, String phone, String region, int householdSize,
      int monthlyIncome, int rigidExpenses, int childrenInSchool, List<String> categories, String employer,
      boolean unionMember, String channel, boolean consent, boolean seriousIllness, String description) {
    Map<String, Object> v = new HashMap<>();
    v.put(NAME, name);
    v.put(ID_NUMBER, withCheckCharacter(idPrefix));
    v.put(PHONE, phone);
    v.put(REGION, region);
    v.put(ADDRESS, region.startsWith("3302") ? "浙江省宁波市" : region.startsWith("3303") ? "浙江省温州市" : "浙江省杭州市");
    v.put(EMPLOYER, employer);
    v.put(UNION_MEMBER, unionMember);
    v.put(EMPLOYMENT_FORM, "online".equals(channel) ? "delivery-rider" : "none");
    v.put(HOUSEHOLD_SIZE, householdSize);
    v.put(MONTHLY_INCOME, monthlyIncome);
    v.put(RIGID_EXPENSES, rigidExpenses);
    v.put(CHILDREN_IN_SCHOOL, childrenInSchool);
    v.put(CATEGORIES, categories);
    v.put(SERIOUS_ILLNESS, seriousIllness);
    v.put(DISABILITY, false);
    v.put(URGENT, false);
    v.put(DESCRIPTION, description);
    v.put(CHANNEL, channel);
    v.put(CONSENT, consent);
    return v;
  }

  /** Demo ID numbers are made up; their check character is computed so that they pass validation. */
  static String withCheckCharacter(String eighteen) {
    String first17 = eighteen.substring(0, 17);
    String id = first17 + IdNumber.checkCharacter(first17);
    if (IdNumber.parse(id, LocalDate.now()).isEmpty()) {
      throw new IllegalStateException("demo ID number is not valid: " + PersonalData.maskIdNumber(id));
    }
    return id;
  }
}
