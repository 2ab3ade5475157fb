package io.github.osbsdk.broker.core.internal;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request headers the SDK reads, as look-up keys in lower case. JAX-RS header maps ignore
 * case, and Jersey hashes the lower-cased name on every look-up: a name that is already lower
 * case spares it a copy per look-up. The public constants keep their usual spelling for
 * documentation and for the headers the SDK writes.
 *
 * <p>Read headers through {@link #value} and {@link #values}, not the map alone: Jersey lower-cases
 * a name in the JVM's default locale to hash it, and in a Turkish or Azeri one the "I" of
 * {@code X-Broker-API-Version} or {@code If-None-Match} becomes a dotless "ı", so a name received
 * in another spelling than the key's is not found by a look-up. Those two compare the names one
 * by one, ignoring case, in such a locale, and join the lines of every spelling: a header sent
 * on two lines spelled differently is one header, read whole, in every locale. In any other
 * locale the map's own look-up already finds every spelling.
 */
final class HeaderKeys {
  static final String REQUEST_IDENTITY = key(RequestIdFilter.HEADER);
  static final String API_VERSION = key(ApiVersionFilter.HEADER);
  static final String ORIGINATING_IDENTITY = key(OriginatingIdentityFilter.HEADER);
  static final String REGION = key(OriginatingIdentityFilter.REGION);
  static final String TRANSACTION_ID = key(OriginatingIdentityFilter.TRANSACTION_ID);
  static final String AUTHORIZATION = "authorization";
  static final String CONTENT_TYPE = "content-type";
  static final String CONTENT_LENGTH = "content-length";
  static final String TRANSFER_ENCODING = "transfer-encoding";
  static final String IF_NONE_MATCH = "if-none-match";

  private HeaderKeys() {}

  /**
   * Returns a request header's lines joined with commas, as {@code getHeaderString} does.
   *
   * @param request the request
   * @param key the header's name in lower case
   * @return the value, or null when the request has no such header
   */
  static String value(ContainerRequestContext request, String key) {
    if (!dotlessLocale()) {
      return request.getHeaderString(key);
    }
    List<String> lines = scan(request.getHeaders(), key);
    return lines.isEmpty() ? null : String.join(",", lines);
  }

  /**
   * Returns a request header's lines.
   *
   * @param headers the request's headers
   * @param key the header's name in lower case
   * @return the lines, empty when the request has no such header
   */
  static List<String> values(MultivaluedMap<String, String> headers, String key) {
    if (!dotlessLocale()) {
      List<String> lines = headers.get(key);
      return lines != null ? lines : List.of();
    }
    return scan(headers, key);
  }

  /**
   * Whether the JVM's default locale lower-cases "I" to a dotless "ı" (Turkish, Azeri), so that
   * the header map files a name holding an "I" under another key than its lower-case spelling.
   * Read on every call: a host may change the default locale at run time.
   */
  private static boolean dotlessLocale() {
    String language = Locale.getDefault().getLanguage();
    return language.equals("tr") || language.equals("az");
  }

  private static List<String> scan(MultivaluedMap<String, String> headers, String key) {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(key) && e.getValue() != null) {
        lines.addAll(e.getValue());
      }
    }
    return lines;
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
