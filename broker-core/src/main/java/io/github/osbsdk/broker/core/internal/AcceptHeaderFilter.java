package io.github.osbsdk.broker.core.internal;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.List;

/**
 * Refuses with 400 a request to the SDK's endpoints whose {@code Accept} header holds a media
 * range that is not {@code type/subtype} (RFC 9110 12.5.1), e.g. {@code Accept: ;;;}. Jersey and
 * RESTEasy refuse such a header while they match the request, CXF ignores it and answers; the SDK
 * checks it itself so that every container answers alike, with an OSB error body. Parameters are
 * not checked (RFC 9110 allows empty ones), and an empty list element is allowed, as in any list
 * header.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 70)
public final class AcceptHeaderFilter implements ContainerRequestFilter {
  private static final String ACCEPT = "accept";
  private final ErrorResponses errors;

  /** @param errors error bodies */
  public AcceptHeaderFilter(ErrorResponses errors) {
    this.errors = errors;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (RequestState.of(request) == null) { // not one of the SDK's paths
      return;
    }
    List<String> lines = HeaderKeys.values(request.getHeaders(), ACCEPT);
    for (String line : lines) {
      if (!wellFormed(line)) {
        request.abortWith(errors.of(400, "The Accept header cannot be parsed: each media range"
            + " is type/subtype (e.g. application/json or */*)."));
        return;
      }
    }
  }

  /**
   * Whether every element of one {@code Accept} line begins with {@code type/subtype}.
   *
   * @param line one line of the header, may be null
   * @return false when an element's media range is not two tokens around a {@code /}
   */
  static boolean wellFormed(String line) {
    if (line == null) {
      return true;
    }
    int start = 0;
    boolean quoted = false;
    for (int i = 0; i <= line.length(); i++) {
      char c = i < line.length() ? line.charAt(i) : ',';
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        if (!elementWellFormed(line.substring(start, Math.min(i, line.length())))) {
          return false;
        }
        start = i + 1;
      }
    }
    return !quoted;
  }

  private static boolean elementWellFormed(String element) {
    int semicolon = element.indexOf(';');
    String range = (semicolon < 0 ? element : element.substring(0, semicolon)).strip();
    if (range.isEmpty()) {
      return semicolon < 0; // an empty list element is allowed, parameters without a range not
    }
    if (range.equals("*")) {
      return true; // a lone "*" is read as "*/*": Java's HttpURLConnection sends it by default
    }
    int slash = range.indexOf('/');
    return slash > 0 && slash < range.length() - 1 && token(range, 0, slash)
        && token(range, slash + 1, range.length());
  }

  /** Whether the characters from {@code from} to {@code to} are all RFC 9110 tchars. */
  static boolean token(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean alphanumeric = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
      if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }
}
