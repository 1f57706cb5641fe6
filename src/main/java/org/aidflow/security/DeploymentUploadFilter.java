package org.aidflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aidflow.shared.WebappUser;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A model upload ({@code POST .../deployment/create}, engine REST API and the webapps' engine API) is judged before
 * its body is read: a caller who may not deploy (no DEPLOYMENT CREATE, not an administrator) gets 403 at once, an
 * announced body over the cap 413 at once. A designer's body is then read up to the cap and no further (a chunked
 * body over the cap is cut off: 413), and more resources than allowed are 413 too. The engine's multipart reader
 * holds a whole upload in memory, so nothing larger ever reaches it.
 */
public class DeploymentUploadFilter extends OncePerRequestFilter {

  /** The form fields of Camunda's deployment upload that are not resources. */
  private static final Set<String> DEPLOYMENT_FIELDS = Set.of("deployment-name", "deployment-source",
      "deployment-activation-time", "enable-duplicate-filtering", "deploy-changed-only", "tenant-id");
  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);
  private static final Pattern PART_NAME = Pattern.compile("name=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final Supplier<ProcessEngine> engine;
  private final long maxBytes;
  private final int maxResources;

  public DeploymentUploadFilter(Supplier<ProcessEngine> engine, long maxBytes, int maxResources) {
    this.engine = engine;
    this.maxBytes = maxBytes;
    this.maxResources = maxResources;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equalsIgnoreCase(request.getMethod()) || !request.getRequestURI().endsWith("/deployment/create");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication user = caller(request);
    if (user == null) {
      refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", "请先登录 / sign in first");
      return;
    }
    if (!mayDeploy(user)) {
      refuse(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
          "只有流程设计人员可以部署模型 / only designers may deploy models");
      return;
    }
    long announced = request.getContentLengthLong();
    if (announced > maxBytes) {
      refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "Payload Too Large", tooLarge());
      return;
    }
    byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    if (body.length > maxBytes) {
      refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "Payload Too Large", tooLarge());
      return;
    }
    int resources = countResources(request.getContentType(), body);
    if (resources > maxResources) {
      refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "Payload Too Large",
          "一次最多部署 " + maxResources + " 个资源 / at most " + maxResources + " resources per deployment");
      return;
    }
    chain.doFilter(new CachedBodyRequest(request, body), response);
  }

  private String tooLarge() {
    return "部署内容超过 " + maxBytes + " 字节 / a deployment may hold at most " + maxBytes + " bytes";
  }

  /** The engine REST API's Basic login (set by its authentication filter before this one), or the webapp session. */
  private Authentication caller(HttpServletRequest request) {
    Authentication current = engine.get().getIdentityService().getCurrentAuthentication();
    if (current != null) {
      return current;
    }
    if (!request.getRequestURI().startsWith(request.getContextPath() + "/camunda/")) {
      return null;
    }
    return WebappUser.of(request, engine.get().getName())
        .map(signedIn -> new Authentication(signedIn.getIdentityId(), List.copyOf(signedIn.getGroupIds())))
        .orElse(null);
  }

  private boolean mayDeploy(Authentication user) {
    ProcessEngine processEngine = engine.get();
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
    List<String> groups = user.getGroupIds() == null ? List.of() : user.getGroupIds();
    if (configuration.getAdminUsers() != null && configuration.getAdminUsers().contains(user.getUserId())
        || configuration.getAdminGroups() != null && groups.stream().anyMatch(configuration.getAdminGroups()::contains)) {
      return true;
    }
    return processEngine.getAuthorizationService().isUserAuthorized(user.getUserId(), groups, Permissions.CREATE,
        Resources.DEPLOYMENT);
  }

  /** The parts of a multipart body that are resources (every part but Camunda's deployment fields). */
  static int countResources(String contentType, byte[] body) {
    Matcher boundary = contentType == null ? null : BOUNDARY.matcher(contentType);
    if (boundary == null || !boundary.find()) {
      return 0;
    }
    byte[] delimiter = ("--" + boundary.group(1)).getBytes(StandardCharsets.ISO_8859_1);
    int count = 0;
    for (int at = indexOf(body, delimiter, 0); at >= 0; at = indexOf(body, delimiter, at + delimiter.length)) {
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
      if (headersEnd < 0) {
        break;
      }
      String headers = new String(body, at, headersEnd - at, StandardCharsets.ISO_8859_1);
      Matcher name = PART_NAME.matcher(headers);
      if (name.find() && !DEPLOYMENT_FIELDS.contains(name.group(1))) {
        count++;
      }
    }
    return count;
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void refuse(HttpServletResponse response, int status, String title, String detail)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/problem+json;charset=UTF-8");
    // the client may still be sending: the connection is not kept for a body nobody reads
    response.setHeader("Connection", "close");
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    response.getWriter().write(JSON.writeValueAsString(problem));
    // answer now, while the container may still be draining the body it was announced
    response.flushBuffer();
  }
}
