package org.aidflow.app;

import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.aidflow.organisation.OrganisationService;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.serviceorder.ServiceOrders;
import org.aidflow.serviceorder.ServiceOrders.Order;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.ReferralModel;
import org.aidflow.support.ApplicationTest;
import org.aidflow.support.TestUnits;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Service orders on PostgreSQL (docs/service-orders.md): providers join through the organisations API; a legal-aid
 * item of an approved plan of 婺城区 reaches a law firm covering 金华, is declined by it and delivered by the other
 * one; the law firm of 绍兴 never sees the order, its tasks or its instance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceOrdersIT extends ApplicationTest {

  private static final String LAW_A = "provider-itjhlawa";
  private static final String LAW_B = "provider-itjhlawb";
  private static final String OTHER_REGION_LAW = "provider-itsxlaw";

  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired JdbcTemplate jdbc;
  @Autowired TestRestTemplate http;
  @Autowired OrganisationUnits units;
  @Autowired OrganisationService organisations;
  @Autowired ServiceOrders orders;

  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  void unitsAndProviders() {
    TestUnits.ensure(units, organisations, identityService);
    for (String[] provider : new String[][] {{LAW_A, "金华甲律师事务所", "3307"}, {LAW_B, "金华乙律师事务所", "3307"},
        {OTHER_REGION_LAW, "绍兴律师事务所", "3306"}}) {
      if (units.find(provider[0]).isEmpty()) {
        ResponseEntity<String> joined = send("admin", HttpMethod.POST, "/api/organisations", "{\"code\": \""
            + provider[0] + "\", \"name\": \"" + provider[1] + "\", \"services\": [\"legal-aid\", \"counselling\"],"
            + " \"regions\": [\"" + provider[2] + "\"]}");
        assertThat(joined.getStatusCode().value()).as(joined.getBody()).isEqualTo(201);
      }
      TestUnits.user(identityService, provider[0] + "-worker", provider[0] + "-caseworkers");
    }
  }

  @Test
  void providersJoinAndLeaveThroughTheOrganisationsApiWithCheckedServicesAndRegions() {
    ResponseEntity<String> unknown = send("admin", HttpMethod.POST, "/api/organisations",
        "{\"code\": \"provider-itbad\", \"name\": \"无效机构\", \"services\": [\"massage\"], \"regions\": [\"3307\"]}");
    assertThat(unknown.getStatusCode().value()).isEqualTo(400);
    assertThat(unknown.getBody()).contains("services");
    ResponseEntity<String> outside = send("admin", HttpMethod.POST, "/api/organisations",
        "{\"code\": \"provider-itbad\", \"name\": \"无效机构\", \"services\": [\"legal-aid\"], \"regions\": [\"11\"]}");
    assertThat(outside.getStatusCode().value()).isEqualTo(400);
    assertThat(outside.getBody()).contains("regions");
    ResponseEntity<String> notAdmin = send(TestUnits.CITY + "-lead", HttpMethod.POST, "/api/organisations",
        "{\"code\": \"provider-itbad\", \"name\": \"无效机构\", \"services\": [\"legal-aid\"], \"regions\": [\"3307\"]}");
    assertThat(notAdmin.getStatusCode().value()).isEqualTo(403);

    ResponseEntity<String> joined = send("admin", HttpMethod.POST, "/api/organisations", "{\"code\": \"provider-itleave\","
        + " \"name\": \"金华体检中心\", \"services\": [\"health-check\"], \"regions\": [\"3307\"]}");
    assertThat(joined.getStatusCode().value()).as(joined.getBody()).isEqualTo(201);
    assertThat(joined.getBody()).contains("\"services\":[\"health-check\"]", "\"regions\":[\"3307\"]",
        "provider-itleave-caseworkers");
    assertThat(identityService.createGroupQuery().groupId("provider-itleave-caseworkers").count()).isOne();
    ResponseEntity<String> left = send("admin", HttpMethod.PATCH, "/api/organisations/provider-itleave",
        "{\"active\": false}");
    assertThat(left.getStatusCode().value()).as(left.getBody()).isEqualTo(200);
    assertThat(units.find("provider-itleave").orElseThrow().active()).isFalse();
  }

  @Test
  void aLegalAidItemIsDeclinedByOneLawFirmAndDeliveredByTheOtherWhileAnotherRegionsFirmNeverSeesIt() throws Exception {
    ProcessInstance referral = plannedReferral();
    String worker = TestUnits.DISTRICT + "-worker";
    // services only: no cash, so no approval; the plan's service item becomes an order at once
    ResponseEntity<String> planned = complete(worker, task(referral).getId(), "{\"variables\": {"
        + " \"services\": {\"value\": \"hardship-grant\"},"
        + " \"serviceItems\": {\"type\": \"Json\", \"value\": \"[\\\"legal-aid\\\"]\"}}}");
    assertThat(planned.getStatusCode().value()).as(planned.getBody()).isEqualTo(204);
    String caseNumber = (String) runtimeService.getVariable(referral.getId(), CASE_NUMBER);
    Order order = orders.ofCase(caseNumber).get(0);
    assertThat(order.service()).isEqualTo("legal-aid");
    assertThat(order.referringUnit()).isEqualTo(TestUnits.DISTRICT);

    String first = awaitOfferedTo(order.processInstanceId(), List.of(LAW_A, LAW_B));
    String second = first.equals(LAW_A) ? LAW_B : LAW_A;
    Task acceptance = taskService.createTaskQuery().processInstanceId(order.processInstanceId()).singleResult();
    assertThat(visibleTasks(first, order.processInstanceId())).isOne();
    assertThat(visibleTasks(second, order.processInstanceId())).isZero();
    assertThat(visibleTasks(OTHER_REGION_LAW, order.processInstanceId())).isZero();
    assertThat(instanceStatus(OTHER_REGION_LAW, order.processInstanceId())).isEqualTo(404);
    // the provider reads the masked identity only
    JsonNode variables = json.readTree(send(first + "-worker", HttpMethod.GET, "/engine-rest/task/" + acceptance.getId()
        + "/variables", null).getBody());
    assertThat(variables.has(NAME)).isFalse();
    assertThat(variables.path(NAME_MASKED).path("value").asText()).endsWith("*");

    ResponseEntity<String> declined = complete(first + "-worker", acceptance.getId(),
        "{\"variables\": {\"accepted\": {\"value\": false}, \"declineReason\": {\"value\": \"本所本月无空档\"}}}");
    assertThat(declined.getStatusCode().value()).as(declined.getBody()).isEqualTo(204);

    assertThat(awaitOfferedTo(order.processInstanceId(), List.of(second))).isEqualTo(second);
    Task next = taskService.createTaskQuery().processInstanceId(order.processInstanceId()).singleResult();
    assertThat(visibleTasks(first, order.processInstanceId())).isZero();
    assertThat(visibleTasks(OTHER_REGION_LAW, order.processInstanceId())).isZero();
    assertThat(complete(second + "-worker", next.getId(), "{\"variables\": {\"accepted\": {\"value\": true}}}")
        .getStatusCode().value()).isEqualTo(204);
    Task delivery = taskService.createTaskQuery().processInstanceId(order.processInstanceId()).singleResult();
    assertThat(delivery.getTaskDefinitionKey()).isEqualTo("deliverOrder");
    // a bad delivery is a 400 naming the field, the task stays
    ResponseEntity<String> bad = complete(second + "-worker", delivery.getId(), "{\"variables\": {\"deliveredOn\":"
        + " {\"value\": \"" + today() + "\"}, \"serviceHours\": {\"value\": -1}, \"serviceWork\": {\"value\": \"咨询\"},"
        + " \"serviceOutcome\": {\"value\": \"RESOLVED\"}}}");
    assertThat(bad.getStatusCode().value()).as(bad.getBody()).isEqualTo(400);
    assertThat(bad.getBody()).contains("serviceHours");
    ResponseEntity<String> delivered = complete(second + "-worker", delivery.getId(), "{\"variables\": {\"deliveredOn\":"
        + " {\"value\": \"" + today() + "\"}, \"serviceHours\": {\"value\": 3}, \"serviceWork\": {\"value\":"
        + " \"代理劳动仲裁\"}, \"serviceOutcome\": {\"value\": \"RESOLVED\"}}}");
    assertThat(delivered.getStatusCode().value()).as(delivered.getBody()).isEqualTo(204);
    awaitEnded(order.processInstanceId());

    Order done = orders.find(order.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(ServiceOrders.Status.DELIVERED);
    assertThat(done.providerUnit()).isEqualTo(second);
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.deliveredOn()).isEqualTo(today());
    assertThat(done.deliveredHours()).isEqualByComparingTo("3");
    assertThat(orders.declinedBy(order.id())).containsExactly(first);
    assertThat(instanceStatus(OTHER_REGION_LAW, order.processInstanceId())).isEqualTo(404);
  }

  @Test
  void thePlanFormOffersCoveringFirmsOnlyAndAForgedChoiceNeverReachesAnotherRegionsFirm() throws Exception {
    ProcessInstance referral = plannedReferral();
    String worker = TestUnits.DISTRICT + "-worker";
    String plan = task(referral).getId();
    // the options the form shows: 金华's two law firms by name, never 绍兴's
    // as Tasklist opens the form: its variables, the options worked out then
    JsonNode options = json.readTree(send(worker, HttpMethod.GET, "/engine-rest/task/" + plan
        + "/form-variables?deserializeValues=false", null).getBody()).path(providerOptions("legal-aid"));
    assertThat(options.path("type").asText()).as(options.toString()).isEqualTo("Json");
    JsonNode value = options.path("value");
    assertThat(value.isTextual() ? value.asText() : value.toString()).as(options.toString()).contains("系统分配（在办最少者）", "金华甲律师事务所（在办", "金华乙律师事务所（在办")
        .doesNotContain("绍兴", OTHER_REGION_LAW);
    // the group takes its own members only, each a text
    ResponseEntity<String> unknownMember = complete(worker, plan, planWith("{\\\"bribe\\\": \\\"" + OTHER_REGION_LAW
        + "\\\"}"));
    assertThat(unknownMember.getStatusCode().value()).as(unknownMember.getBody()).isEqualTo(400);
    assertThat(unknownMember.getBody()).contains("serviceProviders.bribe");
    ResponseEntity<String> notText = complete(worker, plan, planWith("{\\\"legalAid\\\": 7}"));
    assertThat(notText.getStatusCode().value()).as(notText.getBody()).isEqualTo(400);
    assertThat(notText.getBody()).contains("serviceProviders.legalAid");

    // a forged choice of 绍兴's firm is accepted as a plan but passed over by routing
    ResponseEntity<String> forged = complete(worker, plan, planWith("{\\\"legalAid\\\": \\\"" + OTHER_REGION_LAW
        + "\\\"}"));
    assertThat(forged.getStatusCode().value()).as(forged.getBody()).isEqualTo(204);
    String caseNumber = (String) runtimeService.getVariable(referral.getId(), CASE_NUMBER);
    Order order = orders.ofCase(caseNumber).get(0);
    awaitOfferedTo(order.processInstanceId(), List.of(LAW_A, LAW_B));
    assertThat(visibleTasks(OTHER_REGION_LAW, order.processInstanceId())).isZero();
    assertThat(instanceStatus(OTHER_REGION_LAW, order.processInstanceId())).isEqualTo(404);
    assertThat(orders.find(order.id()).orElseThrow().providerUnit()).isIn(LAW_A, LAW_B);
  }

  /** A plan of one legal-aid item, no cash (no approval), with the group serviceProviders as Tasklist sends it. */
  private static String planWith(String serviceProviders) {
    return "{\"variables\": {\"services\": {\"value\": \"hardship-grant\"},"
        + " \"serviceItems\": {\"type\": \"Json\", \"value\": \"[\\\"legal-aid\\\"]\"},"
        + " \"serviceProviders\": {\"type\": \"Json\", \"value\": \"" + serviceProviders + "\"}}}";
  }

  // ------------------------------------------------------------------ helpers

  /** A case of 婺城区, verified; its union referral accepted by the district and waiting for a plan. */
  private ProcessInstance plannedReferral() {
    ProcessInstance aidCase = as("intake", () -> runtimeService.startProcessInstanceByKey(AidCaseModel.PROCESS_KEY,
        applicant(REGION, TestUnits.DISTRICT_REGION)));
    String worker = TestUnits.DISTRICT + "-worker";
    String verification = task(aidCase).getId();
    as(worker, () -> {
      taskService.complete(verification, Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实"));
      return null;
    });
    ProcessInstance referral = runtimeService.createProcessInstanceQuery().superProcessInstanceId(aidCase.getId())
        .variableValueEquals(ORG, "union").singleResult();
    String acceptance = task(referral).getId();
    as(worker, () -> {
      taskService.complete(acceptance, Map.of(ACCEPTED, true));
      return null;
    });
    assertThat(task(referral).getTaskDefinitionKey()).isEqualTo(ReferralModel.PLAN_ASSISTANCE);
    return referral;
  }

  /** Waits (up to 30 s) for the job executor to offer the order; answers the provider it went to. */
  private String awaitOfferedTo(String instance, List<String> expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      Task task = taskService.createTaskQuery().processInstanceId(instance).taskDefinitionKey("acceptOrder")
          .singleResult();
      if (task != null) {
        List<String> groups = taskService.getIdentityLinksForTask(task.getId()).stream()
            .filter(l -> "candidate".equals(l.getType())).map(l -> l.getGroupId()).toList();
        String provider = expected.stream().filter(p -> groups.contains(p + "-caseworkers")).findFirst()
            .orElseThrow(() -> new AssertionError("offered to " + groups + ", expected one of " + expected));
        return provider;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the order was not offered within 30 s");
  }

  private long visibleTasks(String provider, String instance) throws Exception {
    ResponseEntity<String> answer = send(provider + "-worker", HttpMethod.GET, "/engine-rest/task/count?processInstanceId="
        + instance, null);
    assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
    return json.readTree(answer.getBody()).path("count").asLong();
  }

  private int instanceStatus(String provider, String instance) {
    return send(provider + "-worker", HttpMethod.GET, "/engine-rest/process-instance/" + instance, null)
        .getStatusCode().value();
  }

  private ResponseEntity<String> complete(String user, String taskId, String body) {
    return send(user, HttpMethod.POST, "/engine-rest/task/" + taskId + "/complete", body);
  }

  private ResponseEntity<String> send(String user, HttpMethod method, String path, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.withBasicAuth(user, "demo").exchange(path, method, new HttpEntity<>(body, headers), String.class);
  }

  private static LocalDate today() {
    return LocalDate.now(AidFlowConfiguration.ZONE);
  }

  private Task task(ProcessInstance instance) {
    return taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult();
  }
}
