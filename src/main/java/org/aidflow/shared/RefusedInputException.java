package org.aidflow.shared;

import java.util.List;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.BadUserRequestException;

/**
 * Input a step refuses, each broken rule a {@link Violation} naming its field. For an intake that must not become a
 * case it is thrown before anything is written, so the start of the process rolls back whole: no case number is
 * consumed and no instance remains. A bad user request, so the engine's REST API (and Tasklist's forms) answer 400 with
 * the message instead of 500 (security's RefusedInputExceptionMapper finds it under the engine's wrapping).
 */
public class RefusedInputException extends BadUserRequestException {

  private final transient List<Violation> violations;

  /** An intake (or a correction of one) that breaks the rules. */
  public RefusedInputException(List<Violation> violations) {
    this("申请信息不完整或有误", violations);
  }

  /**
   * Input of a later step (a plan, a delivery) that breaks the rules, under a heading of its own. The message is what
   * Tasklist shows the caseworker, so it is Chinese, each rule naming its field in brackets for API clients; the
   * English explanations stay in {@link #violations()}.
   */
  public RefusedInputException(String heading, List<Violation> violations) {
    super(heading + "：" + violations.stream().map(v -> v.messageZh() + "（" + v.field() + "）")
        .collect(Collectors.joining("；")));
    this.violations = List.copyOf(violations);
  }

  /**
   * One field of a request to AidFlow's own APIs (a unit, a project, a transfer) that breaks the rules; they answer
   * 400 application/problem+json naming it, the detail in Chinese and English ({@link JsonRequests#refused}).
   */
  public static RefusedInputException of(String field, String messageZh, String messageEn) {
    return new RefusedInputException("请求内容有误", List.of(new Violation(field, messageZh, messageEn)));
  }

  public List<Violation> violations() {
    return violations;
  }
}
