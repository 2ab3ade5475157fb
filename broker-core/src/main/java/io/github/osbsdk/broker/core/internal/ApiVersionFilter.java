package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.ApiVersion;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

/**
 * Checks the OSB headers that carry one value, once the request is authenticated. A repeated
 * {@code X-Broker-API-Request-Identity} gets 400 (it names no one request). For
 * {@code X-Broker-API-Version}: missing gets 400 (or the configured 412); repeated (more than one
 * line, or values joined with a comma, as a proxy may join lines) gets 400, a malformed request;
 * a major version other than 2 or a minor below the minimum gets 412 naming the supported range.
 * IBM's
 * {@code /bluemix_v1} calls may omit the header (then the minimum version is assumed) but a sent,
 * unsupported version is refused there too.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 100)
public final class ApiVersionFilter implements ContainerRequestFilter {
  /** The version header. */
  public static final String HEADER = "X-Broker-API-Version";
  private final ApiVersion minimum;
  private final int missingStatus;
  private final ErrorResponses errors;

  /**
   * @param minimum the oldest accepted version
   * @param missingStatus 400 or 412
   * @param errors error bodies
   */
  public ApiVersionFilter(ApiVersion minimum, int missingStatus, ErrorResponses errors) {
    this.minimum = minimum;
    this.missingStatus = missingStatus;
    this.errors = errors;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    RequestState state = RequestState.of(request);
    if (state == null) {
      return;
    }
    if (state.repeatedRequestIdentity) {
      request.abortWith(errors.of(400, "The header " + RequestIdFilter.HEADER
          + " is sent more than once; send one value."));
      return;
    }
    String header = HeaderKeys.value(request, HeaderKeys.API_VERSION);
    if (header != null && header.indexOf(',') >= 0) {
      request.abortWith(errors.of(400, "The header " + HEADER
          + " is sent more than once; send one version."));
      return;
    }
    if (header == null || header.isBlank()) {
      if (BrokerPaths.isInstanceStatePath(request)) {
        state.apiVersion = minimum;
        return;
      }
      request.abortWith(errors.of(missingStatus, "The header " + HEADER
          + " is missing; this broker supports " + supported() + "."));
      return;
    }
    ApiVersion v;
    try {
      v = ApiVersion.parse(header);
    } catch (IllegalArgumentException e) {
      request.abortWith(errors.of(412, unsupported(header)));
      return;
    }
    if (v.major() != minimum.major() || v.minor() < minimum.minor()) {
      request.abortWith(errors.of(412, unsupported(header)));
      return;
    }
    state.apiVersion = v;
  }

  private String unsupported(String header) {
    String shown = header.length() > 20 ? header.substring(0, 20) + "..." : header;
    return "The API version '" + withoutControls(shown) + "' is not supported; this broker"
        + " supports " + supported() + ".";
  }

  /**
   * The value with each character but printable ASCII as {@code ?}: Grizzly and Undertow hand
   * control characters over (C0, DEL and, decoded from bytes 0x80 to 0x9F, C1), and the
   * description ends up in the platform's logs; no version holds any other character either.
   */
  private static String withoutControls(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c > 0x7e ? '?' : c);
    }
    return b.toString();
  }

  private String supported() {
    return "OSB API versions " + minimum + " to " + ApiVersion.LATEST + " (any " + minimum.major()
        + ".x from " + minimum + " is accepted)";
  }
}
