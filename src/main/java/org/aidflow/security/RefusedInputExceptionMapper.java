package org.aidflow.security;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;
import org.aidflow.shared.ConcurrentChangeException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;

/**
 * The engine wraps an exception thrown by a task listener (and the REST layer wraps it again), so a refused
 * completion — a bad plan, delivery, follow-up or verification correction — would reach REST clients as a 500.
 * Where a cause is a bad user request, the answer is the engine's usual 400 with that cause's message; everything
 * else is answered as the engine's own mappers would; a refused input (shared's RefusedInputException) is such a bad
 * user request. A step undone at commit because concurrent work took what it needed (a plan and the fund's room) is a
 * 409: sent again, it is refused or offered the choices for insufficient funds.
 */
final class RefusedInputExceptionMapper {

  /** The engine's message when SaveUserCmd refuses a password (Camunda 7.24). */
  static final String PASSWORD_POLICY_REFUSAL = "Password does not match policy";

  private RefusedInputExceptionMapper() {
  }

  static Response toResponse(RuntimeException exception) {
    if (PASSWORD_POLICY_REFUSAL.equals(exception.getMessage())) {
      // a password chosen over REST that fails the policy (LoginSecurityPlugin): the caller's mistake, not ours
      return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
          .entity(Map.of("type", "PasswordPolicyException", "message", "密码不符合密码策略：至少10个字符，含大小写字母、数字和"
              + "符号，且不含用户名 / the password does not meet the password policy: at least 10 characters with upper "
              + "and lower case letters, a digit and a sign, not containing the user's id or name")).build();
    }
    for (Throwable cause = exception; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
      if (cause instanceof ConcurrentChangeException conflict) {
        // as the engine answers a concurrent change: the request may simply be sent again
        return Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON_TYPE)
            .entity(Map.of("type", conflict.getClass().getSimpleName(), "message",
                conflict.getMessage())).build();
      }
      if (cause != exception && cause instanceof BadUserRequestException refusal) {
        return ExceptionHandlerHelper.getInstance().getResponse(refusal);
      }
    }
    return ExceptionHandlerHelper.getInstance().getResponse(exception);
  }

  /** For exceptions the engine threw. */
  @Priority(1)
  public static class ForEngine implements ExceptionMapper<ProcessEngineException> {
    @Override
    public Response toResponse(ProcessEngineException exception) {
      return RefusedInputExceptionMapper.toResponse(exception);
    }
  }

  /** For a step undone at commit because concurrent work took what it needed (a plan, the fund's room). */
  @Priority(1)
  public static class ForConcurrentChange implements ExceptionMapper<ConcurrentChangeException> {
    @Override
    public Response toResponse(ConcurrentChangeException exception) {
      return RefusedInputExceptionMapper.toResponse(exception);
    }
  }

  /** For the REST layer's wrapping of them ("Cannot complete task …"). */
  @Priority(1)
  public static class ForRest implements ExceptionMapper<RestException> {
    @Override
    public Response toResponse(RestException exception) {
      // only what the REST layer answered as a server error is looked at again (a 404 stays a 404)
      if (exception.getStatus() != null && exception.getStatus() != Response.Status.INTERNAL_SERVER_ERROR) {
        return ExceptionHandlerHelper.getInstance().getResponse(exception);
      }
      return RefusedInputExceptionMapper.toResponse(exception);
    }
  }
}
