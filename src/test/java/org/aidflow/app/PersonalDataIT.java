package org.aidflow.app;

import org.aidflow.shared.AidCaseModel;
import org.aidflow.support.Plans;
import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Cases run through the loop (through the API and the way Tasklist's start form does), then every table of the
 * database and every log line is searched for the full ID numbers and phones: none may be found.
 */
class PersonalDataIT extends ApplicationTest {

  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired FormService formService;
  @Autowired RepositoryService repositoryService;

  @Test
  void noFullIdNumberOrPhoneIsStoredOrLoggedAnywhere() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    List<String> secrets = new ArrayList<>();
    try {
      LoggerFactory.getLogger(PersonalDataIT.class).info("personal data scan: capturing log lines");
      // through the API, then withdrawn
      Map<String, Object> online = applicant(PHONE, "13900112233", CATEGORIES, List.of("wage-arrears"));
      secrets.add((String) online.get(ID_NUMBER));
      secrets.add("13900112233");
      HttpHeaders headers = new HttpHeaders();
      headers.setContentType(MediaType.APPLICATION_JSON);
      String created = http.withBasicAuth("intake", "demo").postForEntity("/api/cases",
          new HttpEntity<>(new ObjectMapper().writeValueAsString(online), headers), String.class).getBody();
      String caseNumber = new ObjectMapper().readTree(created).get("caseNumber").asText();
      // the same person again: joins the open case
      http.withBasicAuth("intake", "demo").postForEntity("/api/cases",
          new HttpEntity<>(new ObjectMapper().writeValueAsString(online), headers), String.class);
      // an invalid intake carrying a phone: rejected
      http.withBasicAuth("intake", "demo").postForEntity("/api/cases", new HttpEntity<>(
          new ObjectMapper().writeValueAsString(applicant(PHONE, "13900112233", HOUSEHOLD_SIZE, 0)), headers),
          String.class);

      // the way Tasklist's start form starts a case, then verified, referred, delivered
      Map<String, Object> window = applicant(PHONE, "13700998877");
      secrets.add((String) window.get(ID_NUMBER));
      secrets.add("13700998877");
      String definition = repositoryService.createProcessDefinitionQuery()
          .processDefinitionKey(AidCaseModel.PROCESS_KEY).latestVersion().singleResult().getId();
      ProcessInstance started = as("intake", () -> formService.submitStartForm(definition, window));
      as("union-worker", () -> {
        Task verify = taskService.createTaskQuery().processInstanceId(started.getId()).singleResult();
        taskService.complete(verify.getId(), Map.of(VERIFIED, true, VERIFICATION_NOTE, "属实"));
        return null;
      });
      ProcessInstance referral = runtimeService.createProcessInstanceQuery().superProcessInstanceId(started.getId())
          .variableValueEquals(ORG, "union").singleResult();
      for (Map<String, Object> step : List.of(Map.<String, Object>of(ACCEPTED, true),
          Map.<String, Object>of(CASH_ITEMS, Plans.cash("union-hardship", 1000), SERVICES, "hardship-grant"),
          Map.<String, Object>of(DELIVERED, true, PAID_ITEMS, Plans.paid("cash-1"), "deliveryNote", "已发放"))) {
        Task task = taskService.createTaskQuery().processInstanceId(referral.getId()).singleResult();
        taskService.complete(task.getId(), step);
      }
      awaitEnded(referral.getId());
      org.springframework.http.HttpHeaders jsonType = new org.springframework.http.HttpHeaders();
      jsonType.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
      assertThat(http.withBasicAuth("intake", "demo").postForEntity("/api/cases/" + caseNumber + "/withdrawal",
          new org.springframework.http.HttpEntity<>("{\"reason\":\"申请人来电撤回\"}", jsonType), String.class)
          .getStatusCode().value()).isEqualTo(200);

      // an invalid start form: its rejection, wherever it is logged, must not repeat the number either
      Map<String, Object> invalid = applicant(PHONE, "13600554433", HOUSEHOLD_SIZE, 0);
      secrets.add((String) invalid.get(ID_NUMBER));
      secrets.add("13600554433");
      assertThatThrownBy(() -> as("intake", () -> formService.submitStartForm(definition, invalid)))
          .hasMessageContaining(HOUSEHOLD_SIZE);
    } finally {
      root.detachAppender(logs);
    }

    for (String secret : secrets) {
      assertThat(tablesContaining(secret)).as("tables holding %s", secret.substring(0, 3) + "…").isEmpty();
      assertThat(logs.list).noneSatisfy(event -> assertThat(event.getFormattedMessage()
          + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())))
          .contains(secret));
    }
    // the capture itself worked: the scan above read real log lines
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
        .contains("personal data scan: capturing log lines");
  }

  /** Every text and binary column of every table in the database that holds the value. */
  private List<String> tablesContaining(String value) {
    List<Map<String, Object>> columns = jdbc.queryForList("SELECT table_name, column_name, data_type FROM"
        + " information_schema.columns WHERE table_schema = 'public' AND data_type IN"
        + " ('character varying', 'text', 'bytea', 'character')");
    assertThat(columns).hasSizeGreaterThan(100);
    List<String> found = new ArrayList<>();
    for (Map<String, Object> column : columns) {
      String table = (String) column.get("table_name");
      String name = (String) column.get("column_name");
      String condition = "bytea".equals(column.get("data_type"))
          ? "position(convert_to(?, 'UTF8') in \"" + name + "\") > 0"
          : "position(? in \"" + name + "\") > 0";
      Integer hits = jdbc.queryForObject("SELECT COUNT(*) FROM \"" + table + "\" WHERE " + condition, Integer.class,
          value);
      if (hits > 0) {
        found.add(table + "." + name + (table.equals("act_hi_detail") ? " " + jdbc.queryForList(
            "SELECT type_ || '/' || coalesce(name_, '') || '/' || coalesce(var_type_, '') FROM act_hi_detail WHERE "
                + condition, String.class, value) : ""));
      }
    }
    return found;
  }
}
