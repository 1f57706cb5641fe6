package org.aidflow.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * AidFlow as it is shipped: {@code java -jar target/aidflow.jar} in a JVM of its own, configured by environment
 * variables as docker-compose.yml configures the container. Its output goes to {@code target/<name>-<n>.log}, one
 * file per start. Each start is a new process on the same port, so a node can be killed and started again.
 */
public final class AppNode implements AutoCloseable {

  /** The jar {@code mvn package} builds (spring-boot repackage), present in the integration-test phase. */
  public static final Path JAR = Path.of("target", "aidflow.jar");
  /** Variables of the test's own environment that would configure the node behind the test's back. */
  private static final List<String> FOREIGN_PREFIXES = List.of("SPRING_", "CAMUNDA_", "AIDFLOW_", "DB_", "SERVER_",
      "MANAGEMENT_", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

  private final String name;
  private final int port;
  private final Map<String, String> environment;
  private final List<String> command;
  private volatile Process process;
  private Path log;
  private int starts;

  /**
   * @param environment the node's configuration, as a container's environment
   * @param command the command line, e.g. {@code java -jar /app/aidflow.jar} of docker-compose.yml; its jar is
   *     replaced by {@link #JAR}, its {@code java} by this JVM's
   */
  public AppNode(String name, int port, Map<String, String> environment, List<String> command) {
    this.name = name;
    this.port = port;
    this.environment = new LinkedHashMap<>(environment);
    this.environment.put("SERVER_PORT", String.valueOf(port));
    this.command = List.copyOf(command);
    // a node outlives no test run, whatever happens to the test
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Process current = process;
      if (current != null) {
        current.destroyForcibly();
      }
    }, name + "-killer"));
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a new process of the node (the previous one must be gone) and returns at once. */
  public AppNode start() {
    return start(Map.of());
  }

  /** Starts a new process with some variables of its own for this start (e.g. a host name per run). */
  public synchronized AppNode start(Map<String, String> overrides) {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is running already");
    }
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the integration tests with"
          + " `mvn verify`, which packages the jar first");
    }
    List<String> commandLine = new ArrayList<>();
    for (String part : command) {
      if (part.equals("java")) {
        commandLine.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      } else if (part.endsWith(".jar")) {
        commandLine.add(JAR.toAbsolutePath().toString());
      } else {
        commandLine.add(part);
      }
    }
    starts++;
    log = Path.of("target", name + "-" + starts + ".log");
    ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(key -> FOREIGN_PREFIXES.stream().anyMatch(key::startsWith));
    builder.environment().putAll(environment);
    builder.environment().putAll(overrides);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
    return this;
  }

  /** Waits until the readiness probe of docker-compose.yml's health check answers UP. */
  public AppNode awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe = HttpRequest.newBuilder(uri("/actuator/health/readiness")).timeout(Duration.ofSeconds(5))
        .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + " before it was ready:\n" + logTail());
      }
      try {
        HttpResponse<String> answer = http.send(probe, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200 && answer.body().contains("UP")) {
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " not ready within " + timeout + ":\n" + logTail());
      }
      sleep(250);
    }
  }

  /** kill -9: the JVM gets no chance to finish anything (Process.destroyForcibly sends SIGKILL on Linux). */
  public synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      waitForExit(Duration.ofSeconds(30));
    }
  }

  /** A graceful stop (SIGTERM), as {@code docker compose stop} does; SIGKILL if it takes longer than 30 s. */
  public synchronized void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!waitForExit(Duration.ofSeconds(30))) {
        kill();
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  public int port() {
    return port;
  }

  /** The output of the current (or last) process. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private String logTail() {
    String all = log();
    return all.length() <= 6000 ? all : "…" + all.substring(all.length() - 6000);
  }

  private boolean waitForExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
