package org.aidflow.intake;

import static org.aidflow.shared.JsonRequests.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.aidflow.intake.IdempotentRequests.Answer;
import org.aidflow.shared.RefusedInputException;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.shared.JsonRequests;
import org.aidflow.shared.JsonRequests.JsonBody;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The channels' API: {@code POST /api/cases} (intake), {@code GET /api/cases/{caseNumber}} and
 * {@code POST /api/cases/{caseNumber}/withdrawal}. Every error is {@code application/problem+json} naming the
 * field; a rejected request creates nothing.
 */
@RestController
public class CaseApiController {

  static final int MAX_BODY_BYTES = 64 * 1024;
  private static final String CASE_NUMBER_PATTERN = CaseRegistry.CASE_NUMBER_PATTERN;
  private static final long REPLAY_WAIT_MILLIS = 15_000;
  private static final int MAX_WITHDRAWAL_BYTES = 8 * 1024;
  private static final int MAX_REASON_LENGTH = 500;

  private final IntakeRequestReader reader;
  private final IntakeService intake;
  private final IdempotentRequests idempotency;
  private final CaseOverview overview;
  private final RuntimeService runtimeService;
  private final IdentityService identityService;
  private final CaseWithdrawal withdrawal;
  private final ObjectMapper json = new ObjectMapper();

  public CaseApiController(IntakeRequestReader reader, IntakeService intake, IdempotentRequests idempotency,
      CaseOverview overview, RuntimeService runtimeService, IdentityService identityService,
      CaseWithdrawal withdrawal) {
    this.reader = reader;
    this.intake = intake;
    this.idempotency = idempotency;
    this.overview = overview;
    this.runtimeService = runtimeService;
    this.identityService = identityService;
    this.withdrawal = withdrawal;
  }

  @Operation(summary = "登记求助案件 / register an aid case",
      description = "Body: the intake record of docs/policy.md (name, idNumber, phone, region, address, employer, unionMember, "
          + "employmentForm, householdSize, monthlyIncome, rigidExpenses, childrenInSchool, categories, seriousIllness, "
          + "disability, urgent, description, channel, consent). 201 {caseNumber, joined: false, status: OPEN} with "
          + "Location; 409 {caseNumber, joined: true, status: JOINED_OPEN_CASE, detail} (application/json, Location the "
          + "open case) when the person has an open case: the call was recorded and joins it as a new need (categories, "
          + "urgency, routing); 400 listing every invalid field; 413 over 64 KiB; 415 not JSON.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
          content = @Content(mediaType = "application/json", schema = @Schema(type = "object"))))
  @PostMapping(path = "/api/cases")
  public ResponseEntity<?> create(@Parameter(hidden = true) HttpServletRequest request,
      @RequestHeader(name = "Idempotency-Key", required = false) String key) throws IOException {
    MediaType type = request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
    if (type == null || !MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
      return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "请求内容须为 application/json / the body must be application/json",
          "Content-Type");
    }
    byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      return problem(HttpStatus.PAYLOAD_TOO_LARGE, "请求内容超过64KiB / the body is larger than 64 KiB", "body");
    }
    if (key == null) {
      return handle(body);
    }
    if (!key.matches("[A-Za-z0-9_.:-]{1,100}")) {
      return problem(HttpStatus.BAD_REQUEST, "Idempotency-Key 须为1到100个字母、数字或 _.:- / "
          + "Idempotency-Key must be 1 to 100 letters, digits or _.:-", "Idempotency-Key");
    }
    String requestHash = sha256(body);
    if (!idempotency.claim(key, requestHash)) {
      return replay(key, requestHash);
    }
    ResponseEntity<?> response;
    try {
      response = handle(body);
    } catch (RuntimeException e) {
      idempotency.release(key);
      throw e;
    }
    int status = response.getStatusCode().value();
    if (status == 201 || status == 409) {
      idempotency.answer(key, status, json.writeValueAsString(response.getBody()));
    } else {
      idempotency.release(key);
    }
    return response;
  }

  @Operation(summary = "案件进度 / where a case stands (stage, referrals, open tasks, closure, notEligibleReason)")
  @GetMapping(path = "/api/cases/{caseNumber}", produces = "application/json")
  public ResponseEntity<?> read(@PathVariable String caseNumber) {
    if (!caseNumber.matches(CASE_NUMBER_PATTERN)) {
      return badCaseNumber();
    }
    return overview.of(caseNumber).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(this::noSuchCase);
  }

  @Operation(summary = "申请人撤回 / the applicant withdraws: open work cancelled, case closed WITHDRAWN",
      description = "Body: {\"reason\": \"...\"} (application/json, 1 to 500 characters). For the intake "
          + "organisation's caseworkers and supervisors, the intake officer who took the case in, and supervisors; "
          + "recorded in the case's audit with who, when and the reason. 404 when the caller may not read the case, "
          + "403 when they may read but not withdraw it, 415 not JSON, 400 without a reason, 409 already closed.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
          content = @Content(mediaType = "application/json", schema = @Schema(type = "object"))))
  @PostMapping(path = "/api/cases/{caseNumber}/withdrawal", produces = "application/json")
  public ResponseEntity<?> withdraw(@PathVariable String caseNumber,
      @Parameter(hidden = true) HttpServletRequest request) throws IOException {
    if (!caseNumber.matches(CASE_NUMBER_PATTERN)) {
      return badCaseNumber();
    }
    if (overview.readableCase(caseNumber).isEmpty()) {
      return noSuchCase();
    }
    // JSON only: a browser sends text/plain or a form across sites without asking, but not application/json
    JsonBody body = JsonRequests.read(request, json, MAX_WITHDRAWAL_BYTES);
    if (body.refused()) {
      return body.problem();
    }
    com.fasterxml.jackson.databind.JsonNode given = body.json() == null ? null : body.json().get(CaseWithdrawal.REASON);
    String reason = given != null && given.isTextual() ? given.asText().strip() : "";
    if (reason.isEmpty() || reason.length() > MAX_REASON_LENGTH) {
      return problem(HttpStatus.BAD_REQUEST, "请填写撤回原因（1至500字） / reason: the applicant's reason, 1 to 500 "
          + "characters", CaseWithdrawal.REASON);
    }
    return switch (withdrawal.withdraw(caseNumber, reason)) {
      case NO_SUCH_CASE -> noSuchCase();
      case NOT_ALLOWED -> problem(HttpStatus.FORBIDDEN, "无权撤回此案件 / you may not withdraw this case: the intake "
          + "organisation, the intake officer or supervisors may", "caseNumber");
      case ALREADY_CLOSED -> problem(HttpStatus.CONFLICT, "案件已结案 / the case is already closed", "caseNumber");
      case WITHDRAWN -> ResponseEntity.ok(overview.of(caseNumber).orElseThrow());
    };
  }

  private ResponseEntity<?> handle(byte[] body) {
    IntakeService.Outcome outcome;
    try {
      IntakeRequestReader.Result request = reader.read(body);
      outcome = intake.register(request.fields(), request.violations());
    } catch (RefusedInputException e) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
          "申请信息不完整或有误 / the intake has invalid fields");
      problem.setTitle("Invalid intake");
      problem.setProperty("violations", e.violations().stream().map(v -> Map.of("field", v.field(),
          "message", v.messageZh(), "messageEn", v.messageEn())).toList());
      return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    } catch (AuthorizationException e) {
      return problem(HttpStatus.FORBIDDEN, "无权登记案件 / you may not register cases", "user");
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("caseNumber", outcome.caseNumber());
    // the same fields either way, so a client reads which case the call went to and whether it was new
    answer.put("joined", !outcome.created());
    if (outcome.created()) {
      answer.put("status", "OPEN");
      return ResponseEntity.created(URI.create("/api/cases/" + outcome.caseNumber())).body(answer);
    }
    answer.put("status", "JOINED_OPEN_CASE");
    answer.put("detail", "申请人已有在办案件，本次求助已并入在办案件 " + outcome.caseNumber()
        + " / the applicant has an open case; this contact was added to it");
    // not an error document: the call was recorded, on the open case named here and in Location
    return ResponseEntity.status(HttpStatus.CONFLICT).location(URI.create("/api/cases/" + outcome.caseNumber()))
        .contentType(MediaType.APPLICATION_JSON).body(answer);
  }

  /** Waits for the first request with this key to be answered, then repeats its answer. */
  private ResponseEntity<?> replay(String key, String requestHash) throws JsonProcessingException {
    long deadline = System.currentTimeMillis() + REPLAY_WAIT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      Optional<Answer> stored = idempotency.find(key);
      if (stored.isPresent() && !stored.get().requestHash().equals(requestHash)) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY,
            "同一 Idempotency-Key 已用于不同的请求 / this Idempotency-Key was used for a different request",
            "Idempotency-Key");
      }
      if (stored.isEmpty()) {
        // the first request was rejected and left nothing: answer this one on its own
        return problem(HttpStatus.CONFLICT, "请重试 / the first request with this key failed; retry", "Idempotency-Key");
      }
      if (stored.get().status() != null) {
        Map<?, ?> body = json.readValue(stored.get().body(), Map.class);
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(stored.get().status());
        if (stored.get().status() == 201 || stored.get().status() == 409) {
          // created, or joined to the open case: both answers name the case
          builder.header(HttpHeaders.LOCATION, "/api/cases/" + body.get("caseNumber"));
          builder.contentType(MediaType.APPLICATION_JSON);
        } else {
          builder.contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        return builder.body(body);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return problem(HttpStatus.CONFLICT, "相同请求仍在处理中，请稍后重试 / the same request is still being handled; retry",
        "Idempotency-Key");
  }

  private ResponseEntity<?> badCaseNumber() {
    return problem(HttpStatus.BAD_REQUEST, "案件编号格式应为 QBH-YYYY-NNNNNN / case number must look like QBH-YYYY-NNNNNN",
        "caseNumber");
  }

  private ResponseEntity<?> noSuchCase() {
    return problem(HttpStatus.NOT_FOUND, "未找到案件 / no such case", "caseNumber");
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

}
