package org.aidflow.security;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;

/**
 * The engine wraps an exception thrown by a task listener (and the REST layer wraps it again), so a refused
 * completion — a bad plan, delivery, follow-up or verification correction — would reach REST clients as a 500.
 * Where a cause is a bad user request, the answer is the engine's usual 400 with that cause's message; everything
 * else is answered as the engine's own mappers would.
 */
final class RefusedInputExceptionMapper {

  private RefusedInputExceptionMapper() {
  }

  static Response toResponse(RuntimeException exception) {
    for (Throwable cause = exception.getCause(); cause != null && cause.getCause() != cause; cause = cause.getCause()) {
      if (cause instanceof BadUserRequestException refusal) {
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
