package org.aidflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.aidflow.support.ApplicationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests the server must not misread: a body in another encoding than UTF-8 (which the expression guard would
 * read differently from Jackson, which detects UTF-16/32) is refused, and a malformed query string answers 400
 * problem+json on every path, never 500.
 */
class RequestDecodingIT extends ApplicationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** A task query carrying an expression: the guard must see it whatever the encoding, or refuse the body. */
  private static final String HOSTILE = "{\"nameLike\":\"${identityService.createMembership('union-worker','admins')}\"}";

  @LocalServerPort int port;

  private final HttpClient client = HttpClient.newHttpClient();

  @ParameterizedTest
  @ValueSource(strings = {"/engine-rest/task?x=%", "/engine-rest/task?x=%zz", "/engine-rest/task?%=1",
      "/engine-rest/task?x=%e4%b8", "/api/cases?x=%", "/api/cases/QBH-2000-000001?x=%4",
      "/camunda/app/tasklist/?x=%", "/camunda/app/tasklist/default/?x=%zz", "/camunda/api/engine/engine/default/task?x=%",
      "/camunda/api/admin/auth/user/default?x=%", "/actuator/health?x=%", "/api-docs?x=%", "/?x=%"})
  void aMalformedQueryStringIsABadRequestOnEveryPath(String path) throws Exception {
    // java.net.URI refuses such a URL, so the request is written to the socket as a client could
    String answer;
    try (Socket socket = new Socket("localhost", port)) {
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
          + basic("admin", "demo") + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
    String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
    assertThat(answer).as(answer).startsWith("HTTP/1.1 400");
    assertThat(head).contains("content-type: application/problem+json");
    assertThat(answer).contains("\"field\":\"query\"");
  }

  @Test
  void aWellFormedQueryStringStillWorks() throws Exception {
    HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
        + "/engine-rest/task?nameLike=%25%E6%A0%B8%E5%AE%9E%25&maxResults=1")).header("Authorization",
        basic("admin", "demo")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "UTF-16 with byte-order mark, UTF-16, application/json",
      "UTF-16BE without byte-order mark, UTF-16BE, application/json",
      "UTF-16LE without byte-order mark, UTF-16LE, application/json",
      "UTF-32BE, UTF-32BE, application/json",
      "UTF-32LE, UTF-32LE, application/json",
      "declared UTF-16, UTF-16BE, application/json;charset=UTF-16",
      "declared ISO-8859-1, ISO-8859-1, application/json; charset=ISO-8859-1",
      "declared UTF-16 but sent as UTF-8, UTF-8, application/json;charset=\"UTF-16\""})
  void aBodyNotInUtf8IsRefused(String name, String charset, String contentType) throws Exception {
    for (String path : new String[] {"/engine-rest/task", "/api/cases"}) {
      HttpResponse<String> answer = post(path, HOSTILE.getBytes(Charset.forName(charset)), contentType);
      assertThat(answer.statusCode()).as("%s %s: %s", name, path, answer.body()).isEqualTo(400);
      assertThat(JSON.readTree(answer.body()).get("field").asText()).isEqualTo("body");
    }
  }

  @Test
  void invalidUtf8IsRefusedAndValidUtf8Passes() throws Exception {
    byte[] invalid = {'{', '"', 'n', 'a', 'm', 'e', 'L', 'i', 'k', 'e', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};
    HttpResponse<String> refused = post("/engine-rest/task", invalid, "application/json");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).get("field").asText()).isEqualTo("body");

    HttpResponse<String> expression = post("/engine-rest/task", HOSTILE.getBytes(StandardCharsets.UTF_8),
        "application/json");
    assertThat(expression.statusCode()).isEqualTo(400);

    byte[] withBom = ("\uFEFF{\"nameLike\":\"%核实%\"}").getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> accepted = post("/engine-rest/task?firstResult=0&maxResults=5", "{\"nameLike\":\"%核实%\"}".getBytes(StandardCharsets.UTF_8),
        "application/json;charset=UTF-8");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    assertThat(post("/engine-rest/task?firstResult=0&maxResults=5", withBom, "application/json").statusCode())
        .isNotEqualTo(500);
  }

  private HttpResponse<String> post(String path, byte[] body, String contentType) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", basic("admin", "demo")).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
