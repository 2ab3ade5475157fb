package io.github.osbsdk.samples.hello;

/**
 * The OSB error bodies a container answers with when it refuses a request before the SDK sees
 * it: {@code {"error":"BadRequest","description":"..."}}, never HTML, never empty. A 503 has no
 * {@code error} code and is sent with {@link #retryAfter}, as broker-core answers it.
 */
public final class OsbErrorJson {
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
    String error = error(status);
    return "{" + (error == null ? "" : "\"error\":\"" + error + "\",")
        + "\"description\":\"" + escape(text) + "\"}";
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

  /**
   * The OSB error code of an HTTP status.
   *
   * @param status the HTTP status
   * @return the error code for it, e.g. {@code BadRequest} for 400; null for 503, which OSB
   *     gives no code (as broker-core answers it)
   */
  public static String error(int status) {
    return switch (status) {
      case 401 -> "Unauthorized";
      case 404 -> "NotFound";
      case 405 -> "MethodNotAllowed";
      case 413 -> "PayloadTooLarge";
      case 414 -> "URITooLong";
      case 415 -> "UnsupportedMediaType";
      case 431 -> "RequestHeaderFieldsTooLarge";
      case 501 -> "NotImplemented";
      case 503 -> null;
      default -> status >= 500 ? "InternalError" : "BadRequest";
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
