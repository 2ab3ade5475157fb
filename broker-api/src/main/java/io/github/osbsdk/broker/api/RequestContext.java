package io.github.osbsdk.broker.api;

import io.github.osbsdk.broker.api.context.PlatformContext;
import java.util.Objects;

/**
 * What the SDK knows about a request beyond its body: carried by every request record.
 *
 * @param requestId the request id ({@code X-Broker-API-Request-Identity} when sent, else
 *     generated); also in the SLF4J MDC under {@code requestId}
 * @param apiVersion the OSB API version the platform sent
 * @param originatingIdentity the originating identity, may be null
 * @param platformContext the {@code context} of the request body, may be null (e.g. on DELETE)
 * @param caller the authenticated caller, may be null when no authenticator ran (insecure
 *     development mode)
 * @param region IBM Cloud's {@code X-Bluemix-Region} header, may be null
 * @param transactionId IBM Cloud's {@code Transaction-Id} header, may be null
 */
public record RequestContext(String requestId, ApiVersion apiVersion,
    OriginatingIdentity originatingIdentity, PlatformContext platformContext,
    AuthenticatedCaller caller, String region, String transactionId) {
  /**
   * Validates.
   *
   * @param requestId the request id ({@code X-Broker-API-Request-Identity} when sent, else
   *     generated); also in the SLF4J MDC under {@code requestId}
   * @param apiVersion the OSB API version the platform sent
   * @param originatingIdentity the originating identity, may be null
   * @param platformContext the {@code context} of the request body, may be null (e.g. on DELETE)
   * @param caller the authenticated caller, may be null when no authenticator ran (insecure
   *     development mode)
   * @param region IBM Cloud's {@code X-Bluemix-Region} header, may be null
   * @param transactionId IBM Cloud's {@code Transaction-Id} header, may be null
   */
  public RequestContext {
    Objects.requireNonNull(requestId, "requestId == null");
    Objects.requireNonNull(apiVersion, "apiVersion == null");
  }

  /**
   * The same request context with the {@code context} object of the request body.
   *
   * @param context the platform context of the body, or null for none
   * @return a copy with the platform context set
   */
  public RequestContext withPlatformContext(PlatformContext context) {
    return new RequestContext(requestId, apiVersion, originatingIdentity, context, caller, region,
        transactionId);
  }

  /**
   * A context for tests and direct calls.
   *
   * @param requestId the request id
   * @return a context at the latest API version with nothing else set
   */
  public static RequestContext of(String requestId) {
    return new RequestContext(requestId, ApiVersion.LATEST, null, null, null, null, null);
  }
}
