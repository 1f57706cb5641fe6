package org.aidflow.security;

import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The model guard over HTTP, as a designer meets it in the Modeler (engine REST API) and in Cockpit (the webapps'
 * engine API): hostile models answered 400 naming the element, the issue's attack (a designer's model calling the
 * identity service) refused with no membership created, cascade deletion refused to designers with every case still
 * there, and uploads capped before the server reads them.
 */
class ModelGuardIT extends ApplicationTest {

  private static final String BOUNDARY = "aidflowModelGuardBoundary";

  @Autowired RepositoryService repositoryService;
  @Autowired RuntimeService runtimeService;
  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private static String process(String id, String step) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="guard">
          <process id="%s" isExecutable="true" camunda:historyTimeToLive="1">
            <startEvent id="start"/><sequenceFlow id="f1" sourceRef="start" targetRef="step"/>
            %s
            <sequenceFlow id="f2" sourceRef="step" targetRef="end"/><endEvent id="end"/>
          </process>
        </definitions>
        """.formatted(id, step);
  }

  @Test
  void theIssuesAttackIsRefusedWith400NamingTheElementAndNobodyJoinsAdmins() throws Exception {
    for (String attack : new String[] {"${identityService.createMembership('designer', 'admins')}",
        "${execution.getProcessEngineServices().getIdentityService().createMembership('designer', 'admins')}"}) {
      String model = process("joinAdmins", "<serviceTask id=\"step\" camunda:expression=\"" + attack + "\"/>");

      HttpResponse<String> answer = deploy("designer", Map.of("join-admins.bpmn", model));

      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
      assertThat(answer.body()).contains("model refused").contains("'step'").contains("createMembership");
      assertThat(repositoryService.createProcessDefinitionQuery().processDefinitionKey("joinAdmins").count())
          .isZero();
      assertThat(identityService.createUserQuery().userId("designer").memberOfGroup("admins").count()).isZero();
    }
  }

  @Test
  void hostileModelsAreRefusedWith400ThroughCockpitsEngineApiToo() throws Exception {
    String model = process("scripted", """
        <userTask id="step" camunda:candidateGroups="designers"><extensionElements>
          <camunda:taskListener event="create"><camunda:script scriptFormat="javascript">1</camunda:script>
          </camunda:taskListener></extensionElements></userTask>""");
    Webapp cockpit = Webapp.signIn(port, "designer");

    HttpResponse<String> answer = cockpit.send(HttpRequest.newBuilder(cockpit.uri(
            "/camunda/api/engine/engine/default/deployment/create"))
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(Map.of("scripted.bpmn", model)))));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    assertThat(answer.body()).contains("'step'").contains("script");
    assertThat(repositoryService.createProcessDefinitionQuery().processDefinitionKey("scripted").count()).isZero();
  }

  @Test
  void designersCannotDeleteADeploymentWithCascadeAndEveryCaseStaysThere() throws Exception {
    ProcessInstance running = as("intake", () -> runtimeService.startProcessInstanceByKey(
        AidCaseModel.PROCESS_KEY, applicant()));
    String deploymentId = repositoryService.getProcessDefinition(running.getProcessDefinitionId()).getDeploymentId();
    long cases = runtimeService.createProcessInstanceQuery().count();
    long history = historyService.createHistoricProcessInstanceQuery().count();

    HttpResponse<String> rest = http.send(authorized("designer", "/engine-rest/deployment/" + deploymentId
        + "?cascade=true").DELETE().build(), HttpResponse.BodyHandlers.ofString());
    Webapp cockpit = Webapp.signIn(port, "designer");
    HttpResponse<String> webapp = cockpit.send(HttpRequest.newBuilder(cockpit.uri(
        "/camunda/api/engine/engine/default/deployment/" + deploymentId + "?cascade=true")).DELETE());

    assertThat(rest.statusCode()).as(rest.body()).isEqualTo(403);
    assertThat(rest.body()).contains("only administrators may delete a deployment with cascade");
    assertThat(webapp.statusCode()).as(webapp.body()).isEqualTo(403);
    assertThat(webapp.body()).contains("only administrators may delete a deployment with cascade");
    assertThat(repositoryService.createDeploymentQuery().deploymentId(deploymentId).count()).isOne();
    assertThat(runtimeService.createProcessInstanceQuery().count()).isEqualTo(cases);
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(running.getId()).count()).isOne();
    assertThat(historyService.createHistoricProcessInstanceQuery().count()).isEqualTo(history);
    // what a designer does instead: deploy a new version
    HttpResponse<String> newVersion = deploy("designer", Map.of("designer-version.bpmn", process("designerVersion",
        "<userTask id=\"step\" name=\"核实 ${caseNumber}\" camunda:candidateGroups=\"${org}-caseworkers\"/>")));
    assertThat(newVersion.statusCode()).as(newVersion.body()).isEqualTo(200);
  }

  @Test
  void anOversizedUploadOfSomeoneWhoMayNotDeployIsRefusedBeforeItsBodyIsRead() throws Exception {
    long started = System.nanoTime();
    String status = announceUpload("union-worker", 100L * 1024 * 1024);

    assertThat(status).contains(" 403 ");
    // answered while the 100 MiB announced are still unsent: nothing was waited for, nothing buffered
    assertThat(System.nanoTime() - started).isLessThan(5_000_000_000L);
  }

  @Test
  void aDesignersOversizedUploadIsAnswered413() throws Exception {
    assertThat(announceUpload("designer", 100L * 1024 * 1024)).contains(" 413 ");
    assertThat(chunkedUpload("designer", 5 * 1024 * 1024 + 64 * 1024)).contains(" 413 ");

    Map<String, String> resources = new LinkedHashMap<>();
    for (int i = 0; i < 51; i++) {
      resources.put("form-" + i + ".form", "{\"components\":[]}");
    }
    HttpResponse<String> tooMany = deploy("designer", resources);
    assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(413);
    assertThat(tooMany.body()).contains("at most 50 resources");

    HttpResponse<String> normal = deploy("designer", Map.of("normal.bpmn", process("normalUpload",
        "<userTask id=\"step\" camunda:candidateGroups=\"designers\"/>")));
    assertThat(normal.statusCode()).as(normal.body()).isEqualTo(200);
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private HttpResponse<String> deploy(String user, Map<String, String> resources) throws Exception {
    return http.send(authorized(user, "/engine-rest/deployment/create")
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(resources))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder authorized(String user, String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization",
        "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] multipart(Map<String, String> resources) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nguard\r\n")
        .getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, String> resource : resources.entrySet()) {
      body.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + resource.getKey()
          + "\"; filename=\"" + resource.getKey() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      body.write(resource.getValue().getBytes(StandardCharsets.UTF_8));
      body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  /** Announces a body of the given length, sends 1 KiB of it, and reads the status line the server answers. */
  private String announceUpload(String user, long announced) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(headers(user, "Content-Length: " + announced));
      out.write(new byte[1024]);
      out.flush();
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
          .readLine();
    }
  }

  /** Sends a chunked body of the given size (no length announced) while reading the status line. */
  private String chunkedUpload(String user, int size) throws Exception {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(headers(user, "Transfer-Encoding: chunked"));
      Thread sender = new Thread(() -> {
        try {
          byte[] chunk = new byte[64 * 1024];
          for (int sent = 0; sent < size; sent += chunk.length) {
            out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
          }
          out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        } catch (IOException cutOff) {
          // the server stopped reading at the cap
        }
      });
      sender.start();
      String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.ISO_8859_1)).readLine();
      sender.join(20_000);
      return status;
    }
  }

  private byte[] headers(String user, String length) {
    return ("POST /engine-rest/deployment/create HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: Basic "
        + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8))
        + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n" + length + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A browser signed in to Cockpit: session cookie and the CSRF token the webapps require. */
  private record Webapp(HttpClient client, int port, String token) {

    static Webapp signIn(int port, String user) throws Exception {
      HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER).build();
      client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/camunda/app/cockpit/default/"))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      String token = ((CookieManager) client.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
          .filter(c -> c.getName().equals("XSRF-TOKEN")).map(HttpCookie::getValue).findFirst().orElseThrow();
      HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
              + "/camunda/api/admin/auth/user/default/login/cockpit"))
          .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", token)
          .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
              + "&password=demo")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      // the login starts a new session with a new CSRF token
      HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
          + "/camunda/api/engine/engine/default/deployment/count")).GET().build(), HttpResponse.BodyHandlers.ofString());
      String sessionToken = java.util.stream.Stream.concat(login.headers().allValues("set-cookie").stream(),
              page.headers().allValues("set-cookie").stream())
          .filter(cookie -> cookie.startsWith("XSRF-TOKEN=")).map(cookie -> cookie.substring(11).split(";")[0])
          .reduce((first, last) -> last).orElse(token);
      return new Webapp(client, port, sessionToken);
    }

    URI uri(String path) {
      return URI.create("http://localhost:" + port + path);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
      return client.send(request.header("X-XSRF-TOKEN", token).build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
