package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.RequestContext;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;

/**
 * First filter of every broker request: takes {@code X-Broker-API-Request-Identity} (or generates
 * an id, also when the header comes more than once: {@link ApiVersionFilter} refuses such a
 * request once it is authenticated), puts it in the SLF4J MDC under {@code requestId}, echoes it
 * on the response and clears the MDC afterwards. A printable id longer than 256 characters is
 * echoed whole, as the platform sent it (OSB: the broker "SHOULD include this header in the
 * response"), while the logs and the provider's request context get its first 256 characters.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 200)
public final class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {
  /** The request identity header. */
  public static final String HEADER = "X-Broker-API-Request-Identity";
  /** The MDC key. */
  public static final String MDC_KEY = "requestId";
  private static final int MAX_LENGTH = 256;
  private final ErrorResponses errors;

  /**
   * Creates the filter.
   *
   * @param errors error bodies, for errors the container produced on broker paths
   */
  public RequestIdFilter(ErrorResponses errors) {
    this.errors = errors;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = BrokerPaths.path(request);
    if (!BrokerPaths.isBrokerPath(path)) {
      MDC.remove(MDC_KEY);
      return;
    }
    List<String> lines = HeaderKeys.values(request.getHeaders(), HeaderKeys.REQUEST_IDENTITY);
    // sent twice, it names no one request: not echoed joined ("a,b"), refused after
    // authentication (ApiVersionFilter)
    boolean repeated = lines.size() > 1;
    String sent = lines.size() == 1 ? lines.get(0) : null;
    String id;
    String echoed;
    if (sent == null || sent.isBlank() || !printableAscii(sent)) {
      // not a secret: ThreadLocalRandom avoids UUID.randomUUID's shared SecureRandom lock
      ThreadLocalRandom r = ThreadLocalRandom.current();
      id = new UUID(r.nextLong(), r.nextLong()).toString();
      echoed = id;
    } else {
      // the answer carries the id as sent, so the platform can match it; logs stay bounded
      id = sent.length() > MAX_LENGTH ? sent.substring(0, MAX_LENGTH) : sent;
      echoed = sent;
    }
    RequestState state = new RequestState(id, echoed);
    state.matrixParameters = path.indexOf(';') >= 0; // refused after authentication
    state.repeatedRequestIdentity = repeated;
    request.setProperty(RequestState.PROPERTY, state);
    MDC.put(MDC_KEY, id);
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    RequestState state = RequestState.of(request);
    if (state != null) {
      response.getHeaders().putSingle(HEADER, state.echoedRequestIdentity);
      if (response.getStatus() >= 400 && !(response.getEntity() instanceof byte[]
          && JsonProvider.isJson(response.getMediaType()))) {
        // an error the container produced (no matching resource, method not allowed, ...):
        // give it an OSB error answer too
        errors.rewrite(response, state.requestId);
      }
      MDC.remove(MDC_KEY);
    }
  }

  /** Whether a value holds only printable ASCII (U+0020 to U+007E): no tab, no control. */
  static boolean printableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
