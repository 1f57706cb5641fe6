package org.aidflow.verification;

import static org.aidflow.shared.JsonRequests.problem;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aidflow.shared.Groups;
import org.aidflow.shared.JsonRequests;
import org.aidflow.shared.JsonRequests.JsonBody;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/low-lines}: every minimum living standard with its region prefix, date and who entered it, for any
 * signed-in user. {@code POST /api/low-lines}: administrators ({@code admins}) add a line from a date on. Errors are
 * {@code application/problem+json} naming the field.
 */
@RestController
public class LowLineApiController {

  static final String REGION_PREFIX = "regionPrefix";
  static final String EFFECTIVE_FROM = "effectiveFrom";
  static final String MONTHLY_AMOUNT = "monthlyAmount";

  private static final Logger LOG = LoggerFactory.getLogger(LowLineApiController.class);
  private static final int MAX_BODY_BYTES = 4096;
  private static final BigDecimal MAX_AMOUNT = new BigDecimal("100000");
  private static final LocalDate EARLIEST = LocalDate.of(1990, 1, 1);
  private static final LocalDate LATEST = LocalDate.of(2100, 12, 31);
  /** Camunda's own administrators' group, beside AidFlow's admins (as for the cockpit's rebuild). */

  private final LowLines lowLines;
  private final IdentityService identityService;
  private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  public LowLineApiController(LowLines lowLines, IdentityService identityService) {
    this.lowLines = lowLines;
    this.identityService = identityService;
  }

  @Operation(summary = "低保标准 / the minimum living standards by region prefix and effective date")
  @GetMapping(path = "/api/low-lines", produces = MediaType.APPLICATION_JSON_VALUE)
  public List<LowLines.LowLine> list() {
    return lowLines.all();
  }

  @Operation(summary = "新增低保标准 / add a minimum living standard from a date on (administrators)",
      description = "Body {\"regionPrefix\":\"3301\",\"effectiveFrom\":\"2027-01-01\",\"monthlyAmount\":1330}. 201 with "
          + "the line; 400 naming the invalid field; 403 unless an administrator; 409 when the prefix already has a "
          + "line from that date; 415 not JSON.")
  @PostMapping(path = "/api/low-lines")
  public ResponseEntity<?> add(HttpServletRequest request) throws IOException {
    Authentication user = identityService.getCurrentAuthentication();
    if (user == null || !Groups.isAdministrator(user.getGroupIds())) {
      return problem(HttpStatus.FORBIDDEN, "仅管理员可设置低保标准 / only administrators may set low lines", "user");
    }
    JsonBody body = JsonRequests.readObject(request, json, MAX_BODY_BYTES);
    if (body.refused()) {
      return body.problem();
    }
    JsonNode parsed = body.json();

    List<Map<String, String>> violations = new ArrayList<>();
    JsonNode prefixNode = parsed.get(REGION_PREFIX);
    String prefix = prefixNode != null && prefixNode.isTextual() ? prefixNode.asText() : null;
    if (!LowLines.isRegionPrefix(prefix)) {
      violations.add(violation(REGION_PREFIX, "请填写2、4或6位行政区划代码前缀 / a GB/T 2260 prefix of 2, 4 or 6 digits"));
    }
    JsonNode dateNode = parsed.get(EFFECTIVE_FROM);
    LocalDate effectiveFrom = null;
    if (dateNode != null && dateNode.isTextual()) {
      try {
        effectiveFrom = LocalDate.parse(dateNode.asText());
      } catch (DateTimeParseException e) {
        effectiveFrom = null;
      }
    }
    if (effectiveFrom == null || effectiveFrom.isBefore(EARLIEST) || effectiveFrom.isAfter(LATEST)) {
      violations.add(violation(EFFECTIVE_FROM, "请填写生效日期 YYYY-MM-DD（1990至2100年） / a date YYYY-MM-DD between 1990 "
          + "and 2100"));
      effectiveFrom = null;
    }
    JsonNode amountNode = parsed.get(MONTHLY_AMOUNT);
    BigDecimal amount = amountNode != null && amountNode.isNumber() ? amountNode.decimalValue() : null;
    if (amount == null || amount.signum() <= 0 || amount.compareTo(MAX_AMOUNT) >= 0
        || amount.stripTrailingZeros().scale() > 2) {
      violations.add(violation(MONTHLY_AMOUNT, "请填写每人每月金额（元，大于0，最多两位小数） / CNY per person and month: a "
          + "number above 0 and below 100,000 with at most 2 decimals"));
    }
    if (!violations.isEmpty()) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
          "低保标准信息有误 / the low line has invalid fields");
      problem.setTitle("Invalid low line");
      problem.setProperty("field", violations.get(0).get("field"));
      problem.setProperty("violations", violations);
      return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    LowLines.LowLine added;
    try {
      added = lowLines.add(prefix, effectiveFrom, amount, user.getUserId());
    } catch (DuplicateKeyException e) {
      return problem(HttpStatus.CONFLICT, "该地区此日期已有低保标准 / this region prefix already has a line from that "
          + "date", EFFECTIVE_FROM);
    }
    LOG.info("low line for region prefix {} from {} set to {} CNY by {}", prefix, effectiveFrom, amount,
        user.getUserId());
    return ResponseEntity.created(URI.create("/api/low-lines")).body(added);
  }

  private static Map<String, String> violation(String field, String message) {
    Map<String, String> violation = new LinkedHashMap<>();
    violation.put("field", field);
    violation.put("message", message);
    return violation;
  }
}
