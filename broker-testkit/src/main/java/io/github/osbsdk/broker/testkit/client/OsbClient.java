package io.github.osbsdk.broker.testkit.client;

import static io.github.osbsdk.broker.testkit.client.Requests.bindingPath;
import static io.github.osbsdk.broker.testkit.client.Requests.ids;
import static io.github.osbsdk.broker.testkit.client.Requests.incomplete;
import static io.github.osbsdk.broker.testkit.client.Requests.instancePath;
import static io.github.osbsdk.broker.testkit.client.Requests.json;
import static io.github.osbsdk.broker.testkit.client.Requests.operationQuery;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.testkit.client.BindResponse;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.testkit.client.UnbindResponse;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.testkit.client.DeprovisionResponse;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.testkit.client.ProvisionResponse;
import io.github.osbsdk.broker.testkit.client.UpdateResponse;
import io.github.osbsdk.broker.api.state.InstanceState;
import io.github.osbsdk.broker.api.internal.BoundedHttp;
import io.github.osbsdk.broker.testkit.internal.client.BoundedExchange;
import io.github.osbsdk.broker.testkit.internal.client.Credentials;
import io.github.osbsdk.broker.testkit.internal.client.Replicas;
import io.github.osbsdk.broker.testkit.internal.client.LenientMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A typed client for every endpoint of an Open Service Broker (OSB API 2.17) and IBM Cloud's
 * {@code bluemix_v1} instance-state extension, built on {@code java.net.http.HttpClient}.
 *
 * <p>Every method returns an {@link OsbResponse}: status, headers, the body parsed into the
 * broker-api record where it fits, the JSON tree and the raw body. Ids are percent-encoded exactly
 * once, so IBM Cloud CRNs (with {@code :} and {@code /}) work as instance and binding ids. Request
 * bodies are any Jackson-serializable object (a {@code Map} is simplest); {@code null} service or
 * plan ids leave the query parameter out. {@link #send(RawRequest)} sends anything else.
 *
 * <pre>{@code
 * OsbClient osb = OsbClient.builder(URI.create("http://localhost:8080"))
 *     .basicAuth("user", "secret").build();
 * OsbResponse<Catalog> catalog = osb.catalog();
 * OsbResponse<ProvisionResponse> created = osb.provision("id-1",
 *     Map.of("service_id", "svc", "plan_id", "plan"), true);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; {@code with...} methods return changed copies that
 * share the HTTP connection pool.
 */
public final class OsbClient {
  /** The API version sent unless configured otherwise. */
  public static final String DEFAULT_API_VERSION = "2.17";

  private final HttpClient http;
  private final Replicas replicas;
  private final Credentials credentials;
  private final String apiVersion;
  private final Duration timeout;
  private final Map<String, String> defaultHeaders;
  private final String description;

  OsbClient(HttpClient http, Replicas replicas, Credentials credentials, String apiVersion,
      Duration timeout, Map<String, String> defaultHeaders) {
    this(http, replicas, credentials, apiVersion, timeout, defaultHeaders, "");
  }

  private OsbClient(HttpClient http, Replicas replicas, Credentials credentials,
      String apiVersion, Duration timeout, Map<String, String> defaultHeaders,
      String description) {
    this.description = description;
    this.http = http;
    this.replicas = replicas;
    this.credentials = credentials;
    this.apiVersion = apiVersion;
    this.timeout = timeout;
    this.defaultHeaders = Map.copyOf(defaultHeaders);
  }

  /**
   * @param baseUrl the broker's base URL (without {@code /v2})
   * @return a builder
   * @throws IllegalArgumentException unless an absolute http(s) URL without
   *     {@code user:password@} (the client never sends it; use
   *     {@link OsbClientBuilder#basicAuth})
   */
  public static OsbClientBuilder builder(URI baseUrl) {
    return new OsbClientBuilder(baseUrl);
  }

  /**
   * The broker's base URL (the first replica's, when there are several).
   *
   * @return the broker's base URL (the first replica's, when there are several)
   */
  public URI baseUrl() {
    return URI.create(replicas.first());
  }

  /**
   * How many replicas this client sends to; with more than one, each request goes to the next
   * replica (round robin).
   *
   * @return the number of base URLs
   */
  public int replicaCount() {
    return replicas.size();
  }

  /**
   * A copy that sends every request to one replica only.
   *
   * @param index the replica, 0-based, in the order the base URLs were given (modulo the count)
   * @return the pinned copy, sharing the connection pool and credentials
   */
  public OsbClient onReplica(int index) {
    return new OsbClient(http, replicas.pinned(index), credentials, apiVersion, timeout,
        defaultHeaders, description);
  }

  /** @return the {@code X-Broker-API-Version} sent */
  public String apiVersion() {
    return apiVersion;
  }

  /**
   * @param text what the credentials are, for reports (never the secret itself)
   * @return a copy carrying that description
   */
  public OsbClient described(String text) {
    return new OsbClient(http, replicas, credentials, apiVersion, timeout, defaultHeaders,
        Objects.requireNonNull(text, "text == null"));
  }

  /** @return the description given with {@link #described(String)}, empty by default */
  public String credentialsDescription() {
    return description;
  }

  /** @return a copy sending no {@code Authorization} header */
  public OsbClient withoutCredentials() {
    return new OsbClient(http, replicas, Credentials.none(), apiVersion, timeout, defaultHeaders);
  }

  /**
   * @param username user
   * @param password password
   * @return a copy using basic auth
   */
  public OsbClient withBasicAuth(String username, String password) {
    return new OsbClient(http, replicas, Credentials.basic(username, password), apiVersion,
        timeout, defaultHeaders);
  }

  /**
   * @param token a bearer token
   * @return a copy sending it
   */
  public OsbClient withBearer(String token) {
    return new OsbClient(http, replicas, Credentials.bearer(token), apiVersion, timeout,
        defaultHeaders);
  }

  /**
   * @param name header
   * @param value value
   * @return a copy adding the header to every request
   */
  public OsbClient withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(defaultHeaders);
    h.put(Objects.requireNonNull(name, "name == null"),
        Objects.requireNonNull(value, "value == null"));
    return new OsbClient(http, replicas, credentials, apiVersion, timeout, h);
  }

  /**
   * {@code GET /v2/catalog}.
   *
   * @return the answer
   */
  public OsbResponse<Catalog> catalog() {
    return exchange("GET", "/v2/catalog", Map.of(), null, Catalog.class);
  }

  /**
   * {@code PUT /v2/service_instances/:instance_id}.
   *
   * @param instanceId the instance id (encoded by the client)
   * @param body the body, e.g. a map with {@code service_id}, {@code plan_id}, {@code context}
   * @param acceptsIncomplete the {@code accepts_incomplete} query parameter
   * @return the answer
   */
  public OsbResponse<ProvisionResponse> provision(String instanceId, Object body,
      boolean acceptsIncomplete) {
    return exchange("PUT", instancePath(instanceId), incomplete(acceptsIncomplete),
        json(body), ProvisionResponse.class);
  }

  /**
   * {@code GET /v2/service_instances/:instance_id}.
   *
   * @param instanceId id
   * @param serviceId may be null
   * @param planId may be null
   * @return the answer
   */
  public OsbResponse<InstanceDetails> fetchInstance(String instanceId, String serviceId,
      String planId) {
    return exchange("GET", instancePath(instanceId), ids(serviceId, planId), null,
        InstanceDetails.class);
  }

  /**
   * {@code PATCH /v2/service_instances/:instance_id}.
   *
   * @param instanceId id
   * @param body body
   * @param acceptsIncomplete flag
   * @return the answer
   */
  public OsbResponse<UpdateResponse> update(String instanceId, Object body,
      boolean acceptsIncomplete) {
    return exchange("PATCH", instancePath(instanceId), incomplete(acceptsIncomplete), json(body),
        UpdateResponse.class);
  }

  /**
   * {@code DELETE /v2/service_instances/:instance_id}.
   *
   * @param instanceId id
   * @param serviceId may be null
   * @param planId may be null
   * @param acceptsIncomplete flag
   * @return the answer
   */
  public OsbResponse<DeprovisionResponse> deprovision(String instanceId, String serviceId,
      String planId, boolean acceptsIncomplete) {
    Map<String, String> q = ids(serviceId, planId);
    q.putAll(incomplete(acceptsIncomplete));
    return exchange("DELETE", instancePath(instanceId), q, null, DeprovisionResponse.class);
  }

  /**
   * {@code GET .../last_operation}.
   *
   * @param instanceId id
   * @param serviceId may be null
   * @param planId may be null
   * @param operation may be null
   * @return the answer
   */
  public OsbResponse<LastOperation> lastOperation(String instanceId, String serviceId,
      String planId, String operation) {
    return exchange("GET", instancePath(instanceId) + "/last_operation",
        operationQuery(serviceId, planId, operation), null, LastOperation.class);
  }

  /**
   * {@code PUT .../service_bindings/:binding_id}.
   *
   * @param instanceId id
   * @param bindingId id
   * @param body body
   * @param acceptsIncomplete flag
   * @return the answer
   */
  public OsbResponse<BindResponse> bind(String instanceId, String bindingId, Object body,
      boolean acceptsIncomplete) {
    return exchange("PUT", bindingPath(instanceId, bindingId), incomplete(acceptsIncomplete),
        json(body), BindResponse.class);
  }

  /**
   * {@code GET .../service_bindings/:binding_id}.
   *
   * @param instanceId id
   * @param bindingId id
   * @param serviceId may be null
   * @param planId may be null
   * @return the answer
   */
  public OsbResponse<BindingDetails> fetchBinding(String instanceId, String bindingId,
      String serviceId, String planId) {
    return exchange("GET", bindingPath(instanceId, bindingId), ids(serviceId, planId), null,
        BindingDetails.class);
  }

  /**
   * {@code DELETE .../service_bindings/:binding_id}.
   *
   * @param instanceId id
   * @param bindingId id
   * @param serviceId may be null
   * @param planId may be null
   * @param acceptsIncomplete flag
   * @return the answer
   */
  public OsbResponse<UnbindResponse> unbind(String instanceId, String bindingId,
      String serviceId, String planId, boolean acceptsIncomplete) {
    Map<String, String> q = ids(serviceId, planId);
    q.putAll(incomplete(acceptsIncomplete));
    return exchange("DELETE", bindingPath(instanceId, bindingId), q, null, UnbindResponse.class);
  }

  /**
   * {@code GET .../service_bindings/:binding_id/last_operation}.
   *
   * @param instanceId id
   * @param bindingId id
   * @param serviceId may be null
   * @param planId may be null
   * @param operation may be null
   * @return the answer
   */
  public OsbResponse<LastOperation> bindingLastOperation(String instanceId, String bindingId,
      String serviceId, String planId, String operation) {
    return exchange("GET", bindingPath(instanceId, bindingId) + "/last_operation",
        operationQuery(serviceId, planId, operation), null, LastOperation.class);
  }

  /**
   * IBM {@code GET /bluemix_v1/service_instances/:instance_id}.
   *
   * @param instanceId id
   * @return the answer
   */
  public OsbResponse<InstanceState> instanceState(String instanceId) {
    return exchange("GET", "/bluemix_v1/service_instances/" + encodeId(instanceId), Map.of(),
        null, InstanceState.class);
  }

  /**
   * IBM {@code PUT /bluemix_v1/service_instances/:instance_id}.
   *
   * @param instanceId the instance id
   * @param enabled whether to enable or disable
   * @param initiatorId who asks, may be null
   * @param reasonCode e.g. {@code IBMCLOUD_ACCT_SUSPEND}, may be null
   * @return the answer
   */
  public OsbResponse<InstanceState> updateInstanceState(String instanceId, boolean enabled,
      String initiatorId, String reasonCode) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("enabled", enabled);
    if (initiatorId != null) {
      body.put("initiator_id", initiatorId);
    }
    if (reasonCode != null) {
      body.put("reason_code", reasonCode);
    }
    return exchange("PUT", "/bluemix_v1/service_instances/" + encodeId(instanceId), Map.of(),
        json(body), InstanceState.class);
  }

  /**
   * Sends a request as built, adding the default headers the request does not omit or override.
   *
   * @param request the request
   * @return the answer, body as JSON tree
   */
  public OsbResponse<JsonNode> send(RawRequest request) {
    Objects.requireNonNull(request, "request == null");
    return exchange(request.method(), request.path(), request.query(), request.body(),
        request.headers(), request.omitted(), JsonNode.class);
  }

  /**
   * Percent-encodes an id for a path segment ({@code :} becomes {@code %3A}, {@code /} becomes
   * {@code %2F}, space becomes {@code %20}).
   *
   * @param id the id
   * @return the encoded segment
   */
  public static String encodeId(String id) {
    Objects.requireNonNull(id, "id == null");
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private <T> OsbResponse<T> exchange(String method, String path, Map<String, String> query,
      String body, Class<T> type) {
    Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type",
        "application/json");
    return exchange(method, path, query, body, headers, Set.of(), type);
  }

  private <T> OsbResponse<T> exchange(String method, String path, Map<String, String> query,
      String body, Map<String, String> extra, Set<String> omitted, Class<T> type) {
    StringBuilder url = new StringBuilder(replicas.next()).append(path);
    char sep = path.contains("?") ? '&' : '?';
    for (Map.Entry<String, String> q : query.entrySet()) {
      url.append(sep).append(URLEncoder.encode(q.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
      sep = '&';
    }
    URI uri = URI.create(url.toString());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Broker-API-Version", apiVersion);
    headers.put("Accept", "application/json");
    credentials.authorization().ifPresent(a -> headers.put("Authorization", a));
    headers.putAll(defaultHeaders);
    headers.putAll(extra);
    headers.keySet().removeIf(k -> omitted.contains(k.toLowerCase(Locale.ROOT)));
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    Map<String, List<String>> shown = new LinkedHashMap<>();
    headers.forEach((k, v) -> {
      rb.header(k, v);
      shown.put(k, List.of(k.equalsIgnoreCase("Authorization") ? Credentials.mask(v) : v));
    });
    SentRequest sent = new SentRequest(method, uri, shown, body);
    long start = System.nanoTime();
    HttpResponse<String> response;
    try {
      response = BoundedExchange.send(http, rb.build(), timeout);
    } catch (BoundedHttp.TooLarge e) {
      // an answer, just not one the kit reads: the checks report it, it is no connection problem
      throw new IllegalStateException(sent + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(sent + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(sent + " interrupted", e);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return ResponseParser.parse(sent, response.statusCode(), response.headers().map(),
        response.body(), type, elapsed);
  }
}
