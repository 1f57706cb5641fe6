package org.aidflow.app;

import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Pattern;
import org.aidflow.shared.ProcessVariables;
import org.aidflow.support.ApplicationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * One log line per request (logger aidflow.request) with user, case number and duration; an intake's ID number and
 * phone never show, not even when a caller puts them into the path or the query string; the files a page loads get
 * no line.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestLogIT extends ApplicationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate http;
  @LocalServerPort int port;

  @Test
  void anIntakeIsLoggedWithUserCaseAndDurationAndNoPersonalData(CapturedOutput output) throws Exception {
    Map<String, Object> applicant = applicant();
    String idNumber = applicant.get(ProcessVariables.ID_NUMBER).toString();
    String phone = applicant.get(ProcessVariables.PHONE).toString();
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> created = http.withBasicAuth("intake", "demo").postForEntity("/api/cases",
        new HttpEntity<>(JSON.writeValueAsString(applicant), headers), String.class);
    assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
    String caseNumber = JSON.readTree(created.getBody()).get("caseNumber").asText();

    // a case read with personal data in the query string, and an ID number and a phone put where a case number goes
    assertThat(http.withBasicAuth("intake", "demo").getForEntity("/api/cases/" + caseNumber + "?phone=" + phone,
        String.class).getStatusCode().value()).isEqualTo(200);
    assertThat(http.withBasicAuth("intake", "demo").getForEntity("/api/cases/" + idNumber, String.class)
        .getStatusCode().value()).isEqualTo(400);
    assertThat(http.withBasicAuth("intake", "demo").getForEntity("/api/cases/" + phone, String.class)
        .getStatusCode().value()).isEqualTo(400);
    // anonymous: no user
    assertThat(http.getForEntity("/api/cases/" + caseNumber, String.class).getStatusCode().value()).isEqualTo(401);

    String log = awaitLine(output, "GET /api/cases/\\{caseNumber\\} 401 \\d+ms user=- case=" + caseNumber);
    assertThat(log).containsPattern(line("POST /api/cases 201 \\d+ms user=intake case=" + caseNumber));
    assertThat(log).containsPattern(line("GET /api/cases/\\{caseNumber\\} 200 \\d+ms user=intake case=" + caseNumber));
    assertThat(log).containsPattern(line("GET /api/cases/\\{id\\} 400 \\d+ms user=intake case=-"));
    assertThat(log).doesNotContain(idNumber).doesNotContain(phone).doesNotContain(applicant.get(ProcessVariables.NAME)
        .toString());
  }

  @Test
  void aWebappRequestNamesTheSessionsUser(CapturedOutput output) throws Exception {
    CookieManager cookies = new CookieManager();
    HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
        .build();
    browser.send(HttpRequest.newBuilder(uri("/camunda/app/tasklist/default/")).GET().build(),
        HttpResponse.BodyHandlers.discarding());
    String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
        .map(HttpCookie::getValue).findFirst().orElseThrow();
    HttpResponse<String> login = browser.send(HttpRequest.newBuilder(
            uri("/camunda/api/admin/auth/user/default/login/tasklist"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", token)
        .POST(HttpRequest.BodyPublishers.ofString("username=intake&password=demo")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);

    HttpResponse<String> count = browser.send(HttpRequest.newBuilder(
        uri("/camunda/api/engine/engine/default/task/count")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(count.statusCode()).as(count.body()).isEqualTo(200);

    String log = awaitLine(output, "GET /camunda/api/engine/engine/default/task/count 200 \\d+ms user=intake case=-");
    assertThat(log).doesNotContain("password=demo");
  }

  @Test
  void theFilesAPageLoadsGetNoLine(CapturedOutput output) throws Exception {
    HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    for (String asset : java.util.List.of("/camunda/app/tasklist/styles/user-styles.css",
        "/camunda/app/welcome/styles/user-styles.css")) {
      HttpResponse<Void> loaded = browser.send(HttpRequest.newBuilder(uri(asset)).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      assertThat(loaded.statusCode()).as(asset).isEqualTo(200);
    }
    HttpResponse<Void> page = browser.send(HttpRequest.newBuilder(uri("/camunda/app/tasklist/default/")).GET().build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(page.statusCode()).isEqualTo(200);

    String log = awaitLine(output, "GET /camunda/app/tasklist/default/ 200 \\d+ms user=- case=-");
    assertThat(log).doesNotContain("user-styles.css");
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  /** The output once the line is in it: the filter writes it after the answer went out. */
  private static String awaitLine(CapturedOutput output, String expected) throws InterruptedException {
    Pattern pattern = Pattern.compile(line(expected));
    long deadline = System.currentTimeMillis() + 10_000;
    while (!pattern.matcher(output.getAll()).find() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(output.getAll()).containsPattern(pattern);
    return output.getAll();
  }

  private static String line(String message) {
    return "(?m)aidflow\\.request\\s+: " + message + "\\s*$";
  }
}
