package io.github.osbsdk.broker.core.internal;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

/**
 * Refuses a raw {@code ;} in the path of the SDK's endpoints with 400. JAX-RS reads what follows
 * it in a segment as matrix parameters and drops them from the path parameter, so
 * {@code PUT /v2/service_instances/a;b=c} would act on instance {@code a}; OSB has no matrix
 * parameters, and an id holding a {@code ;} arrives encoded ({@code %3B}).
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 50)
public final class MatrixParameterFilter implements ContainerRequestFilter {
  private final ErrorResponses errors;

  /** @param errors error bodies */
  public MatrixParameterFilter(ErrorResponses errors) {
    this.errors = errors;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    RequestState state = RequestState.of(request);
    if (state != null && state.matrixParameters) { // read from the path by RequestIdFilter
      request.abortWith(errors.of(400, "The path holds a ';': OSB has no matrix parameters;"
          + " an id that contains ';' is sent encoded (%3B)."));
    }
  }
}
