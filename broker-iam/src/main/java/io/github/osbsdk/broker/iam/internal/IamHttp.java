package io.github.osbsdk.broker.iam.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.core.internal.http.BoundedHttp;
import io.github.osbsdk.broker.iam.IamConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Small, bounded HTTP helper over the JDK client for IAM's JSON and form endpoints. The
 * configured request timeout bounds the whole exchange, reading the body included (the JDK
 * client's own timeout ends when the headers arrive, so an IAM that stalls mid-body would
 * otherwise hold the caller forever).
 */
public final class IamHttp {
  /** The largest IAM reply body read, in bytes. */
  public static final int MAX_BODY_BYTES = 256 * 1024;
  /**
   * The longest {@code Retry-After} read, in seconds (nine digits, over 31 years): callers cap
   * it further, and it stays far from overflowing when turned into milliseconds.
   */
  public static final long MAX_RETRY_AFTER_SECONDS = 999_999_999L;
  /** The most characters of IAM's {@code errorMessage} kept by {@link Reply#iamError()}. */
  public static final int MAX_ERROR_MESSAGE_CHARS = 200;
  private static final Pattern ERROR_CODE =
      Pattern.compile("[A-Za-z0-9_.-]{1,40}");
  /** One shared mapper. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  /** IMF-fixdate, RFC 850 (two-digit year, read as 1970-2069) and asctime, all GMT. */
  private static final List<DateTimeFormatter> HTTP_DATES = List.of(
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC),
      new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
          .appendValueReduced(ChronoField.YEAR, 2, 2, 1970).appendPattern(" HH:mm:ss 'GMT'")
          .toFormatter(Locale.US).withZone(ZoneOffset.UTC),
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
          .withZone(ZoneOffset.UTC));

  private final IamConfig config;

  /** @param config the IAM configuration */
  public IamHttp(IamConfig config) {
    this.config = Objects.requireNonNull(config, "config == null");
  }

  /**
   * A reply: status, (bounded) body text and IAM's {@code Retry-After} in seconds.
   *
   * @param status the HTTP status
   * @param body the body text
   * @param retryAfterSeconds the {@code Retry-After} header as seconds from now (delay-seconds
   *     or HTTP-date, at most {@link #MAX_RETRY_AFTER_SECONDS}), -1 when absent or unreadable
   */
  public record Reply(int status, String body, long retryAfterSeconds) {
    /**
     * @return the body parsed as JSON
     * @throws IOException when it is not JSON
     */
    public JsonNode json() throws IOException {
      return MAPPER.readTree(body);
    }

    /**
     * IAM's error code and message, read from an error reply's JSON ({@code errorCode} such as
     * {@code BXNIM0415E}, {@code errorMessage}), for log lines and exception messages. The code
     * is kept only when it looks like one; the message loses control characters and is cut
     * after {@value #MAX_ERROR_MESSAGE_CHARS} characters. Nothing else of the body is read.
     *
     * @return e.g. {@code " (BXNIM0415E: Provided API key could not be found.)"}, or empty when
     *     the body is not JSON or names neither
     */
    public String iamError() {
      JsonNode json;
      try {
        json = json();
      } catch (IOException | RuntimeException e) {
        return "";
      }
      String code = json.path("errorCode").asText("");
      String message = json.path("errorMessage").asText("");
      code = ERROR_CODE.matcher(code).matches() ? code : "";
      message = message.codePoints().filter(c -> !Character.isISOControl(c)
          && Character.getType(c) != Character.FORMAT).limit(MAX_ERROR_MESSAGE_CHARS)
          .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
          .toString().strip();
      if (code.isEmpty() && message.isEmpty()) {
        return "";
      }
      return " (" + code + (code.isEmpty() || message.isEmpty() ? "" : ": ") + message + ")";
    }

    /** @return status and body size only: a token reply's body holds tokens */
    @Override
    public String toString() {
      return "Reply[status=" + status + ", bodyChars=" + body.length() + "]";
    }
  }

  /**
   * @param url the URL
   * @return the reply
   * @throws IOException on transport failure or timeout
   */
  public Reply get(URI url) throws IOException {
    return send(base(url).GET().build());
  }

  /**
   * Posts a form.
   *
   * @param url the URL
   * @param form the fields
   * @param headers extra headers (name, value pairs)
   * @return the reply
   * @throws IOException on transport failure or timeout
   */
  public Reply postForm(URI url, Map<String, String> form, String... headers) throws IOException {
    StringJoiner body = new StringJoiner("&");
    form.forEach((k, v) -> body.add(enc(k) + "=" + enc(v)));
    HttpRequest.Builder b = base(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    return send(withHeaders(b, headers).build());
  }

  /**
   * Posts JSON.
   *
   * @param url the URL
   * @param json the body
   * @param headers extra headers (name, value pairs)
   * @return the reply
   * @throws IOException on transport failure or timeout
   */
  public Reply postJson(URI url, Object json, String... headers) throws IOException {
    HttpRequest.Builder b = base(url)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(json)));
    return send(withHeaders(b, headers).build());
  }

  private HttpRequest.Builder base(URI url) {
    return HttpRequest.newBuilder(url).timeout(config.requestTimeout())
        .header("Accept", "application/json");
  }

  private static HttpRequest.Builder withHeaders(HttpRequest.Builder b, String... headers) {
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b;
  }

  private Reply send(HttpRequest request) throws IOException {
    try {
      HttpResponse<String> r = BoundedHttp.send(config.httpClient(), request,
          config.requestTimeout(), BoundedHttp.utf8(MAX_BODY_BYTES));
      return new Reply(r.statusCode(), r.body(), retryAfter(r));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted calling IAM");
    } catch (RuntimeException e) {
      throw new IOException("calling IAM failed: " + e.getClass().getSimpleName(), e);
    }
  }

  private static long retryAfter(HttpResponse<?> r) {
    return retryAfterSeconds(r.headers().firstValue("Retry-After").orElse(""),
        System.currentTimeMillis());
  }

  /**
   * Reads a {@code Retry-After} value (RFC 9110 10.2.3): delay-seconds, or an HTTP-date in any
   * of its three forms (IMF-fixdate, obsolete RFC 850, asctime), as seconds from now.
   *
   * @param value the header value
   * @param nowMillis now, for an HTTP-date
   * @return the seconds to wait (0 for a date in the past, at most
   *     {@link #MAX_RETRY_AFTER_SECONDS}: a longer delay, however many digits it has, is read as
   *     that), -1 when empty or unreadable
   */
  static long retryAfterSeconds(String value, long nowMillis) {
    String v = value.strip();
    if (v.isEmpty()) {
      return -1;
    }
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      String digits = v.replaceFirst("^0+(?=.)", "");
      // more than 9 digits: longer than any pause honoured, not a reason to ask again at once
      return digits.length() > 9 ? MAX_RETRY_AFTER_SECONDS : Long.parseLong(digits);
    }
    if (v.length() > 64) {
      return -1;
    }
    for (DateTimeFormatter f : HTTP_DATES) {
      try {
        long at = ZonedDateTime.parse(v, f).toInstant().toEpochMilli();
        return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(0, (at - nowMillis + 999) / 1000));
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    return -1;
  }

  /**
   * @param s a value
   * @return it form/URL-encoded
   */
  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
