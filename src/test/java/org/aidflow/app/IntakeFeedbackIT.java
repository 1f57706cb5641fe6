package org.aidflow.app;

import static org.aidflow.shared.ProcessVariables.*;
import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aidflow.shared.Groups;
import org.aidflow.support.Applicants;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Issue 21, intake feedback (docs/intake-feedback.md): the case a start form registered or joined, told only to whoever
 * started it, and 我受理的案件, each officer's own; over HTTP Basic (/api/intakes) and the webapp session
 * (/aidflow/intakes); POST /api/cases names the case either way. Nothing personal in any answer.
 */
class IntakeFeedbackIT extends ApplicationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** A second intake officer, made here: the demo has one. */
  private static final String OTHER_OFFICER = "intake-feedback-b";
  private static final String OTHER_PASSWORD = "Zq7#harbourLamp";

  @Autowired TestRestTemplate http;
  @LocalServerPort int port;

  @Test
  void theStarterLearnsTheCaseNumberOrTheOpenCaseJoinedAndNobodyElseDoes() throws Exception {
    Map<String, Object> person = applicant();
    String idNumber = (String) person.get(ID_NUMBER);
    String first = startForm("intake", "demo", person);
    JsonNode created = json(http.withBasicAuth("intake", "demo")
        .getForEntity("/api/intakes/by-process-instance/" + first, String.class), 200);
    String caseNumber = created.get("caseNumber").asText();
    assertThat(caseNumber).matches("QBH-\\d{4}-\\d{6}");
    assertThat(created.get("joined").asBoolean()).isFalse();
    assertThat(created.get("caseUrl").asText()).isEqualTo("/aidflow/cases/" + caseNumber);
    // the case registered for that instance, not a variable
    assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(first).singleResult()
        .getBusinessKey()).isEqualTo(caseNumber);

    // the same person calls again: the start form joins the open case and the starter is told which
    String second = startForm("intake", "demo", applicant(ID_NUMBER, idNumber, DESCRIPTION, "再次来电"));
    assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(second).singleResult()
        .getEndActivityId()).isEqualTo("caseJoinedOpenCase");
    JsonNode joined = json(http.withBasicAuth("intake", "demo")
        .getForEntity("/api/intakes/by-process-instance/" + second, String.class), 200);
    assertThat(joined.get("caseNumber").asText()).isEqualTo(caseNumber);
    assertThat(joined.get("joined").asBoolean()).isTrue();

    // the webapp session of the starter answers the same (Tasklist's script asks so)
    Session session = Session.signIn(port, "intake", "demo");
    HttpResponse<String> bySession = session.get("/aidflow/intakes/by-process-instance/" + second);
    assertThat(bySession.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(bySession.body()).get("caseNumber").asText()).isEqualTo(caseNumber);

    // anybody else: 404, whether the instance exists or not, over either way in; nothing personal in the answer
    ensureOtherOfficer();
    for (ResponseEntity<String> refused : List.of(
        http.withBasicAuth(OTHER_OFFICER, OTHER_PASSWORD).getForEntity("/api/intakes/by-process-instance/" + first,
            String.class),
        http.withBasicAuth("union-worker", "demo").getForEntity("/api/intakes/by-process-instance/" + second,
            String.class),
        http.withBasicAuth("supervisor", "demo").getForEntity("/api/intakes/by-process-instance/" + first,
            String.class),
        http.withBasicAuth("intake", "demo").getForEntity("/api/intakes/by-process-instance/no-such-instance",
            String.class))) {
      assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(404);
      assertThat(refused.getBody()).doesNotContain(caseNumber, idNumber, "13812345678");
    }
    HttpResponse<String> otherSession = Session.signIn(port, OTHER_OFFICER, OTHER_PASSWORD)
        .get("/aidflow/intakes/by-process-instance/" + first);
    assertThat(otherSession.statusCode()).isEqualTo(404);
    assertThat(otherSession.body()).doesNotContain(caseNumber);
    // no session, no Basic: not answered; an id that is no id: 400
    assertThat(Session.anonymous(port).get("/aidflow/intakes/by-process-instance/" + first).statusCode())
        .isEqualTo(401);
    assertThat(http.getForEntity("/api/intakes/by-process-instance/" + first, String.class).getStatusCode().value())
        .isEqualTo(401);
    assertThat(http.withBasicAuth("intake", "demo").getForEntity("/api/intakes/by-process-instance/a'b",
        String.class).getStatusCode().value()).isEqualTo(400);

    // 我受理的案件: the officer's own, newest first, with stage and next step; the other officer's list lacks it
    JsonNode mine = json(http.withBasicAuth("intake", "demo").getForEntity("/api/intakes/mine?size=5",
        String.class), 200);
    JsonNode newest = mine.get("cases").get(0);
    assertThat(newest.get("caseNumber").asText()).isEqualTo(caseNumber);
    assertThat(newest.get("stage").asText()).isEqualTo("VERIFICATION");
    assertThat(newest.get("stageLabel").asText()).isEqualTo("核实");
    assertThat(newest.get("openTasks").get(0).get("name").asText()).contains("核实", caseNumber);
    assertThat(mine.get("total").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(mine.toString()).doesNotContain(idNumber, "13812345678", (String) person.get(NAME));
    JsonNode others = json(http.withBasicAuth(OTHER_OFFICER, OTHER_PASSWORD).getForEntity("/api/intakes/mine",
        String.class), 200);
    assertThat(others.toString()).doesNotContain(caseNumber);
    assertThat(http.withBasicAuth("intake", "demo").getForEntity("/api/intakes/mine?size=1000", String.class)
        .getStatusCode().value()).isEqualTo(400);
    HttpResponse<String> page = session.get("/aidflow/intakes/mine");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(page.body()).contains("我受理的案件", "data-case=\"" + caseNumber + "\"", "核实")
        .doesNotContain(idNumber);
    assertThat(Session.anonymous(port).get("/aidflow/intakes/mine").statusCode()).isEqualTo(302);
  }

  @Test
  void theApiNamesTheCaseWhenTheCallerJoinedAnOpenOne() throws Exception {
    Map<String, Object> person = applicant();
    ResponseEntity<String> first = post(person);
    assertThat(first.getStatusCode().value()).isEqualTo(201);
    JsonNode created = JSON.readTree(first.getBody());
    assertThat(created.get("joined").asBoolean()).isFalse();
    String caseNumber = created.get("caseNumber").asText();

    ResponseEntity<String> again = post(applicant(ID_NUMBER, person.get(ID_NUMBER)));
    assertThat(again.getStatusCode().value()).isEqualTo(409);
    assertThat(again.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
    assertThat(again.getHeaders().getLocation()).hasToString("/api/cases/" + caseNumber);
    JsonNode joined = JSON.readTree(again.getBody());
    assertThat(joined.get("joined").asBoolean()).isTrue();
    assertThat(joined.get("status").asText()).isEqualTo("JOINED_OPEN_CASE");
    assertThat(joined.get("caseNumber").asText()).isEqualTo(caseNumber);
    assertThat(joined.get("detail").asText()).contains("已并入在办案件 " + caseNumber);
  }

  private ResponseEntity<String> post(Map<String, Object> fields) throws Exception {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.withBasicAuth("intake", "demo").postForEntity("/api/cases",
        new HttpEntity<>(JSON.writeValueAsString(fields), headers), String.class);
  }

  /** Submits the intake form as Tasklist's start form does; returns the process instance id. */
  private String startForm(String user, String password, Map<String, Object> fields) throws Exception {
    Map<String, Object> typed = new LinkedHashMap<>();
    fields.forEach((name, value) -> {
      try {
        typed.put(name, value instanceof List<?> list ? Map.of("type", "Json", "value", JSON.writeValueAsString(list))
            : Map.of("value", value));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> started = http.withBasicAuth(user, password).postForEntity(
        "/engine-rest/process-definition/key/aidCase/submit-form",
        new HttpEntity<>(JSON.writeValueAsString(Map.of("variables", typed)), headers), String.class);
    return json(started, 200).get("id").asText();
  }

  private void ensureOtherOfficer() {
    if (identityService.createUserQuery().userId(OTHER_OFFICER).count() == 0) {
      User user = identityService.newUser(OTHER_OFFICER);
      user.setFirstName("受理员");
      user.setLastName("乙");
      user.setPassword(OTHER_PASSWORD);
      identityService.saveUser(user);
      identityService.createMembership(OTHER_OFFICER, Groups.INTAKE_OFFICERS);
    }
  }

  private static JsonNode json(ResponseEntity<String> response, int status) throws Exception {
    assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
    return JSON.readTree(response.getBody());
  }

  /** A browser's session with the Camunda webapps (cookies kept), signed in to Tasklist. */
  private record Session(HttpClient client, String base) {

    static Session anonymous(int port) {
      return new Session(HttpClient.newBuilder().cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER).build(), "http://localhost:" + port);
    }

    static Session signIn(int port, String user, String password) throws Exception {
      Session session = anonymous(port);
      session.get("/camunda/app/tasklist/default/");
      String token = ((CookieManager) session.client.cookieHandler().orElseThrow()).getCookieStore().getCookies()
          .stream().filter(c -> c.getName().equals("XSRF-TOKEN")).map(HttpCookie::getValue).findFirst().orElseThrow();
      HttpResponse<String> login = session.client.send(HttpRequest.newBuilder(
              URI.create(session.base + "/camunda/api/admin/auth/user/default/login/tasklist"))
          .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", token)
          .POST(HttpRequest.BodyPublishers.ofString("username=" + java.net.URLEncoder.encode(user,
              java.nio.charset.StandardCharsets.UTF_8) + "&password=" + java.net.URLEncoder.encode(password,
              java.nio.charset.StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      return session;
    }

    HttpResponse<String> get(String path) throws Exception {
      return client.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
