package io.github.osbsdk.broker.testkit.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A request sent as is, for what the typed methods refuse to produce: malformed bodies, wrong
 * content types, missing or odd headers. The client still adds its default headers
 * ({@code X-Broker-API-Version}, {@code Authorization}) unless {@link Builder#omitHeader omitted}
 * or overridden.
 */
public final class RawRequest {
  private final String method;
  private final String path;
  private final Map<String, String> query;
  private final Map<String, String> headers;
  private final Set<String> omitted;
  private final String body;

  private RawRequest(Builder b) {
    this.method = b.method;
    this.path = b.path;
    this.query = Collections.unmodifiableMap(new LinkedHashMap<>(b.query));
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.omitted = Collections.unmodifiableSet(new LinkedHashSet<>(b.omitted));
    this.body = b.body;
  }

  /**
   * Starts a request the typed calls cannot express, e.g. a malformed one.
   *
   * @param method the HTTP method, e.g. {@code PUT}
   * @param path the path below the broker's base URL, already percent-encoded, e.g.
   *     {@code /v2/service_instances/abc}
   * @return a builder
   */
  public static Builder builder(String method, String path) {
    return new Builder(method, path);
  }

  /**
   * The HTTP method sent.
   *
   * @return the HTTP method
   */
  public String method() {
    return method;
  }

  /**
   * The path sent, as it goes on the wire.
   *
   * @return the encoded path
   */
  public String path() {
    return path;
  }

  /**
   * The query parameters sent, encoded by the client.
   *
   * @return query parameters (not yet encoded)
   */
  public Map<String, String> query() {
    return query;
  }

  /**
   * The headers sent in addition to (or instead of) the client's own.
   *
   * @return headers to add or override
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The client's default headers this request leaves out.
   *
   * @return default headers not to send (lower case)
   */
  public Set<String> omitted() {
    return omitted;
  }

  /**
   * The body sent as it is.
   *
   * @return the body, null for none
   */
  public String body() {
    return body;
  }

  /** Builds a {@link RawRequest}. */
  public static final class Builder {
    private final String method;
    private final String path;
    private final Map<String, String> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Set<String> omitted = new LinkedHashSet<>();
    private String body;

    private Builder(String method, String path) {
      this.method = Objects.requireNonNull(method, "method == null");
      this.path = Objects.requireNonNull(path, "path == null");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path must start with /");
      }
    }

    /**
     * Adds a query parameter, which the client encodes.
     *
     * @param name query parameter
     * @param value its value (encoded by the client)
     * @return this
     */
    public Builder query(String name, String value) {
      query.put(Objects.requireNonNull(name, "name == null"),
          Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /**
     * Adds a header, or replaces one the client sends by default.
     *
     * @param name header name
     * @param value header value
     * @return this
     */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name == null"),
          Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /**
     * Drops a default header, e.g. {@code X-Broker-API-Version} or {@code Authorization}.
     *
     * @param name the header name (case-insensitive)
     * @return this
     */
    public Builder omitHeader(String name) {
      omitted.add(Objects.requireNonNull(name, "name == null").toLowerCase(java.util.Locale.ROOT));
      return this;
    }

    /**
     * Sets the body, sent as it is, and its {@code Content-Type}.
     *
     * @param body the body, sent verbatim
     * @param contentType its {@code Content-Type}, null to send none
     * @return this
     */
    public Builder body(String body, String contentType) {
      this.body = Objects.requireNonNull(body, "body == null");
      if (contentType != null) {
        headers.put("Content-Type", contentType);
      }
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public RawRequest build() {
      return new RawRequest(this);
    }
  }
}
