package io.github.osbsdk.broker.iam.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.iam.IamConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/** Small, bounded HTTP helper over the JDK client for IAM's JSON and form endpoints. */
public final class IamHttp {
  /** The largest IAM reply body read, in bytes. */
  public static final int MAX_BODY_BYTES = 256 * 1024;
  /** One shared mapper. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private final IamConfig config;

  /** @param config the IAM configuration */
  public IamHttp(IamConfig config) {
    this.config = Objects.requireNonNull(config, "config == null");
  }

  /** A reply: status and (bounded) body text. */
  public record Reply(int status, String body) {
    /**
     * @return the body parsed as JSON
     * @throws IOException when it is not JSON
     */
    public JsonNode json() throws IOException {
      return MAPPER.readTree(body);
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
      HttpResponse<InputStream> r = config.httpClient().send(request,
          HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        return new Reply(r.statusCode(), new String(readBounded(in), StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted calling IAM");
    }
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      if (out.size() + n > MAX_BODY_BYTES) {
        throw new IOException("IAM reply larger than " + MAX_BODY_BYTES + " bytes");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * @param s a value
   * @return it form/URL-encoded
   */
  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
