package io.github.osbsdk.samples.hello;

/**
 * The OSB error bodies a container answers with when it refuses a request before the SDK sees
 * it: {@code {"description":"..."}}, never HTML, never empty. No {@code error} code: OSB 2.17
 * defines only {@code AsyncRequired}, {@code ConcurrencyError}, {@code RequiresApp} and
 * {@code MaintenanceInfoConflict}, none of which a container's refusal is, and broker-core's own
 * 400, 404 and 500 (and its rewrite of a container's error on a broker path) carry a
 * description only. A 503 is sent with {@link #retryAfter}, as broker-core answers it.
 */
public final class OsbErrorJson {
  /**
   * The description of a request no container can parse: each of the samples' containers
   * answers it for a request line whose version is neither HTTP/1.0 nor HTTP/1.1, which
   * Grizzly, Jetty and Undertow cannot tell from a raw space in the request target (the rest of
   * the line is taken for the version), and Undertow for a malformed header field too.
   */
  public static final String UNPARSABLE_REQUEST = "The request could not be parsed: a raw space"
      + " in the request target must be percent-encoded (%20), the version must be HTTP/1.0 or"
      + " HTTP/1.1, and the request line and header fields must be well-formed.";

  private OsbErrorJson() {}

  /**
   * Builds the body of a container-produced error.
   *
   * @param status the HTTP status
   * @param description what was wrong, or null for the status's standard text (a 5xx is
   *     described by its status)
   * @return the JSON body
   */
  public static String body(int status, String description) {
    String text = description != null ? description : switch (status) {
      case 401 -> "Authentication is required.";
      case 404 -> "There is nothing at this path.";
      case 405 -> "The method is not allowed at this path.";
      case 413 -> "The request body is too large.";
      case 414 -> "The request target is too long.";
      case 415 -> "The request body's encoding is not supported.";
      case 431 -> "The request header section is too large.";
      case 501 -> "The server does not implement what the request asks for.";
      default -> status >= 500 ? describeServerError(status) : "The request is malformed.";
    };
    return "{\"description\":\"" + escape(text) + "\"}";
  }

  /**
   * The {@code Retry-After} header value (seconds) of a container-produced error, as broker-core
   * sends with a 503 it rewrites: a platform polls again after it.
   *
   * @param status the HTTP status
   * @return {@code "5"} for 503, null for any other status (no header)
   */
  public static String retryAfter(int status) {
    return status == 503 ? "5" : null;
  }

  /**
   * Describes a 5xx the container answered itself by its status, in the words broker-core uses
   * for a container's 5xx on a broker path: a 503 says to try again, not that the request was
   * malformed or that the server failed. No request id: the container answered before the SDK
   * gave the request one.
   *
   * @param status the status, 500-599
   * @return the description
   */
  static String describeServerError(int status) {
    return switch (status) {
      case 500 -> "An internal error occurred in the service broker.";
      case 502 -> "The service broker received an invalid answer from a service it depends on.";
      case 503 -> "The service broker is unavailable at the moment; try again later.";
      case 504 -> "The service broker timed out waiting for a service it depends on (gateway"
          + " timeout).";
      default -> "The request failed (HTTP " + status + ").";
    };
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
