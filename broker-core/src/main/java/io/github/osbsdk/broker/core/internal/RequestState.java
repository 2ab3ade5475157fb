package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.ApiVersion;
import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.api.OriginatingIdentity;
import io.github.osbsdk.broker.api.RequestContext;
import jakarta.ws.rs.container.ContainerRequestContext;

/** What the filters learn about one request, kept as a request property until the last filter. */
final class RequestState {
  static final String PROPERTY = "io.github.osbsdk.broker.requestState";

  /** The id in the logs and the request context: at most 256 characters. */
  final String requestId;
  /** What the response's {@code X-Broker-API-Request-Identity} carries: the id as sent. */
  final String echoedRequestIdentity;
  /** Whether the path holds a raw {@code ;} ({@link MatrixParameterFilter} refuses it). */
  boolean matrixParameters;
  /**
   * Whether {@code X-Broker-API-Request-Identity} came more than once ({@link ApiVersionFilter}
   * refuses it).
   */
  boolean repeatedRequestIdentity;
  AuthenticatedCaller caller;
  ApiVersion apiVersion;
  OriginatingIdentity originatingIdentity;
  /** The finished context, set by the last filter; what the resources read. */
  RequestContext context;

  RequestState(String requestId, String echoedRequestIdentity) {
    this.requestId = requestId;
    this.echoedRequestIdentity = echoedRequestIdentity;
  }

  static RequestState of(ContainerRequestContext request) {
    Object o = request.getProperty(PROPERTY);
    return o instanceof RequestState s ? s : null;
  }

  RequestContext toContext(String region, String transactionId) {
    return new RequestContext(requestId, apiVersion == null ? ApiVersion.LATEST : apiVersion,
        originatingIdentity, null, caller, region, transactionId);
  }
}
