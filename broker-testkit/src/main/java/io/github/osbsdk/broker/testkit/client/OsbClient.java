package io.github.osbsdk.broker.testkit.client;

import static io.github.osbsdk.broker.testkit.client.Requests.bindingPath;
import static io.github.osbsdk.broker.testkit.client.Requests.ids;
import static io.github.osbsdk.broker.testkit.client.Requests.incomplete;
import static io.github.osbsdk.broker.testkit.client.Requests.instancePath;
import static io.github.osbsdk.broker.testkit.client.Requests.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.state.InstanceState;
import io.github.osbsdk.broker.testkit.internal.client.Credentials;
import io.github.osbsdk.broker.testkit.internal.client.Replicas;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A typed client for every endpoint of an Open Service Broker (OSB API 2.17) and IBM Cloud's
 * {@code bluemix_v1} instance-state extension, built on {@code java.net.http.HttpClient}.
 *
 * <p>Every method returns an {@link OsbResponse}: status, headers, the body parsed into the
 * broker-api record where it fits, the JSON tree and the raw body. Ids are percent-encoded exactly
 * once, so IBM Cloud CRNs (with {@code :} and {@code /}) work as instance and binding ids. Request
 * bodies are any Jackson-serializable object (a {@code Map} is simplest); {@code null} service or
 * plan ids leave the query parameter out. Deprovision, fetch of a binding, unbind and the two
 * last-operation polls take a value ({@link Deprovision}, {@link FetchBinding}, {@link Unbind},
 * {@link LastOperation}, {@link BindingLastOperation}) whose ids are each set by a method named
 * after it, so that two ids cannot be swapped unseen; a query parameter not set there is left
 * out. {@link #send(RawRequest)} sends anything else.
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

  private final RequestSender sender;
  private final String description;
  private final ObservedCreates creates;

  OsbClient(HttpClient http, Replicas replicas, Credentials credentials, String apiVersion,
      Duration timeout, Map<String, String> defaultHeaders) {
    this(new RequestSender(http, replicas, credentials, apiVersion, timeout, defaultHeaders),
        "", ObservedCreates.NONE);
  }

  private OsbClient(RequestSender sender, String description, ObservedCreates creates) {
    this.description = description;
    this.sender = sender;
    this.creates = creates;
  }

  /**
   * Starts a client that calls a broker's OSB endpoints.
   *
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
    return URI.create(sender.replicas().first());
  }

  /**
   * How many replicas this client sends to; with more than one, each request goes to the next
   * replica (round robin).
   *
   * @return the number of base URLs
   */
  public int replicaCount() {
    return sender.replicas().size();
  }

  /**
   * A copy that sends every request to one replica only.
   *
   * @param index the replica, 0-based, in the order the base URLs were given (modulo the count)
   * @return the pinned copy, sharing the connection pool and credentials
   */
  public OsbClient onReplica(int index) {
    return new OsbClient(sender.onReplica(index), description, creates);
  }

  /**
   * A copy that tells {@code observer} of each provision and bind it sends (and so do the copies
   * made of it), before sending and once ended, also when no answer came.
   *
   * @param observer the observer, replacing any other
   * @return the observed copy, sharing the connection pool and credentials
   */
  public OsbClient observingCreates(CreateObserver observer) {
    return new OsbClient(sender, description,
        new ObservedCreates(Objects.requireNonNull(observer, "observer == null")));
  }

  /**
   * The {@code X-Broker-API-Version} header every request carries.
   *
   * @return the {@code X-Broker-API-Version} sent
   */
  public String apiVersion() {
    return sender.apiVersion();
  }

  /**
   * The same client, described in reports by this text instead of its credentials.
   *
   * @param text what the credentials are, for reports (never the secret itself)
   * @return a copy carrying that description
   */
  public OsbClient described(String text) {
    return new OsbClient(sender, Objects.requireNonNull(text, "text == null"), creates);
  }

  /**
   * What reports say about the client's credentials.
   *
   * @return the description given with {@link #described(String)}, empty by default
   */
  public String credentialsDescription() {
    return description;
  }

  /**
   * The same client without credentials, to check that the broker answers 401.
   *
   * @return a copy sending no {@code Authorization} header
   */
  public OsbClient withoutCredentials() {
    return new OsbClient(sender.withCredentials(Credentials.none()), "", creates);
  }

  /**
   * The same client with other basic auth credentials.
   *
   * @param username user
   * @param password password
   * @return a copy using basic auth
   */
  public OsbClient withBasicAuth(String username, String password) {
    return new OsbClient(sender.withCredentials(Credentials.basic(username, password)), "",
        creates);
  }

  /**
   * The same client with a bearer token instead of its credentials.
   *
   * @param token a bearer token
   * @return a copy sending it
   */
  public OsbClient withBearer(String token) {
    return new OsbClient(sender.withCredentials(Credentials.bearer(token)), "", creates);
  }

  /**
   * The same client, sending one more header on every request.
   *
   * @param name header
   * @param value value
   * @return a copy adding the header to every request
   */
  public OsbClient withHeader(String name, String value) {
    return new OsbClient(sender.withHeader(name, value), "", creates);
  }

  /**
   * {@code GET /v2/catalog}.
   *
   * @return the answer
   */
  public OsbResponse<Catalog> catalog() {
    return sender.send("GET", "/v2/catalog", Map.of(), null, Catalog.class);
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
    return creates.send(instanceId, null, body, () -> sender.send("PUT", instancePath(instanceId),
        incomplete(acceptsIncomplete), json(body), ProvisionResponse.class));
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
    return sender.send("GET", instancePath(instanceId), ids(serviceId, planId), null,
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
    return sender.send("PATCH", instancePath(instanceId), incomplete(acceptsIncomplete), json(body),
        UpdateResponse.class);
  }

  /**
   * {@code DELETE /v2/service_instances/:instance_id}, e.g.
   * {@code deprovision(Deprovision.instance(iid).service(sid).plan(pid)
   * .acceptsIncomplete(true))}.
   *
   * @param deprovision the ids and flag, each named where it is set
   * @return the answer
   */
  public OsbResponse<DeprovisionResponse> deprovision(Deprovision deprovision) {
    ResourceQuery q = Objects.requireNonNull(deprovision, "deprovision == null").query();
    return sender.send("DELETE", q.path(), q.parameters(), null, DeprovisionResponse.class);
  }

  /**
   * {@code GET /v2/service_instances/:instance_id/last_operation}, e.g.
   * {@code lastOperation(LastOperation.instance(iid).service(sid).plan(pid).operation(op))}.
   *
   * @param poll the ids and operation, each named where it is set
   * @return the answer
   */
  public OsbResponse<LastOperationResponse> lastOperation(LastOperation poll) {
    ResourceQuery q = Objects.requireNonNull(poll, "poll == null").query();
    return sender.send("GET", q.path() + "/last_operation", q.parameters(), null,
        LastOperationResponse.class);
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
    return creates.send(instanceId, bindingId, body, () -> sender.send("PUT",
        bindingPath(instanceId, bindingId), incomplete(acceptsIncomplete), json(body),
        BindResponse.class));
  }

  /**
   * {@code GET .../service_bindings/:binding_id}, e.g.
   * {@code fetchBinding(FetchBinding.instance(iid).binding(bid).service(sid).plan(pid))}.
   *
   * @param fetch the ids, each named where it is set
   * @return the answer
   */
  public OsbResponse<BindingDetails> fetchBinding(FetchBinding fetch) {
    ResourceQuery q = Objects.requireNonNull(fetch, "fetch == null").query();
    return sender.send("GET", q.path(), q.parameters(), null, BindingDetails.class);
  }

  /**
   * {@code DELETE .../service_bindings/:binding_id}, e.g.
   * {@code unbind(Unbind.instance(iid).binding(bid).service(sid).plan(pid)
   * .acceptsIncomplete(true))}.
   *
   * @param unbind the ids and flag, each named where it is set
   * @return the answer
   */
  public OsbResponse<UnbindResponse> unbind(Unbind unbind) {
    ResourceQuery q = Objects.requireNonNull(unbind, "unbind == null").query();
    return sender.send("DELETE", q.path(), q.parameters(), null, UnbindResponse.class);
  }

  /**
   * {@code GET .../service_bindings/:binding_id/last_operation}, e.g.
   * {@code bindingLastOperation(BindingLastOperation.instance(iid).binding(bid).service(sid)
   * .plan(pid).operation(op))}.
   *
   * @param poll the ids and operation, each named where it is set
   * @return the answer
   */
  public OsbResponse<LastOperationResponse> bindingLastOperation(BindingLastOperation poll) {
    ResourceQuery q = Objects.requireNonNull(poll, "poll == null").query();
    return sender.send("GET", q.path() + "/last_operation", q.parameters(), null,
        LastOperationResponse.class);
  }

  /**
   * IBM {@code GET /bluemix_v1/service_instances/:instance_id}.
   *
   * @param instanceId id
   * @return the answer
   */
  public OsbResponse<InstanceState> instanceState(String instanceId) {
    return sender.send("GET", "/bluemix_v1/service_instances/" + encodeId(instanceId), Map.of(),
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
    return sender.send("PUT", "/bluemix_v1/service_instances/" + encodeId(instanceId), Map.of(),
        json(body), InstanceState.class);
  }

  /**
   * Sends a request as built, adding the default headers the request does not omit or override.
   * A {@code PUT} to an instance's or a binding's path is a provision or a bind for the observer
   * of {@link #observingCreates(CreateObserver)}, which is given the body text.
   *
   * @param request the request
   * @return the answer, body as JSON tree
   */
  public OsbResponse<JsonNode> send(RawRequest request) {
    Objects.requireNonNull(request, "request == null");
    return creates.send(request, () -> sender.send(request.method(), request.path(),
        request.query(), request.body(), request.headers(), request.omitted(), JsonNode.class));
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
}
