package io.github.osbsdk.broker.core.internal.metrics;

import io.github.osbsdk.broker.core.internal.BrokerPaths;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;

/**
 * Times every request to {@code /v2/**} and {@code /bluemix_v1/**} from before the request id
 * filter to the response filters (refusals by the authentication and version filters included;
 * writing the body excluded) and records it by endpoint and status. Registered only when metrics
 * are on.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 300)
public final class MetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {
  private static final String START = "io.github.osbsdk.broker.metricsStart";
  private final BrokerMetrics metrics;

  /**
   * Creates the filter.
   *
   * @param metrics where to record
   */
  public MetricsFilter(BrokerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (BrokerPaths.isBrokerPath(request)) {
      request.setProperty(START, System.nanoTime());
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(START) instanceof Long start) {
      long nanos = System.nanoTime() - start;
      metrics.request(BrokerEndpoint.of(request.getMethod(), rawPath(request)),
          response.getStatus(), nanos);
    }
  }

  private static String rawPath(ContainerRequestContext request) {
    return request.getUriInfo().getPath(false);
  }
}
