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

/**
 * Last broker filter: parses {@code X-Broker-API-Originating-Identity}
 * ({@code <platform> <base64 JSON object>}, malformed: 400), reads IBM Cloud's
 * {@code X-Bluemix-Region} and {@code Transaction-Id}, and hands the finished request context to
 * the resources (through the request's state, which the resources read without a per-call
 * {@code @Context} injection) and to other components through the security context.
 *
 * <p>A control character (C0, DEL, or C1: 0x80 to 0x9F, as a container decodes those bytes)
 * inside one of these values is a malformed request (400), whatever the container: Tomcat and
 * Jetty refuse some themselves, Grizzly and Undertow hand them over, and they would reach the
 * provider, and its logs, as sent. RFC 9110 allows other bytes from 0x80 (obs-text) in a field
 * value, but none of these headers has a use for them: the identity's platform is a name like
 * {@code ibmcloud} and its base64 is ASCII, and IBM Cloud's region and transaction id are tokens,
 * so any character beyond printable ASCII gets 400 too. Inside the identity's JSON, where the
 * values are the platform's user's (a name may hold any letter), a control character or a Unicode
 * line or paragraph separator gets 400 naming the property ({@link IdentityProperties}).
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
      String trimmed = header.trim();
      JsonNode json = RequestIdFilter.printableAscii(trimmed) ? parse(trimmed) : null;
      if (json == null) {
        request.abortWith(errors.of(400, "The header " + HEADER
            + " must be '<platform> <base64-encoded JSON object>'."));
        return;
      }
      String withControl = IdentityProperties.withControl(json);
      if (withControl != null) {
        request.abortWith(errors.of(400, "The header " + HEADER
            + " holds a control character in " + withControl
            + "; an identity's values may hold none."));
        return;
      }
      state.originatingIdentity = new OriginatingIdentity(
          trimmed.substring(0, trimmed.indexOf(' ')),
          mapper.convertValue(json, JacksonConfiguration.MAP));
    }
    String region = trimmed(HeaderKeys.value(request, HeaderKeys.REGION));
    String transactionId = trimmed(HeaderKeys.value(request, HeaderKeys.TRANSACTION_ID));
    String refusal = token(REGION, region);
    if (refusal == null) {
      refusal = token(TRANSACTION_ID, transactionId);
    }
    if (refusal != null) {
      request.abortWith(errors.of(400, refusal));
      return;
    }
    RequestContext context = state.toContext(region, transactionId);
    state.context = context;
    request.setSecurityContext(
        new BrokerSecurityContext(request.getSecurityContext(), new RequestPrincipal(context)));
  }

  /**
   * @return the identity's JSON object, or null when the header is not
   *     {@code <platform> <base64 JSON object>}
   */
  private JsonNode parse(String header) {
    int space = header.indexOf(' ');
    if (space <= 0 || header.length() > MAX_HEADER) {
      return null;
    }
    String encoded = header.substring(space + 1).trim();
    try {
      byte[] json = Base64.getDecoder().decode(encoded);
      JsonNode node = finiteReader.readTree(json);
      return node != null && node.isObject() ? node : null;
    } catch (IllegalArgumentException | IOException | FiniteNumbers.NotFinite e) {
      return null; // (a number beyond a double's range would be read as Infinity)
    }
  }

  /**
   * Checks an IBM Cloud token header's value.
   *
   * @param name the header's name
   * @param value its value, trimmed, or null
   * @return the description of a 400, or null when the value is fine (or absent)
   */
  private static String token(String name, String value) {
    if (value == null || RequestIdFilter.printableAscii(value)) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) { // C0, DEL, C1
        return "The header " + name + " must not contain control characters.";
      }
    }
    return "The header " + name + " must hold printable ASCII characters only.";
  }

  private static String trimmed(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    return t.isEmpty() ? null : t;
  }
}
