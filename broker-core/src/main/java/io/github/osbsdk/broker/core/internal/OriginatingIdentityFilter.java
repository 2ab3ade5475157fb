package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.github.osbsdk.broker.api.OriginatingIdentity;
import io.github.osbsdk.broker.api.RequestContext;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/**
 * Last broker filter: parses {@code X-Broker-API-Originating-Identity}
 * ({@code <platform> <base64 JSON object>}, malformed: 400), reads IBM Cloud's
 * {@code X-Bluemix-Region} and {@code Transaction-Id}, and hands the finished request context to
 * the resources (through the request's state, which the resources read without a per-call
 * {@code @Context} injection) and to other components through the security context.
 *
 * <p>A control character (below 0x20, or DEL) inside one of these values is a malformed request
 * (400), whatever the container: Tomcat and Jetty refuse it themselves, Grizzly and Undertow
 * hand it over, and it would reach the provider, and its logs, as sent.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 200)
public final class OriginatingIdentityFilter implements ContainerRequestFilter {
  /** The originating identity header. */
  public static final String HEADER = "X-Broker-API-Originating-Identity";
  /** IBM Cloud's region header. */
  public static final String REGION = "X-Bluemix-Region";
  /** IBM Cloud's transaction id header. */
  public static final String TRANSACTION_ID = "Transaction-Id";
  private static final int MAX_HEADER = 16 * 1024;

  private final ObjectMapper mapper;
  private final ObjectReader finiteReader;
  private final ErrorResponses errors;

  /**
   * @param mapper the shared mapper
   * @param errors error bodies
   */
  public OriginatingIdentityFilter(ObjectMapper mapper, ErrorResponses errors) {
    this.mapper = mapper;
    this.finiteReader = FiniteNumbers.reader(mapper);
    this.errors = errors;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    RequestState state = RequestState.of(request);
    if (state == null) {
      return;
    }
    String header = HeaderKeys.value(request, HeaderKeys.ORIGINATING_IDENTITY);
    if (header != null) {
      OriginatingIdentity identity = hasControl(header.trim()) ? null : parse(header.trim());
      if (identity == null) {
        request.abortWith(errors.of(400, "The header " + HEADER
            + " must be '<platform> <base64-encoded JSON object>'."));
        return;
      }
      state.originatingIdentity = identity;
    }
    String region = trimmed(HeaderKeys.value(request, HeaderKeys.REGION));
    String transactionId = trimmed(HeaderKeys.value(request, HeaderKeys.TRANSACTION_ID));
    String withControl = hasControl(region) ? REGION
        : hasControl(transactionId) ? TRANSACTION_ID : null;
    if (withControl != null) {
      request.abortWith(errors.of(400, "The header " + withControl
          + " must not contain control characters."));
      return;
    }
    RequestContext context = state.toContext(region, transactionId);
    state.context = context;
    request.setSecurityContext(
        new BrokerSecurityContext(request.getSecurityContext(), new RequestPrincipal(context)));
  }

  private OriginatingIdentity parse(String header) {
    int space = header.indexOf(' ');
    if (space <= 0 || header.length() > MAX_HEADER) {
      return null;
    }
    String platform = header.substring(0, space);
    String encoded = header.substring(space + 1).trim();
    try {
      byte[] json = Base64.getDecoder().decode(encoded);
      JsonNode node = finiteReader.readTree(json);
      if (node == null || !node.isObject()) {
        return null;
      }
      Map<String, Object> properties = mapper.convertValue(node, JacksonConfiguration.MAP);
      return new OriginatingIdentity(platform, properties);
    } catch (IllegalArgumentException | IOException | FiniteNumbers.NotFinite e) {
      return null; // (a number beyond a double's range would be read as Infinity)
    }
  }

  /** Whether a value holds a control character, a tab inside it included. */
  private static boolean hasControl(String s) {
    if (s == null) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  private static String trimmed(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    return t.isEmpty() ? null : t;
  }
}
