package io.github.osbsdk.broker.testkit.client;

import io.github.osbsdk.broker.testkit.internal.client.Credentials;
import io.github.osbsdk.broker.testkit.internal.client.Replicas;
import io.github.osbsdk.broker.testkit.internal.client.SettingChecks;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Builds an {@link OsbClient}: {@link OsbClient#builder(URI)}. */
public final class OsbClientBuilder {
  /**
   * The longest request timeout, 24 hours: no request sensibly takes longer than the longest
   * wait for an asynchronous operation ({@code ConformanceSuite.Builder.MAX_ASYNC_TIMEOUT}). The
   * conformance suite's request timeout and the CLI's {@code --request-timeout} share it.
   */
  public static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  private final List<URI> baseUrls = new ArrayList<>();
  private Credentials credentials = Credentials.none();
  private String apiVersion = OsbClient.DEFAULT_API_VERSION;
  private Duration timeout = Duration.ofSeconds(10);
  private HttpClient http;
  private URI iamUrl;
  private String apiKey;
  private final Map<String, String> headers = new LinkedHashMap<>();

  OsbClientBuilder(URI baseUrl) {
    baseUrls.add(Replicas.checkUrl("baseUrl", baseUrl));
  }

  /**
   * Adds the base URL of another replica of the same broker: requests then go to each replica in
   * turn (round robin), so state that one replica keeps to itself shows up.
   *
   * @param baseUrl the replica's base URL (without {@code /v2})
   * @return this
   * @throws IllegalArgumentException unless an absolute http(s) URL without
   *     {@code user:password@}
   */
  public OsbClientBuilder replica(URI baseUrl) {
    baseUrls.add(Replicas.checkUrl("baseUrl", baseUrl));
    return this;
  }

  /**
   * Calls the broker with basic auth.
   *
   * @param username user
   * @param password password
   * @return this
   */
  public OsbClientBuilder basicAuth(String username, String password) {
    this.credentials = Credentials.basic(username, password);
    this.apiKey = null;
    return this;
  }

  /**
   * Calls the broker with a bearer token, e.g. an IAM access token.
   *
   * @param token a bearer token (e.g. an IAM access token)
   * @return this
   */
  public OsbClientBuilder bearer(String token) {
    this.credentials = Credentials.bearer(token);
    this.apiKey = null;
    return this;
  }

  /**
   * Exchanges an IBM Cloud API key for an IAM token ({@code POST {iamUrl}/identity/token}),
   * cached and renewed before it expires, and sends it as a bearer token.
   *
   * @param iamUrl the IAM base URL, e.g. {@code https://iam.cloud.ibm.com}
   * @param apiKey the service ID API key
   * @return this
   */
  public OsbClientBuilder iamApiKey(URI iamUrl, String apiKey) {
    this.iamUrl = Replicas.checkUrl("iamUrl", iamUrl);
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey == null");
    return this;
  }

  /**
   * Sets the {@code X-Broker-API-Version} every request carries.
   *
   * @param version the {@code X-Broker-API-Version} to send (default 2.17)
   * @return this
   */
  public OsbClientBuilder apiVersion(String version) {
    this.apiVersion = Objects.requireNonNull(version, "version == null");
    return this;
  }

  /**
   * Sets how long the client waits for one answer of the broker.
   *
   * @param timeout per-request timeout, the whole answer included (default 10 s), positive and
   *     at most {@link #MAX_TIMEOUT} (24 hours)
   * @return this
   * @throws IllegalArgumentException unless positive and at most {@link #MAX_TIMEOUT}
   */
  public OsbClientBuilder timeout(Duration timeout) {
    this.timeout = SettingChecks.positiveAtMost("timeout", "the request timeout",
        Objects.requireNonNull(timeout, "timeout == null"), MAX_TIMEOUT);
    return this;
  }

  /**
   * Sends one more header on every request.
   *
   * @param name header
   * @param value value sent on every request
   * @return this
   */
  public OsbClientBuilder header(String name, String value) {
    headers.put(Objects.requireNonNull(name, "name == null"),
        Objects.requireNonNull(value, "value == null"));
    return this;
  }

  /**
   * Sets the JDK HTTP client the requests go through.
   *
   * @param client the JDK HTTP client to use (default: HTTP/1.1, 5 s connect timeout)
   * @return this
   */
  public OsbClientBuilder httpClient(HttpClient client) {
    this.http = Objects.requireNonNull(client, "client == null");
    return this;
  }

  /**
   * Builds the client.
   *
   * @return the client
   */
  public OsbClient build() {
    HttpClient h = http != null ? http : HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    Credentials c = apiKey != null ? Credentials.iamApiKey(h, iamUrl, apiKey, timeout)
        : credentials;
    return new OsbClient(h, Replicas.of(baseUrls), c, apiVersion, timeout, headers);
  }
}
