package org.aidflow.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a channel, a caseworker's browser or an operator sends to a running node: HTTP with Basic authentication
 * against the engine REST API and AidFlow's API, and the Admin webapp's first-administrator setup.
 */
public final class NodeClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final Function<String, URI> uri;

  public NodeClient(AppNode node) {
    this.uri = node::uri;
  }

  /** An answer: status and body. */
  public record Answer(int status, String body) {

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
      }
    }

    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /** A login. */
  public record Login(String user, String password) {
  }

  public Answer get(Login login, String path) {
    return send(request(login, path).GET());
  }

  public Answer post(Login login, String path, Object body) {
    return post(login, path, body, Map.of());
  }

  public Answer post(Login login, String path, Object body, Map<String, String> headers) {
    HttpRequest.Builder request = request(login, path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json(body), StandardCharsets.UTF_8));
    headers.forEach(request::header);
    return send(request);
  }

  public Answer put(Login login, String path) {
    return send(request(login, path).PUT(HttpRequest.BodyPublishers.noBody()));
  }

  /**
   * Creates the first administrator as an operator does on a fresh installation: Admin shows its setup page while
   * nobody is in camunda-admin, and the page posts the user (with the webapp's CSRF token of the session).
   */
  public Answer createFirstAdministrator(Login admin) {
    HttpResponse<String> page = sendRaw(HttpRequest.newBuilder(uri.apply("/camunda/app/admin/default/setup/"))
        .timeout(Duration.ofSeconds(30)).GET());
    String token = page.headers().firstValue("X-XSRF-TOKEN").orElseThrow(() ->
        new AssertionError("Admin sent no CSRF token: " + page.statusCode() + " " + page.headers().map()));
    List<String> cookies = new ArrayList<>();
    for (String setCookie : page.headers().allValues("Set-Cookie")) {
      cookies.add(setCookie.split(";", 2)[0]);
    }
    Map<String, Object> user = Map.of(
        "profile", Map.of("id", admin.user(), "firstName", "首位", "lastName", "管理员",
            "email", admin.user() + "@aidflow.example"),
        "credentials", Map.of("password", admin.password()));
    HttpResponse<String> created = sendRaw(HttpRequest.newBuilder(uri.apply("/camunda/api/admin/setup/default/user/create"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").header("X-XSRF-TOKEN", token)
        .header("Cookie", String.join("; ", cookies)).header("Origin", uri.apply("").toString())
        .POST(HttpRequest.BodyPublishers.ofString(json(user), StandardCharsets.UTF_8)));
    return new Answer(created.statusCode(), created.body());
  }

  /** A user with a password of its own in the given groups, created by an administrator through the REST API. */
  public void createUser(Login admin, Login user, String firstName, String lastName, String... groups) {
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("id", user.user());
    profile.put("firstName", firstName);
    profile.put("lastName", lastName);
    profile.put("email", user.user() + "@aidflow.example");
    Answer created = post(admin, "/engine-rest/user/create", Map.of("profile", profile,
        "credentials", Map.of("password", user.password())));
    if (created.status() != 204) {
      throw new AssertionError("user " + user.user() + " not created: " + created);
    }
    for (String group : groups) {
      Answer joined = put(admin, "/engine-rest/group/" + group + "/members/" + user.user());
      if (joined.status() != 204) {
        throw new AssertionError(user.user() + " not added to " + group + ": " + joined);
      }
    }
  }

  /** Completes a task through the engine REST API, as Tasklist does; values typed as the forms submit them. */
  public Answer complete(Login login, String taskId, Map<String, Object> variables) {
    Map<String, Object> typed = new LinkedHashMap<>();
    variables.forEach((name, value) -> typed.put(name, value instanceof Map<?, ?> already ? already
        : Map.of("value", value)));
    return post(login, "/engine-rest/task/" + taskId + "/complete", Map.of("variables", typed));
  }

  /** A variable of type Json, as the plan and delivery forms submit lists. */
  public static Map<String, Object> jsonVariable(Object value) {
    return Map.of("type", "Json", "value", json(value));
  }

  private HttpRequest.Builder request(Login login, String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri.apply(path)).timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json");
    if (login != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (login.user() + ":" + login.password()).getBytes(StandardCharsets.UTF_8)));
    }
    return request;
  }

  private Answer send(HttpRequest.Builder request) {
    HttpResponse<String> answer = sendRaw(request);
    return new Answer(answer.statusCode(), answer.body());
  }

  private HttpResponse<String> sendRaw(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String json(Object value) {
    try {
      return value instanceof String text ? text : JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
