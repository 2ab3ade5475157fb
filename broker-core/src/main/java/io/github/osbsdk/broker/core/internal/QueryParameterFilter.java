package io.github.osbsdk.broker.core.internal;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses with 400 a request that repeats one of OSB's query parameters ({@code
 * accepts_incomplete}, {@code service_id}, {@code plan_id}, {@code operation}), also with the same
 * value. JAX-RS hands a resource the first value only, so {@code accepts_incomplete=true&
 * accepts_incomplete=false} was read as true and the reverse as false, and a bogus second {@code
 * service_id} went unchecked. The raw query is scanned in place: a request without a repeat
 * allocates nothing.
 *
 * <p>Also refuses with 400 a query whose escapes are not UTF-8 ({@code operation=%FF}): every
 * container decodes them leniently to U+FFFD, so the provider saw a value the platform never
 * sent. Only a query holding a {@code %} is decoded for this check.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 60)
public final class QueryParameterFilter implements ContainerRequestFilter {
  private static final String[] NAMES = {"accepts_incomplete", "service_id", "plan_id",
      "operation"};
  private final ErrorResponses errors;

  /** @param errors error bodies */
  public QueryParameterFilter(ErrorResponses errors) {
    this.errors = errors;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (RequestState.of(request) == null) { // not one of the SDK's paths
      return;
    }
    String rawQuery = request.getUriInfo().getRequestUri().getRawQuery();
    String repeated = repeated(rawQuery);
    if (repeated != null) {
      request.abortWith(errors.of(400, "The query parameter '" + repeated + "' is given more"
          + " than once; send it once."));
    } else if (rawQuery != null && rawQuery.indexOf('%') >= 0 && !escapesAreUtf8(rawQuery)) {
      request.abortWith(errors.of(400, "The query string holds percent-escapes that are not"
          + " UTF-8; encode every parameter as UTF-8."));
    }
  }

  /**
   * @param rawQuery a raw (still encoded) query
   * @return whether the bytes its {@code %XX} escapes stand for, read with the rest of the
   *     query, are valid UTF-8; a {@code %} not followed by two hex digits is left to the
   *     container, as before
   */
  static boolean escapesAreUtf8(String rawQuery) {
    ByteBuffer bytes = ByteBuffer.allocate(rawQuery.length()); // a byte per char at most
    int length = rawQuery.length();
    for (int i = 0; i < length; i++) {
      char c = rawQuery.charAt(i);
      int high = i + 2 < length ? Character.digit(rawQuery.charAt(i + 1), 16) : -1;
      int low = high >= 0 ? Character.digit(rawQuery.charAt(i + 2), 16) : -1;
      if (c == '%' && low >= 0) {
        bytes.put((byte) (high << 4 | low));
        i += 2;
      } else if (c < 0x80) {
        bytes.put((byte) c);
      } else { // a raw non-ASCII character is a character already: keep a stand-in
        bytes.put((byte) '?');
      }
    }
    bytes.flip();
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes);
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /**
   * @param rawQuery a raw (still encoded) query, may be null
   * @return the first OSB parameter the query names twice, or null
   */
  static String repeated(String rawQuery) {
    if (rawQuery == null || rawQuery.indexOf('&') < 0) {
      return null; // one parameter cannot repeat
    }
    int seen = 0;
    int start = 0;
    int length = rawQuery.length();
    while (start <= length) {
      int end = rawQuery.indexOf('&', start);
      if (end < 0) {
        end = length;
      }
      int keyEnd = rawQuery.indexOf('=', start);
      if (keyEnd < 0 || keyEnd > end) {
        keyEnd = end;
      }
      int index = index(rawQuery, start, keyEnd);
      if (index >= 0) {
        if ((seen & (1 << index)) != 0) {
          return NAMES[index];
        }
        seen |= 1 << index;
      }
      start = end + 1;
    }
    return null;
  }

  /** The index in {@link #NAMES} of the key {@code query[start, end)}, or -1. */
  private static int index(String query, int start, int end) {
    for (int i = 0; i < NAMES.length; i++) {
      String name = NAMES[i];
      if (end - start == name.length() && query.regionMatches(start, name, 0, name.length())) {
        return i;
      }
    }
    int percent = query.indexOf('%', start);
    if (percent < 0 || percent >= end) {
      return -1;
    }
    // an encoded name (accepts%5Fincomplete) means the same parameter once decoded
    String decoded;
    try {
      decoded = URLDecoder.decode(query.substring(start, end), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return -1;
    }
    for (int i = 0; i < NAMES.length; i++) {
      if (NAMES[i].equals(decoded)) {
        return i;
      }
    }
    return -1;
  }
}
