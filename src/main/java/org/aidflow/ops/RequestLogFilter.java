package org.aidflow.ops;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aidflow.shared.AuthenticatedUser;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.WebappUser;
import org.camunda.bpm.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One log line per HTTP request (logger {@code aidflow.request}): method, path, status, duration in ms, the user and
 * the case number when the path or the answer's {@code Location} names one. Personal data cannot get in: the query
 * string and bodies are never read, and every path segment that is not a plain word (letters first, no run of 7 or
 * more digits, no escapes) is written as {@code {id}}, so an ID number or phone put into a path shows as {@code {id}};
 * a case number as {@code {caseNumber}}, its value in the case field. The user is the one HTTP Basic authenticated
 * ({@code /api}, {@code /engine-rest}; set by the authentication filter as {@link AuthenticatedUser}) or signed in to the
 * webapps; a user name that failed to authenticate is never written. The same fields go to JSON logs as key-value
 * pairs (docs/operations.md, "Logs"). The files pages load (styles, scripts, images, fonts: {@link #isStaticResource})
 * get no line unless their answer is an error (400 or more).
 */
public class RequestLogFilter extends OncePerRequestFilter {

  static final String LOGGER = "aidflow.request";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private static final Pattern CASE_NUMBER = Pattern.compile(CaseRegistry.CASE_NUMBER_PATTERN);
  private static final Pattern CASE_IN_LOCATION =
      Pattern.compile("/cases/(" + CaseRegistry.CASE_NUMBER_PATTERN + ")(?:[/?#]|$)");
  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_.~-]{0,79}");
  private static final Pattern LONG_DIGITS = Pattern.compile("\\d{7}");
  private static final Pattern UUID = Pattern.compile(
      ".*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}.*");
  private static final int MAX_SEGMENTS = 20;
  /** Where the webapps' and libraries' files are served. */
  private static final List<String> STATIC_PREFIXES = List.of("/camunda/app/", "/camunda/assets/",
      "/camunda/lib/", "/webjars/");
  /** Styles, scripts, source maps, images and fonts. */
  static final Set<String> STATIC_EXTENSIONS = Set.of("css", "js", "mjs", "map", "png", "jpg",
      "jpeg", "gif", "svg", "ico", "webp", "woff", "woff2", "ttf", "eot");

  private final Supplier<ProcessEngine> engine;

  public RequestLogFilter(Supplier<ProcessEngine> engine) {
    this.engine = engine;
  }

  /** A path and the case number it names. */
  record SafePath(String path, String caseNumber) {
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      chain.doFilter(request, response);
      failed = false;
    } finally {
      int status = failed && response.getStatus() < 400 ? 500 : response.getStatus();
      if (LOG.isInfoEnabled() && (status >= 400 || !isStaticResource(request.getRequestURI()))) {
        log(request, response, (System.nanoTime() - start) / 1_000_000, status);
      }
    }
  }

  /**
   * A file a page loads (styles, scripts, images, fonts, the webapps' translations): everything with a file name under
   * {@code /camunda/app/}, {@code /camunda/assets/}, {@code /camunda/lib/} and {@code /webjars/} but an HTML page,
   * and anywhere a name ending in one of {@link #STATIC_EXTENSIONS}. The webapps' pages ({@code
   * /camunda/app/tasklist/default/}), their API and AidFlow's are not static.
   */
  static boolean isStaticResource(String uri) {
    if (uri == null) {
      return false;
    }
    int parameters = uri.indexOf(';');
    String path = (parameters >= 0 ? uri.substring(0, parameters) : uri).toLowerCase(Locale.ROOT);
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    if (dot <= 0) {
      return false;
    }
    String extension = name.substring(dot + 1);
    if (STATIC_PREFIXES.stream().anyMatch(path::startsWith)) {
      return !extension.equals("html");
    }
    return STATIC_EXTENSIONS.contains(extension);
  }

  private void log(HttpServletRequest request, HttpServletResponse response, long millis, int status) {
    SafePath path = safePath(request.getRequestURI());
    String caseNumber = path.caseNumber() != null ? path.caseNumber()
        : caseNumberIn(response.getHeader(HttpHeaders.LOCATION));
    String user = user(request);
    String method = PLAIN_WORD.matcher(request.getMethod()).matches() ? request.getMethod() : "{method}";
    LoggingEventBuilder line = LOG.atInfo().setMessage("{} {} {} {}ms user={} case={}").addArgument(method)
        .addArgument(path.path()).addArgument(status).addArgument(millis).addArgument(user == null ? "-" : user)
        .addArgument(caseNumber == null ? "-" : caseNumber)
        .addKeyValue("method", method).addKeyValue("path", path.path()).addKeyValue("status", status)
        .addKeyValue("durationMs", millis);
    if (user != null) {
      line = line.addKeyValue("user", user);
    }
    if (caseNumber != null) {
      line = line.addKeyValue("caseNumber", caseNumber);
    }
    line.log();
  }

  private String user(HttpServletRequest request) {
    if (request.getAttribute(AuthenticatedUser.ATTRIBUTE) instanceof String user) {
      return user;
    }
    try {
      ProcessEngine processEngine = engine.get();
      return processEngine == null ? null
          : WebappUser.of(request, processEngine.getName()).map(u -> u.getName()).orElse(null);
    } catch (RuntimeException e) {
      // a session invalidated while the request ran, an engine not started yet: no user to name
      return null;
    }
  }

  /** The path without query string or parameters, each segment that is not a plain word replaced. */
  static SafePath safePath(String uri) {
    if (uri == null || uri.isEmpty()) {
      return new SafePath("/", null);
    }
    String caseNumber = null;
    StringBuilder path = new StringBuilder();
    String[] segments = uri.split("/", -1);
    int written = 0;
    for (int i = 1; i < segments.length; i++) {
      if (++written > MAX_SEGMENTS) {
        path.append("/…");
        break;
      }
      String segment = segments[i];
      int parameters = segment.indexOf(';');
      if (parameters >= 0) {
        segment = segment.substring(0, parameters);
      }
      path.append('/');
      if (segment.isEmpty()) {
        continue;
      }
      if (CASE_NUMBER.matcher(segment).matches()) {
        caseNumber = caseNumber == null ? segment : caseNumber;
        path.append("{caseNumber}");
      } else if (PLAIN_WORD.matcher(segment).matches() && !LONG_DIGITS.matcher(segment).find()
          && !UUID.matcher(segment).matches()) {
        path.append(segment);
      } else {
        path.append("{id}");
      }
    }
    return new SafePath(path.toString(), caseNumber);
  }

  /** The case number a Location header points to ({@code /api/cases/QBH-2026-000001}), else null. */
  static String caseNumberIn(String location) {
    if (location == null) {
      return null;
    }
    Matcher m = CASE_IN_LOCATION.matcher(location);
    return m.find() ? m.group(1) : null;
  }
}
