package org.aidflow.cockpit.report;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser's session with the Camunda webapps: signed in to Cockpit with the demo password, cookies kept. */
final class WebappSession {

  private final HttpClient client;
  private final String base;

  private WebappSession(int port) {
    this.client = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.base = "http://localhost:" + port;
  }

  static WebappSession anonymous(int port) {
    return new WebappSession(port);
  }

  /** Signs in to Cockpit the way its login form does: the CSRF cookie first, then the login with its token. */
  static WebappSession signIn(int port, String user) throws Exception {
    return signIn(port, user, "cockpit");
  }

  /** Signed in to one of the webapps (cockpit, tasklist, admin): the session is the same for all of them. */
  static WebappSession signIn(int port, String user, String app) throws Exception {
    WebappSession session = new WebappSession(port);
    session.get("/camunda/app/cockpit/default/");
    String token = ((CookieManager) session.client.cookieHandler().orElseThrow()).getCookieStore().getCookies()
        .stream().filter(c -> c.getName().equals("XSRF-TOKEN")).map(HttpCookie::getValue).findFirst().orElseThrow();
    HttpResponse<String> login = session.client.send(HttpRequest.newBuilder(
            URI.create(session.base + "/camunda/api/admin/auth/user/default/login/" + app))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", token)
        .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&password=demo")).build(), HttpResponse.BodyHandlers.ofString());
    if (login.statusCode() != 200) {
      throw new AssertionError("login of " + user + " answered " + login.statusCode() + ": " + login.body());
    }
    return session;
  }

  record Page(int status, String body, java.net.http.HttpHeaders headers) {

    /** The first value of a response header, or null. */
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    /** The value of an attribute of the first element that carries the marker, e.g. data-indicator="x". */
    String attribute(String marker, String attribute) {
      Matcher element = Pattern.compile("<[^>]*" + Pattern.quote(marker) + "[^>]*>").matcher(body);
      if (!element.find()) {
        throw new AssertionError("no element with " + marker);
      }
      Matcher value = Pattern.compile(attribute + "=\"([^\"]*)\"").matcher(element.group());
      return value.find() ? value.group(1) : null;
    }
  }

  Page get(String path) throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new Page(response.statusCode(), response.body(), response.headers());
  }
}
