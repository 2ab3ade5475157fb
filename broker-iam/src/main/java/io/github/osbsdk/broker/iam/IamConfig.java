package io.github.osbsdk.broker.iam;

import io.github.osbsdk.broker.iam.internal.WebUrls;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * Where IBM Cloud IAM lives and how to talk to it.
 *
 * <p>Every endpoint is derived from {@link #iamUrl()} (default {@code https://iam.cloud.ibm.com})
 * unless set explicitly, so staging ({@code https://iam.test.cloud.ibm.com}) and in-process
 * simulators work by changing one value:
 * <ul>
 *   <li>keys: {@code {iam}/identity/keys}</li>
 *   <li>token: {@code {iam}/identity/token}</li>
 *   <li>authorization decisions: {@code {iam}/v2/authz}</li>
 *   <li>OpenID discovery: {@code {iam}/identity/.well-known/openid-configuration}</li>
 *   <li>expected token issuer ({@code iss}): {@code {iam}/identity}</li>
 * </ul>
 *
 * <pre>{@code
 * IamConfig cfg = IamConfig.builder().iamUrl(URI.create("https://iam.test.cloud.ibm.com")).build();
 * }</pre>
 */
public final class IamConfig {
  /** The production IAM base URL. */
  public static final URI DEFAULT_IAM_URL = URI.create("https://iam.cloud.ibm.com");

  private final URI iamUrl;
  private final URI keysUrl;
  private final URI tokenUrl;
  private final URI authzUrl;
  private final URI discoveryUrl;
  private final String issuer;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final HttpClient httpClient;

  private IamConfig(Builder b) {
    this.iamUrl = b.iamUrl;
    String base = stripSlash(b.iamUrl.toString());
    this.keysUrl = b.keysUrl != null ? b.keysUrl : URI.create(base + "/identity/keys");
    this.tokenUrl = b.tokenUrl != null ? b.tokenUrl : URI.create(base + "/identity/token");
    this.authzUrl = b.authzUrl != null ? b.authzUrl : URI.create(base + "/v2/authz");
    this.discoveryUrl = b.discoveryUrl != null ? b.discoveryUrl
        : URI.create(base + "/identity/.well-known/openid-configuration");
    this.issuer = b.issuer != null ? b.issuer : base + "/identity";
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.httpClient = b.httpClient != null ? b.httpClient
        : HttpClient.newBuilder()
            .connectTimeout(b.connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * Starts a configuration for IBM Cloud's production IAM.
   *
   * @return a builder with the production defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Where IAM is; the other endpoints default to paths under it.
   *
   * @return the IAM base URL
   */
  public URI iamUrl() {
    return iamUrl;
  }

  /**
   * Where the keys that sign IAM tokens are published.
   *
   * @return the JWK set URL used to verify token signatures
   */
  public URI keysUrl() {
    return keysUrl;
  }

  /**
   * Where API keys are exchanged for tokens.
   *
   * @return the token endpoint used for the API-key grant
   */
  public URI tokenUrl() {
    return tokenUrl;
  }

  /**
   * Where IAM decides whether a subject may do an action.
   *
   * @return the policy decision endpoint
   */
  public URI authzUrl() {
    return authzUrl;
  }

  /**
   * Where IAM publishes its OpenID Connect endpoints, for dashboard sign-in.
   *
   * @return the OpenID Connect discovery document URL
   */
  public URI discoveryUrl() {
    return discoveryUrl;
  }

  /**
   * The issuer a token must name in {@code iss} to be accepted.
   *
   * @return the expected {@code iss} claim of tokens
   */
  public String issuer() {
    return issuer;
  }

  /**
   * How long a connection to IAM may take to open.
   *
   * @return the TCP connect timeout
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * How long one exchange with IAM may take before it counts as failed.
   *
   * @return the timeout of one whole HTTP exchange with IAM
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * The HTTP client every call to IAM goes through.
   *
   * @return the shared HTTP client (never follows redirects)
   */
  public HttpClient httpClient() {
    return httpClient;
  }

  /** Configures an {@link IamConfig}. */
  public static final class Builder {
    private URI iamUrl = DEFAULT_IAM_URL;
    private URI keysUrl;
    private URI tokenUrl;
    private URI authzUrl;
    private URI discoveryUrl;
    private String issuer;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private HttpClient httpClient;

    private Builder() {
    }

    /**
     * Sets where IAM is; the other endpoints default to paths under it.
     *
     * @param iamUrl the IAM base URL, e.g. {@code https://iam.cloud.ibm.com}
     * @return this
     * @throws IllegalArgumentException when it is not https (plain http only on a loopback host:
     *     {@code localhost}, {@code 127.x.x.x}, {@code [::1]}) or carries user info
     */
    public Builder iamUrl(URI iamUrl) {
      this.iamUrl = WebUrls.requireHttpsOrLoopback(
          Objects.requireNonNull(iamUrl, "iamUrl == null"), "iamUrl");
      return this;
    }

    /**
     * Sets where the keys that sign IAM tokens are published.
     *
     * @param keysUrl overrides {@code {iam}/identity/keys}
     * @return this
     * @throws IllegalArgumentException when it is not https (plain http only on a loopback host:
     *     {@code localhost}, {@code 127.x.x.x}, {@code [::1]}) or carries user info
     */
    public Builder keysUrl(URI keysUrl) {
      this.keysUrl = WebUrls.requireHttpsOrLoopback(
          Objects.requireNonNull(keysUrl, "keysUrl == null"), "keysUrl");
      return this;
    }

    /**
     * Sets where API keys are exchanged for tokens.
     *
     * @param tokenUrl overrides {@code {iam}/identity/token}
     * @return this
     * @throws IllegalArgumentException when it is not https (plain http only on a loopback host:
     *     {@code localhost}, {@code 127.x.x.x}, {@code [::1]}) or carries user info
     */
    public Builder tokenUrl(URI tokenUrl) {
      this.tokenUrl = WebUrls.requireHttpsOrLoopback(
          Objects.requireNonNull(tokenUrl, "tokenUrl == null"), "tokenUrl");
      return this;
    }

    /**
     * Sets where IAM decides whether a subject may do an action.
     *
     * @param authzUrl overrides {@code {iam}/v2/authz}
     * @return this
     * @throws IllegalArgumentException when it is not https (plain http only on a loopback host:
     *     {@code localhost}, {@code 127.x.x.x}, {@code [::1]}) or carries user info
     */
    public Builder authzUrl(URI authzUrl) {
      this.authzUrl = WebUrls.requireHttpsOrLoopback(
          Objects.requireNonNull(authzUrl, "authzUrl == null"), "authzUrl");
      return this;
    }

    /**
     * Sets where IAM publishes its OpenID Connect endpoints.
     *
     * @param discoveryUrl overrides {@code {iam}/identity/.well-known/openid-configuration}
     * @return this
     * @throws IllegalArgumentException when it is not https (plain http only on a loopback host:
     *     {@code localhost}, {@code 127.x.x.x}, {@code [::1]}) or carries user info
     */
    public Builder discoveryUrl(URI discoveryUrl) {
      this.discoveryUrl = WebUrls.requireHttpsOrLoopback(
          Objects.requireNonNull(discoveryUrl, "discoveryUrl == null"), "discoveryUrl");
      return this;
    }

    /**
     * Sets the issuer a token must name in {@code iss} to be accepted.
     *
     * @param issuer overrides the expected {@code iss} ({@code {iam}/identity})
     * @return this
     */
    public Builder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer == null");
      return this;
    }

    /**
     * Sets how long a connection to IAM may take to open.
     *
     * @param timeout the TCP connect timeout (default 5 s)
     * @return this
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * Sets how long one exchange with IAM may take before it counts as failed.
     *
     * @param timeout the timeout of one HTTP exchange with IAM (default 10 s)
     * @return this
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * Sets the HTTP client every call to IAM goes through.
     *
     * @param httpClient a client to share instead of the default one; it should not follow
     *     redirects
     * @return this
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient == null");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     */
    public IamConfig build() {
      return new IamConfig(this);
    }

    static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name + " == null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be > 0");
      }
      return d;
    }
  }
}
