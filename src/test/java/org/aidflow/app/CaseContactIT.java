package org.aidflow.app;

import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 21, items 2 and 4: the intake organisation's caseworkers read the applicant's full phone, address and
 * employer (decrypted from AidFlow's case row, each read in the case's audit); a receiving organisation reads them
 * only with the applicant's consent, masked otherwise; anyone else gets 404; the phone never reaches a log, a URL,
 * a process variable or the audit. The case page (JSON) shows the steps with who and when and the decisions with
 * their inputs, in words.
 */
class CaseContactIT extends ApplicationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PHONE_NUMBER = "13955667788";
  private static final String STREET = "浙江省杭州市上城区望江路 88 号 3 幢";
  private static final String FACTORY = "杭州示例精密机械有限公司";

  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired TaskService taskService;

  @Test
  void theIntakeOrganisationReadsTheFullContactAReceivingOneOnlyWithConsentOthersNothing() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    String caseNumber;
    List<String> urls = new ArrayList<>();
    try {
      HttpHeaders headers = new HttpHeaders();
      headers.setContentType(MediaType.APPLICATION_JSON);
      // an accident: the union and the charity federation receive it (consent given)
      Map<String, Object> person = applicant(PHONE, PHONE_NUMBER, ADDRESS, STREET, EMPLOYER, FACTORY, CATEGORIES,
          List.of("accident"));
      ResponseEntity<String> created = http.withBasicAuth("intake", "demo").postForEntity("/api/cases",
          new HttpEntity<>(JSON.writeValueAsString(person), headers), String.class);
      assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
      caseNumber = JSON.readTree(created.getBody()).get("caseNumber").asText();

      // stored encrypted, never in plain text
      Map<String, Object> row = jdbc.queryForMap("SELECT phone_encrypted, address_encrypted, employer_encrypted"
          + " FROM aid_case WHERE case_number = ?", caseNumber);
      assertThat(row.values()).allSatisfy(value -> assertThat(value).isNotNull());
      assertThat(row.toString()).doesNotContain(PHONE_NUMBER, STREET, FACTORY);

      // the intake unit's caseworker: the full values, and the read in the audit
      JsonNode contact = get("union-worker", "/api/cases/" + caseNumber + "/contact", urls);
      assertThat(contact.get("full").asBoolean()).isTrue();
      assertThat(contact.get("phone").asText()).isEqualTo(PHONE_NUMBER);
      assertThat(contact.get("address").asText()).isEqualTo(STREET);
      assertThat(contact.get("employer").asText()).isEqualTo(FACTORY);
      JsonNode audit = get("union-worker", "/api/cases/" + caseNumber + "/audit", urls);
      List<JsonNode> reads = new ArrayList<>();
      audit.get("entries").forEach(entry -> {
        if ("ReadContact".equals(entry.get("operation").asText())) {
          reads.add(entry);
        }
      });
      assertThat(reads).hasSize(1);
      assertThat(reads.get(0).get("user").asText()).isEqualTo("union-worker");
      assertThat(reads.get(0).get("time").isNull()).isFalse();
      assertThat(audit.toString()).doesNotContain(PHONE_NUMBER, STREET, FACTORY);

      // verified: referred to the union and the charity federation
      as("union-worker", () -> {
        Task verify = taskService.createTaskQuery().processInstanceBusinessKey(caseNumber)
            .taskDefinitionKey(AidCaseModel.VERIFY_CASE).singleResult();
        taskService.complete(verify.getId(), Map.of(VERIFIED, true, VERIFICATION_NOTE, "电话核实属实"));
        return null;
      });
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM case_referral WHERE case_number = ? AND org = 'charity'",
          Integer.class, caseNumber)).isEqualTo(1);

      // a receiving organisation with the applicant's consent: the full values, recorded too
      JsonNode charity = get("charity-worker", "/api/cases/" + caseNumber + "/contact", urls);
      assertThat(charity.get("full").asBoolean()).isTrue();
      assertThat(charity.get("phone").asText()).isEqualTo(PHONE_NUMBER);
      // consent withdrawn (or never given for sharing): masked
      jdbc.update("UPDATE aid_case SET consent = FALSE WHERE case_number = ?", caseNumber);
      JsonNode masked = get("charity-worker", "/api/cases/" + caseNumber + "/contact", urls);
      assertThat(masked.get("full").asBoolean()).isFalse();
      assertThat(masked.get("phone").asText()).isEqualTo("139****7788");
      assertThat(masked.toString()).doesNotContain(PHONE_NUMBER, STREET, FACTORY);
      // the intake organisation still reads them in full
      assertThat(get("union-lead", "/api/cases/" + caseNumber + "/contact", urls).get("phone").asText())
          .isEqualTo(PHONE_NUMBER);
      int recorded = 0;
      for (JsonNode entry : get("union-worker", "/api/cases/" + caseNumber + "/audit", urls).get("entries")) {
        if ("ReadContact".equals(entry.get("operation").asText())) {
          recorded++;
        }
      }
      assertThat(recorded).as("full reads in the audit: union-worker, charity-worker, union-lead").isEqualTo(3);

      // another organisation, or a unit of none: 404, as for a case that does not exist
      for (String outsider : List.of("youth-worker", "women-lead", "designer")) {
        assertThat(http.withBasicAuth(outsider, "demo").getForEntity("/api/cases/" + caseNumber + "/contact",
            String.class).getStatusCode().value()).as(outsider).isEqualTo(404);
        assertThat(http.withBasicAuth(outsider, "demo").getForEntity("/api/cases/" + caseNumber + "/page",
            String.class).getStatusCode().value()).as(outsider).isEqualTo(404);
      }
      assertThat(http.withBasicAuth("union-worker", "demo").getForEntity("/api/cases/QBH-2026-x/contact",
          String.class).getStatusCode().value()).isEqualTo(400);
      assertThat(http.getForEntity("/api/cases/" + caseNumber + "/contact", String.class).getStatusCode().value())
          .isEqualTo(401);

      // the case page: steps with who and when, the hardship decision with its inputs, all in words
      JsonNode page = get("union-lead", "/api/cases/" + caseNumber + "/page", urls);
      assertThat(page.get("header").get("intakeUnit").asText()).isEqualTo("浙江省总工会");
      JsonNode verifyStep = null;
      for (JsonNode step : page.get("timeline")) {
        if (step.get("who").asText().contains("张")) {
          verifyStep = step;
        }
      }
      assertThat(verifyStep).as("a step done by 张工经办 (union-worker)").isNotNull();
      assertThat(verifyStep.get("ended").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
      JsonNode hardship = null;
      for (JsonNode decision : page.get("decisions")) {
        if ("困难等级认定".equals(decision.get("name").asText())) {
          hardship = decision;
        }
      }
      assertThat(hardship).as("the hardship decision").isNotNull();
      assertThat(hardship.get("inputs").toString()).contains("意外或灾害").contains("是");
      assertThat(hardship.get("outputs").get(0).get("label").asText()).isEqualTo("困难等级");
      assertThat(hardship.get("outputs").get(0).get("value").asText()).isIn("深度困难", "意外致困", "相对困难", "非困难");
      assertThat(hardship.get("inputs").toString()).contains("家庭人均月收入");
      assertThat(page.toString()).doesNotContain(PHONE_NUMBER).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T")
          .doesNotContain("hardship-grant", "emergency-relief", "\"ACCIDENT\"", "\"charity\"");
      // a receiving organisation sees its own referral only
      JsonNode charityPage = get("charity-worker", "/api/cases/" + caseNumber + "/page", urls);
      assertThat(charityPage.get("referrals")).hasSize(1);
      assertThat(charityPage.get("referrals").get(0).get("org").asText()).isEqualTo("慈善总会");
    } finally {
      root.detachAppender(logs);
    }
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(line -> line.contains(PHONE_NUMBER)
        || line.contains(STREET) || line.contains(FACTORY));
    assertThat(urls).noneMatch(url -> url.contains(PHONE_NUMBER));
    // nor in any process variable or history
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM act_hi_varinst WHERE text_ LIKE ? OR text2_ LIKE ?",
        Integer.class, "%" + PHONE_NUMBER + "%", "%" + PHONE_NUMBER + "%")).isZero();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM act_hi_op_log WHERE new_value_ LIKE ?", Integer.class,
        "%" + PHONE_NUMBER + "%")).isZero();
  }

  @Test
  void theWebappSessionLeadsFromTasksAndInstancesToThePageAndNamesNoOneFromAParameter() throws Exception {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    Map<String, Object> person = applicant(PHONE, "13722334455");
    String caseNumber = JSON.readTree(http.withBasicAuth("intake", "demo").postForEntity("/api/cases",
        new HttpEntity<>(JSON.writeValueAsString(person), headers), String.class).getBody()).get("caseNumber").asText();
    String instance = jdbc.queryForObject("SELECT process_instance_id FROM aid_case WHERE case_number = ?",
        String.class, caseNumber);
    String task = taskService.createTaskQuery().processInstanceId(instance).singleResult().getId();

    Session worker = Session.signIn(http.getRootUri(), "union-worker", "tasklist");
    java.net.http.HttpResponse<String> caseOfTask = worker.get("/aidflow/tasks/" + task + "/case");
    assertThat(caseOfTask.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(caseOfTask.body()).get("caseNumber").asText()).isEqualTo(caseNumber);
    java.net.http.HttpResponse<String> contact = worker.get("/aidflow/cases/" + caseNumber + "/contact.json");
    assertThat(contact.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(contact.body()).get("phone").asText()).isEqualTo("13722334455");
    java.net.http.HttpResponse<String> page = worker.get("/aidflow/cases/" + caseNumber);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
    assertThat(page.body()).contains("案件 " + caseNumber, "办理过程", "决策依据").doesNotContain("13722334455");
    java.net.http.HttpResponse<String> byInstance = worker.get("/aidflow/cases/by-instance/" + instance);
    assertThat(byInstance.statusCode()).isEqualTo(302);
    assertThat(byInstance.headers().firstValue("Location").orElse("")).endsWith("/aidflow/cases/" + caseNumber);
    // a user parameter changes nothing: the session's user is the reader
    assertThat(Session.signIn(http.getRootUri(), "youth-worker", "tasklist")
        .get("/aidflow/cases/" + caseNumber + "/contact.json?user=union-worker").statusCode()).isEqualTo(404);

    Session outsider = Session.signIn(http.getRootUri(), "women-worker", "tasklist");
    assertThat(outsider.get("/aidflow/cases/" + caseNumber).statusCode()).isEqualTo(404);
    assertThat(outsider.get("/aidflow/tasks/" + task + "/case").statusCode()).isEqualTo(404);
    assertThat(outsider.get("/aidflow/cases/by-instance/" + instance).statusCode()).isEqualTo(404);
    Session anonymous = new Session(http.getRootUri());
    assertThat(anonymous.get("/aidflow/cases/" + caseNumber).statusCode()).isEqualTo(302);
    assertThat(anonymous.get("/aidflow/cases/" + caseNumber + "/contact.json").statusCode()).isEqualTo(401);
    assertThat(worker.get("/aidflow/cases/QBH-x").statusCode()).isEqualTo(400);
  }

  /** A browser's session with the Camunda webapps: signed in the way the login form does, cookies kept. */
  private static final class Session {
    private final java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
        .cookieHandler(new java.net.CookieManager()).followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
    private final String base;

    Session(String base) {
      this.base = base;
    }

    static Session signIn(String base, String user, String app) throws Exception {
      Session session = new Session(base);
      session.get("/camunda/app/" + app + "/default/");
      String token = ((java.net.CookieManager) session.client.cookieHandler().orElseThrow()).getCookieStore()
          .getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN")).map(java.net.HttpCookie::getValue)
          .findFirst().orElseThrow();
      java.net.http.HttpResponse<String> login = session.client.send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(base + "/camunda/api/admin/auth/user/default/login/" + app))
          .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", token)
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=" + user + "&password=demo")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).as("login of " + user).isEqualTo(200);
      return session;
    }

    java.net.http.HttpResponse<String> get(String path) throws Exception {
      return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).GET().build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
    }
  }

  private JsonNode get(String user, String url, List<String> urls) throws Exception {
    urls.add(url);
    ResponseEntity<String> answer = http.withBasicAuth(user, "demo").getForEntity(url, String.class);
    assertThat(answer.getStatusCode().value()).as(user + " " + url + ": " + answer.getBody()).isEqualTo(200);
    return JSON.readTree(answer.getBody());
  }
}
