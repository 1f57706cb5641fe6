package org.aidflow.security;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/cases/{caseNumber}/audit}: the case's audit trail, for those who may read the case. */
@RestController
public class CaseAuditController {

  private final CaseAudit audit;

  public CaseAuditController(CaseAudit audit) {
    this.audit = audit;
  }

  @GetMapping(path = "/api/cases/{caseNumber}/audit", produces = "application/json")
  public ResponseEntity<?> audit(@PathVariable String caseNumber) {
    if (!caseNumber.matches(org.aidflow.shared.CaseRegistry.CASE_NUMBER_PATTERN)) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
          "案件编号格式应为 QBH-YYYY-NNNNNN / case number must look like QBH-YYYY-NNNNNN");
      problem.setProperty("field", "caseNumber");
      return ResponseEntity.badRequest().body(problem);
    }
    return audit.of(caseNumber)
        .<ResponseEntity<?>>map(entries -> ResponseEntity.ok(Map.<String, Object>of("caseNumber", caseNumber,
            "entries", entries)))
        .orElseGet(() -> {
          // the same answer whether the case does not exist or the caller may not read it
          ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "未找到案件 / no such case");
          problem.setInstance(URI.create("/api/cases/" + caseNumber + "/audit"));
          return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
        });
  }

}
