package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.RequestContext;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;

/**
 * First filter of every broker request: takes {@code X-Broker-API-Request-Identity} (or generates
 * an id), puts it in the SLF4J MDC under {@code requestId}, echoes it on the response and clears
 * the MDC afterwards.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 200)
public final class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {
  /** The request identity header. */
  public static final String HEADER = "X-Broker-API-Request-Identity";
  /** The MDC key. */
  public static final String MDC_KEY = "requestId";
  private static final int MAX_LENGTH = 256;
  /**
   * The broker request this thread serves. Reset by this filter (the first) on every request, so
   * nothing leaks from one request to the next; JAX-RS runs the filters and the synchronous
   * resource method of a request on one thread.
   */
  private static final ThreadLocal<RequestState> CURRENT = new ThreadLocal<>();

  /** @return the id of the broker request this thread serves, or null */
  static String current() {
    RequestState state = CURRENT.get();
    return state == null ? null : state.requestId;
  }

  /**
   * @return the finished request context of the broker request this thread serves (set by the
   *     last broker filter), or null when the broker's filters did not all run
   */
  static RequestContext currentContext() {
    RequestState state = CURRENT.get();
    return state == null ? null : state.context;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (!BrokerPaths.isBrokerPath(request)) {
      MDC.remove(MDC_KEY);
      CURRENT.remove();
      return;
    }
    String id = request.getHeaderString(HEADER);
    if (id == null || id.isBlank() || id.length() > MAX_LENGTH || !printable(id)) {
      // not a secret: ThreadLocalRandom avoids UUID.randomUUID's shared SecureRandom lock
      ThreadLocalRandom r = ThreadLocalRandom.current();
      id = new UUID(r.nextLong(), r.nextLong()).toString();
    }
    RequestState state = new RequestState(id);
    request.setProperty(RequestState.PROPERTY, state);
    MDC.put(MDC_KEY, id);
    CURRENT.set(state);
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    RequestState state = RequestState.of(request);
    if (state != null) {
      response.getHeaders().putSingle(HEADER, state.requestId);
      MDC.remove(MDC_KEY);
      CURRENT.remove();
    }
  }

  private static boolean printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
