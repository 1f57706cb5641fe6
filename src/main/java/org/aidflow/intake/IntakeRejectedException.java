package org.aidflow.intake;

import java.util.List;
import org.camunda.bpm.engine.BadUserRequestException;
import java.util.stream.Collectors;

/**
 * An intake that must not become a case. Thrown before anything is written, so the start of the process
 * rolls back whole: no case number is consumed and no instance remains. A bad user request, so the engine's
 * REST API (and Tasklist's start form) answer 400 with the message instead of 500.
 */
public class IntakeRejectedException extends BadUserRequestException {

  private final transient List<IntakeViolation> violations;

  public IntakeRejectedException(List<IntakeViolation> violations) {
    this("申请信息不完整或有误", violations);
  }

  /**
   * Input of a later step (a plan, a delivery) that breaks the rules, under a heading of its own. The message is what
   * Tasklist shows the caseworker, so it is Chinese, each rule naming its field in brackets for API clients; the
   * English explanations stay in {@link #violations()}.
   */
  public IntakeRejectedException(String heading, List<IntakeViolation> violations) {
    super(heading + "：" + violations.stream().map(v -> v.messageZh() + "（" + v.field() + "）")
        .collect(Collectors.joining("；")));
    this.violations = List.copyOf(violations);
  }

  public List<IntakeViolation> violations() {
    return violations;
  }
}
