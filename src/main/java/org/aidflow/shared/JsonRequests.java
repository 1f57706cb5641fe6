package org.aidflow.shared;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * How AidFlow's own APIs read a JSON body and refuse bad input: 415 unless the body is declared application/json (a
 * browser sends text/plain or a form across sites without asking, but not JSON), 413 above the endpoint's limit, 400
 * for what is not JSON, each as application/problem+json naming the field.
 */
public final class JsonRequests {

  private JsonRequests() {
  }

  /** The body read, or the answer refusing it. */
  public record JsonBody(JsonNode json, ResponseEntity<?> problem) {

    public boolean refused() {
      return problem != null;
    }
  }

  /** Any JSON value (an endpoint that explains a missing field itself), or 415, 413 or 400 "body". */
  public static JsonBody read(HttpServletRequest request, ObjectMapper mapper, int maxBytes) throws IOException {
    MediaType type;
    try {
      type = request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
    } catch (InvalidMediaTypeException e) {
      type = null;
    }
    if (type == null || !MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)) {
      return new JsonBody(null, problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "请求内容须为 application/json / the body must be application/json", "Content-Type"));
    }
    byte[] bytes = request.getInputStream().readNBytes(maxBytes + 1);
    if (bytes.length > maxBytes) {
      return new JsonBody(null, problem(HttpStatus.PAYLOAD_TOO_LARGE, "请求内容过大 / the body is too large", "body"));
    }
    try {
      return new JsonBody(mapper.readTree(bytes), null);
    } catch (IOException e) {
      return new JsonBody(null, problem(HttpStatus.BAD_REQUEST, "请求内容不是有效的 JSON / the body is not valid JSON",
          "body"));
    }
  }

  /** As {@link #read}, and 400 "body" unless it is a JSON object. */
  public static JsonBody readObject(HttpServletRequest request, ObjectMapper mapper, int maxBytes) throws IOException {
    JsonBody body = read(request, mapper, maxBytes);
    if (!body.refused() && (body.json() == null || !body.json().isObject())) {
      return new JsonBody(null, problem(HttpStatus.BAD_REQUEST, "请求内容须为 JSON 对象 / the body must be a JSON object",
          "body"));
    }
    return body;
  }

  /** 400 for a refused input, naming its (first) field, the detail "Chinese / English". */
  public static ResponseEntity<?> refused(RefusedInputException refusal) {
    Violation first = refusal.violations().get(0);
    return problem(HttpStatus.BAD_REQUEST, first.messageZh() + " / " + first.messageEn(), first.field());
  }

  /** 409 for what exists already, naming the field, the detail "Chinese / English". */
  public static ResponseEntity<?> conflict(AlreadyExistsException duplicate) {
    Violation violation = duplicate.violation();
    return problem(HttpStatus.CONFLICT, violation.messageZh() + " / " + violation.messageEn(), violation.field());
  }

  /** An answer of {@code status} as application/problem+json, its detail in Chinese and English, naming the field. */
  public static ResponseEntity<?> problem(HttpStatus status, String detail, String field) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setProperty("field", field);
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }
}
