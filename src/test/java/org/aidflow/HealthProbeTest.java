package org.aidflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The container's health check says healthy only when the readiness endpoint answers 200 with status UP: Compose
 * starts the proxy only after it, and a node that is starting, refusing traffic or hanging must not count.
 * ProductionComposeIT runs it against the real application; here the answers a real node gives rarely.
 */
class HealthProbeTest {

  private HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void readinessUpIsHealthy() throws IOException {
    assertThat(HealthProbe.problemOf(answering(200, "{\"status\":\"UP\"}"))).isNull();
    assertThat(HealthProbe.problemOf(answering(200, "{ \"status\" : \"UP\", \"components\": {} }"))).isNull();
  }

  @Test
  void aNodeOutOfServiceIsNotHealthy() throws IOException {
    // what Spring Boot answers while the application refuses traffic
    assertThat(HealthProbe.problemOf(answering(503, "{\"status\":\"OUT_OF_SERVICE\"}"))).isEqualTo(
        "HTTP 503 from " + url());
  }

  @Test
  void aStatusOtherThanUpIsNotHealthyEvenWithHttp200() throws IOException {
    assertThat(HealthProbe.problemOf(answering(200, "{\"status\":\"DOWN\",\"components\":{\"x\":{\"status\":\"UP\"}}}")))
        .startsWith("not UP: {\"status\":\"DOWN\"");
    assertThat(HealthProbe.problemOf(answering(200, "<html>UP</html>"))).startsWith("not UP");
  }

  @Test
  void aRedirectIsNotFollowed() throws IOException {
    // e.g. a login page in front of the endpoint: not the node's readiness
    assertThat(HealthProbe.problemOf(answering(302, ""))).isEqualTo("HTTP 302 from " + url());
  }

  @Test
  void nothingListeningIsNotHealthy() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertThat(HealthProbe.problemOf("http://localhost:" + port + "/actuator/health/readiness"))
        .startsWith("ConnectException");
  }

  @Test
  void aHangingNodeIsNotHealthyWithinTheTimeout() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    server.start();
    long started = System.nanoTime();
    assertThat(HealthProbe.problemOf(url())).startsWith("SocketTimeoutException");
    // Compose gives the check 5 s (docker-compose.yml); the probe gives up before
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(4500);
  }

  private String answering(int status, String body) throws IOException {
    if (server != null) {
      server.stop(0);
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      if (status == 302) {
        exchange.getResponseHeaders().set("Location", "/login");
      }
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    return url();
  }

  private String url() {
    return "http://localhost:" + server.getAddress().getPort() + "/actuator/health/readiness";
  }
}
