package org.aidflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every engine API request that carries an expression ({@code ${...}} or {@code #{...}}) anywhere: in
 * the path, a query parameter, or the body (nested orQueries, filter queries, variable values). Camunda 7
 * evaluates expressions in queries and filters; 7.24 receives no more fixes, so no caller gets to send one.
 * The filters that need expressions (我的任务, 超期) are created by the application itself, through Java.
 */
public class ExpressionGuardFilter extends OncePerRequestFilter {

  /** Bodies larger than this are refused: no engine call needs more, and we must read the body to check it. */
  static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final Pattern EXPRESSION = Pattern.compile("[$#]\\s*\\{");
  /**
   * Deploying models is how designers change processes: BPMN and DMN carry expressions by nature. Only the
   * designers group may deploy (authorization DEPLOYMENT CREATE), so these paths are left to the engine.
   */
  private static final Set<String> MODEL_DEPLOYMENT_SUFFIXES = Set.of("/deployment/create", "/redeploy");

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (MODEL_DEPLOYMENT_SUFFIXES.stream().anyMatch(request.getRequestURI()::endsWith)) {
      chain.doFilter(request, response);
      return;
    }
    String where;
    try {
      where = expressionInUrl(request);
    } catch (IllegalArgumentException e) {
      // a stray % (MalformedQueryFilter answers this first; kept for the path)
      reject(response, HttpServletResponse.SC_BAD_REQUEST, MALFORMED_URL, "query");
      return;
    }
    if (isForm(request)) {
      // the servlet container parses form bodies into parameters; check those and leave the stream alone
      for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
        for (String value : parameter.getValue()) {
          if (where == null && containsExpression(value)) {
            where = parameter.getKey();
          }
        }
      }
      if (where != null) {
        reject(response, HttpServletResponse.SC_BAD_REQUEST, EXPRESSION_REFUSED, where);
        return;
      }
      chain.doFilter(request, response);
      return;
    }
    byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      reject(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "请求内容过大 / request body too large", "body");
      return;
    }
    String undecodable = isMultipart(request) ? null : undecodable(request, body);
    if (undecodable != null) {
      reject(response, HttpServletResponse.SC_BAD_REQUEST, undecodable, "body");
      return;
    }
    // multipart bodies may carry binary files (variable data): checked as they are, like before
    if (where == null && containsExpression(new String(body, StandardCharsets.UTF_8))) {
      where = "body";
    }
    if (where != null) {
      reject(response, HttpServletResponse.SC_BAD_REQUEST, EXPRESSION_REFUSED, where);
      return;
    }
    chain.doFilter(new CachedBodyRequest(request, body), response);
  }

  private static final String EXPRESSION_REFUSED =
      "不允许在请求中使用表达式 / expressions (${...} or #{...}) are not accepted in requests";

  private static final String MALFORMED_URL = "请求地址编码有误 / the URL is not well-formed";

  /**
   * Why the body is not plain UTF-8, or null when it is. Jackson (the engine's REST layer) detects UTF-16 and
   * UTF-32 by a byte-order mark or by the pattern of zero bytes at the start and would read a body the guard had
   * read as something else; a body in any other charset than UTF-8 is refused for the same reason.
   */
  static String undecodable(HttpServletRequest request, byte[] body) {
    // the header as the client sent it (Spring's CharacterEncodingFilter sets the request's encoding to UTF-8)
    String charset = charsetOf(request.getHeader("Content-Type"));
    if (charset != null && !charset.equalsIgnoreCase("UTF-8") && !charset.equalsIgnoreCase("UTF8")) {
      return "请求内容须为 UTF-8 编码 / the body must be UTF-8, not " + (charset.length() > 40 ? charset.substring(0, 40)
          : charset);
    }
    if (body.length == 0) {
      return null;
    }
    // UTF-32 and UTF-16 byte-order marks, and the zero bytes JSON encoding detection reads as UTF-16/32
    if (startsWith(body, 0xFE, 0xFF) || startsWith(body, 0xFF, 0xFE) || startsWith(body, 0x00, 0x00, 0xFE, 0xFF)) {
      return UTF8_ONLY;
    }
    for (int i = 0; i < Math.min(4, body.length); i++) {
      if (body[i] == 0) {
        return UTF8_ONLY;
      }
    }
    if (!MalformedQueryFilter.isUtf8(body)) {
      return UTF8_ONLY;
    }
    return null;
  }

  /** The charset parameter of a Content-Type header, unquoted; null when there is none. */
  static String charsetOf(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String parameter : contentType.split(";")) {
      String[] nameValue = parameter.split("=", 2);
      if (nameValue.length == 2 && nameValue[0].trim().equalsIgnoreCase("charset")) {
        return nameValue[1].trim().replace("\"", "");
      }
    }
    return null;
  }

  private static final String UTF8_ONLY = "请求内容须为有效的 UTF-8 / the body is not valid UTF-8";

  private static boolean startsWith(byte[] body, int... prefix) {
    if (body.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((body[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isMultipart(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null && type.toLowerCase().startsWith("multipart/");
  }

  private static boolean isForm(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null && type.toLowerCase().startsWith("application/x-www-form-urlencoded");
  }

  private static String expressionInUrl(HttpServletRequest request) {
    String path = URLDecoder.decode(request.getRequestURI(), StandardCharsets.UTF_8);
    if (containsExpression(path)) {
      return "path";
    }
    String query = request.getQueryString();
    if (query != null) {
      for (String pair : query.split("&")) {
        String decoded = URLDecoder.decode(pair, StandardCharsets.UTF_8);
        if (containsExpression(decoded)) {
          int equals = decoded.indexOf('=');
          return equals > 0 ? decoded.substring(0, equals) : decoded;
        }
      }
    }
    return null;
  }

  static boolean containsExpression(String text) {
    // JSON may escape the characters of an expression: \u0024{ is ${
    String unescaped = text.replace("\\u0024", "$").replace("\\u0023", "#").replace("\\u007b", "{")
        .replace("\\u007B", "{");
    return EXPRESSION.matcher(unescaped).find();
  }

  static void reject(HttpServletResponse response, int status, String detail, String field)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/problem+json;charset=UTF-8");
    Map<String, Object> problem = new java.util.LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", status == 400 ? "Bad Request" : "Payload Too Large");
    problem.put("status", status);
    problem.put("detail", detail);
    // the name of a query parameter comes from the caller: keep it short, and let Jackson escape it
    problem.put("field", field.length() > 60 ? field.substring(0, 60) : field);
    response.getWriter().write(JSON.writeValueAsString(problem));
  }
}
