package org.aidflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aidflow.shared.AuthenticatedUser;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The request log's paths carry no personal data; the files pages load get no line; with structured logging on, its
 * line is JSON with its fields.
 */
class RequestLogFilterTest {

  private static final String ID_NUMBER = "33010219900307123X";
  private static final String PHONE = "13812345678";

  @Test
  void caseNumbersAreNamedAndEverythingNotAPlainWordIsReplaced() {
    assertThat(RequestLogFilter.safePath("/api/cases/QBH-2026-000123/withdrawal"))
        .isEqualTo(new RequestLogFilter.SafePath("/api/cases/{caseNumber}/withdrawal", "QBH-2026-000123"));
    assertThat(RequestLogFilter.safePath("/api/cases/" + ID_NUMBER).path()).isEqualTo("/api/cases/{id}");
    assertThat(RequestLogFilter.safePath("/api/cases/" + PHONE).path()).isEqualTo("/api/cases/{id}");
    assertThat(RequestLogFilter.safePath("/api/x/tel" + PHONE).path()).isEqualTo("/api/x/{id}");
    assertThat(RequestLogFilter.safePath("/api/x/%E5%BC%A0%E4%B8%89").path()).isEqualTo("/api/x/{id}");
    assertThat(RequestLogFilter.safePath("/engine-rest/task/0b9c2f4e-1d2a-11ef-9c1a-0242ac120002/complete").path())
        .isEqualTo("/engine-rest/task/{id}/complete");
    assertThat(RequestLogFilter.safePath("/engine-rest/task/a0b9c2f4e-1d2a-11ef-9c1a-0242ac120002x/form").path())
        .isEqualTo("/engine-rest/task/{id}/form");
    assertThat(RequestLogFilter.safePath("/engine-rest/task/12345/complete").path())
        .isEqualTo("/engine-rest/task/{id}/complete");
    assertThat(RequestLogFilter.safePath("/api/organisations/union-330106").path())
        .isEqualTo("/api/organisations/union-330106");
    assertThat(RequestLogFilter.safePath("/camunda/app/tasklist/;jsessionid=ABC" + PHONE).path())
        .isEqualTo("/camunda/app/tasklist/");
    assertThat(RequestLogFilter.safePath("/camunda/app/welcome/default/").path()).isEqualTo("/camunda/app/welcome/default/");
    assertThat(RequestLogFilter.safePath("/a/" + "b/".repeat(40)).path()).endsWith("/…").hasSizeLessThan(60);
    assertThat(RequestLogFilter.caseNumberIn("/api/cases/QBH-2026-000124")).isEqualTo("QBH-2026-000124");
    assertThat(RequestLogFilter.caseNumberIn("http://x/api/cases/QBH-2026-000124?y=1")).isEqualTo("QBH-2026-000124");
    assertThat(RequestLogFilter.caseNumberIn("/api/other")).isNull();
  }

  @Test
  void theFilesPagesLoadGetNoLineUnlessTheyFailWhileApisAndPagesDo() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.core.read.ListAppender<ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
    lines.setContext(context);
    lines.start();
    Logger logger = context.getLogger(RequestLogFilter.LOGGER);
    logger.addAppender(lines);
    try {
      for (String asset : java.util.List.of("/camunda/app/tasklist/styles/user-styles.css",
          "/camunda/app/cockpit/scripts/config.js", "/camunda/app/tasklist/locales/zh.json",
          "/camunda/assets/fonts/bootstrap/glyphicons-halflings-regular.woff2", "/camunda/lib/deps.js",
          "/webjars/camunda/app/welcome/styles/user-styles.css", "/camunda/api/cockpit/plugin/x/static/app/plugin.js",
          "/cockpit-dashboard/dashboard.css", "/favicon.ico", "/img/logo.PNG", "/camunda/app/admin/img/logo.svg")) {
        request(asset, 200);
        request(asset, 304);
      }
      request("/camunda/app/tasklist/default/", 200);
      request("/camunda/app/welcome/default/index.html", 200);
      request("/camunda/api/engine/engine/default/task/count", 200);
      request("/api/cases/QBH-2026-000126", 200);
      request("/api/cockpit/indicators", 200);
      request("/camunda/app/tasklist/styles/missing.css", 404);
    } finally {
      logger.detachAppender(lines);
    }

    assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).map(line -> line.split(" ")[1] + " "
        + line.split(" ")[2]).containsExactly("/camunda/app/tasklist/default/ 200",
            "/camunda/app/welcome/default/index.html 200", "/camunda/api/engine/engine/default/task/count 200",
            "/api/cases/{caseNumber} 200", "/api/cockpit/indicators 200", "/camunda/app/tasklist/styles/missing.css 404");
  }

  private static void request(String path, int status) throws Exception {
    new RequestLogFilter(() -> null).doFilter(new MockHttpServletRequest("GET", path), new MockHttpServletResponse(),
        new MockFilterChain() {
          @Override
          public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
            ((MockHttpServletResponse) res).setStatus(status);
          }
        });
  }

  @Test
  void withStructuredLoggingTheLineIsJsonWithTheFields() throws Exception {
    // the console encoder Spring Boot installs for logging.structured.format.console=ecs (AIDFLOW_LOG_FORMAT)
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.putObject(Environment.class.getName(), new StandardEnvironment());
    StructuredLogEncoder encoder = new StructuredLogEncoder();
    encoder.setFormat("ecs");
    encoder.setContext(context);
    encoder.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    Logger logger = context.getLogger(RequestLogFilter.LOGGER);
    logger.addAppender(appender);
    try {
      MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/cases");
      request.setQueryString("phone=" + PHONE);
      request.setContent(("{\"idNumber\":\"" + ID_NUMBER + "\"}").getBytes(StandardCharsets.UTF_8));
      request.setAttribute(AuthenticatedUser.ATTRIBUTE, "intake");
      MockHttpServletResponse response = new MockHttpServletResponse();
      new RequestLogFilter(() -> null).doFilter(request, response, new MockFilterChain() {
        @Override
        public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
          ((MockHttpServletResponse) res).setStatus(201);
          ((MockHttpServletResponse) res).setHeader("Location", "/api/cases/QBH-2026-000125");
        }
      });
    } finally {
      logger.detachAppender(appender);
      appender.stop();
    }

    String line = out.toString(StandardCharsets.UTF_8).strip();
    assertThat(line).doesNotContain(PHONE).doesNotContain(ID_NUMBER).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("log").get("logger").asText()).isEqualTo("aidflow.request");
    assertThat(json.get("method").asText()).isEqualTo("POST");
    assertThat(json.get("path").asText()).isEqualTo("/api/cases");
    assertThat(json.get("status").asInt()).isEqualTo(201);
    assertThat(json.get("durationMs").asLong()).isNotNegative();
    assertThat(json.get("user").asText()).isEqualTo("intake");
    assertThat(json.get("caseNumber").asText()).isEqualTo("QBH-2026-000125");
    assertThat(json.get("message").asText()).startsWith("POST /api/cases 201 ").contains("user=intake")
        .contains("case=QBH-2026-000125");
  }

  @Test
  void theSettingChoosesTheFormat() throws Exception {
    String settings = Files.readString(Path.of("src/main/resources/application.yml"));
    assertThat(settings).containsPattern("(?s)logging:\\s+structured:\\s+format:\\s+(#[^\\n]*\\n\\s*)*"
        + "console: \\$\\{AIDFLOW_LOG_FORMAT:}");
  }
}
