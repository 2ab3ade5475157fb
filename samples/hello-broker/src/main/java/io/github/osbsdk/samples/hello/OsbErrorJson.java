package io.github.osbsdk.samples.hello;

/**
 * The OSB error bodies a container answers with when it refuses a request before the SDK sees
 * it: {@code {"error":"BadRequest","description":"..."}}, never HTML, never empty.
 */
public final class OsbErrorJson {
  private OsbErrorJson() {}

  /**
   * Builds the body of a container-produced error.
   *
   * @param status the HTTP status
   * @param description what was wrong, or null for the status's standard text
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
      default -> "The request is malformed.";
    };
    return "{\"error\":\"" + error(status) + "\",\"description\":\"" + escape(text) + "\"}";
  }

  /**
    * The OSB error code of an HTTP status.
    *
   * @param status the HTTP status
   * @return the error code for it, e.g. {@code BadRequest} for 400
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
