package org.aidflow;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The container's health check (docker-compose.yml): {@code java -cp /app/aidflow.jar org.aidflow.HealthProbe <url>}
 * exits 0 only if the readiness endpoint answers 200 with status UP, else 1 with the reason on one line. The JRE
 * image has no curl, so the check is this class, run by the image's {@code java}.
 *
 * <p>It runs every few seconds, in a JVM of its own: it uses nothing but {@code java.base} (no Spring, no
 * java.net.http), and the build also puts it at the root of the Spring Boot jar so that the plain class path finds
 * it without the Boot loader opening the jar's hundred libraries.
 */
public final class HealthProbe {

  /** Connecting and reading each; well under the 5 s after which Compose counts a check as failed. */
  static final int TIMEOUT_MILLIS = 3000;
  /** Actuator's health answer begins with the overall status: {"status":"UP", ...}. */
  private static final Pattern UP = Pattern.compile("\\A\\s*\\{\\s*\"status\"\\s*:\\s*\"UP\"");
  private static final int MAX_BODY = 64 * 1024;

  private HealthProbe() {
  }

  public static void main(String[] args) {
    if (args.length != 1) {
      System.out.println("usage: HealthProbe <readiness URL>");
      System.exit(1);
    }
    String problem = problemOf(args[0]);
    System.out.println(problem == null ? "UP" : problem);
    System.exit(problem == null ? 0 : 1);
  }

  /** Null if the endpoint at {@code url} answers 200 with status UP, else what is wrong, in a few words. */
  static String problemOf(String url) {
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
      connection.setConnectTimeout(TIMEOUT_MILLIS);
      connection.setReadTimeout(TIMEOUT_MILLIS);
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      connection.setRequestProperty("Accept", "application/json");
      int status = connection.getResponseCode();
      if (status != 200) {
        return "HTTP " + status + " from " + url;
      }
      String body = read(connection.getInputStream());
      return UP.matcher(body).find() ? null : "not UP: " + oneLine(body);
    } catch (IOException | IllegalArgumentException e) {
      return e.getClass().getSimpleName() + " on " + url + ": " + e.getMessage();
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  private static String read(InputStream in) throws IOException {
    try (in) {
      return new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
    }
  }

  private static String oneLine(String text) {
    String line = text.replaceAll("\\s+", " ").trim();
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }
}
