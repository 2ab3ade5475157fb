package io.github.osbsdk.broker.testkit.mutants;

import static io.github.osbsdk.broker.testkit.mutants.Mutation.*;
import static io.github.osbsdk.broker.testkit.mutants.Probe.*;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A correct OSB 2.17 + IBM Cloud {@code bluemix_v1} broker written against the raw JDK HTTP
 * server (deliberately not on broker-core), with switchable {@link Mutation}s that each break one
 * rule. Basic auth, binds to 127.0.0.1 on a random port; asynchronous operations finish quickly
 * (see {@link Op}). Binds need {@code bind_resource.app_guid} (422 {@code RequiresApp}), and a
 * second mutation while an operation runs gets 422 {@code ConcurrencyError}.
 */
final class ReferenceBroker implements AutoCloseable {
  static final String USERNAME = "broker";
  static final String PASSWORD = "s3cret-reference";
  private static final int MAX_BODY = 1 << 20;
  private static final String REQUEST_ID = "X-Broker-API-Request-Identity";

  private final HttpServer server;
  private final HttpServer replicaServer;
  private final ReferenceBroker separateReplica;
  /** A third replica's own port (it shares all state), or null when it shares nothing. */
  private final HttpServer thirdServer;
  private final ReferenceBroker separateThird;
  private final ExecutorService executor;
  private final RefState state;
  private final RefInstances instances;
  private final RefBindings bindings;
  private final RefBluemix bluemix;
  private final RefHeaders headers;

  private ReferenceBroker(MutationSet mutations, Duration asyncDuration) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    if (mutations.has(Variant.NUMBERS_KEPT_EXACTLY)) {
      mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }
    this.state = new RefState(mapper, mutations, asyncDuration);
    this.instances = new RefInstances(state);
    this.bindings = new RefBindings(state);
    this.bluemix = new RefBluemix(state);
    this.headers = new RefHeaders(state, USERNAME, PASSWORD);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    this.executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "reference-broker");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    state.baseUrl = url().toString();
    if (mutations.has(REPLICAS_SHARE_NO_INSTANCES) || mutations.has(REPLICAS_SHARE_NO_OPERATIONS)
        || mutations.has(REPLICAS_SHARE_NO_BINDINGS)) {
      // a second, correct broker of its own: a replica that shares nothing
      this.separateReplica = new ReferenceBroker(MutationSet.none(), asyncDuration);
      this.replicaServer = null;
    } else {
      // a second port served by this broker: a replica sharing all state
      this.separateReplica = null;
      this.replicaServer = HttpServer.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      replicaServer.setExecutor(executor);
      replicaServer.createContext("/", this::handle);
      replicaServer.start();
    }
    if (mutations.has(THIRD_REPLICA_SHARES_NOTHING)) {
      // a third, correct broker of its own: a replica that forgets what the others accepted
      this.separateThird = new ReferenceBroker(MutationSet.none(), asyncDuration);
      this.thirdServer = null;
    } else {
      this.separateThird = null;
      this.thirdServer = HttpServer.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      thirdServer.setExecutor(executor);
      thirdServer.createContext("/", this::handle);
      thirdServer.start();
    }
  }

  /** Starts a broker with the given mutations (none: the correct broker). */
  static ReferenceBroker start(MutationSet mutations, Duration asyncDuration) {
    try {
      return new ReferenceBroker(mutations, asyncDuration);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the reference broker", e);
    }
  }

  /** @return the base URL, {@code http://127.0.0.1:PORT} */
  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * The base URL of a second replica of this broker (see the REPLICA mutations).
   *
   * @return the base URL of a second replica of this broker (see the REPLICA mutations)
   */
  URI replicaUrl() {
    return separateReplica != null ? separateReplica.url()
        : URI.create("http://127.0.0.1:" + replicaServer.getAddress().getPort());
  }

  /**
   * The base URLs of the first {@code count} replicas: this broker, the second replica of
   * {@link #replicaUrl()}, then a third (see {@link Probe#THIRD_REPLICA_SHARES_NOTHING}).
   *
   * @param count 1 to 3
   * @return the base URLs
   */
  List<URI> urls(int count) {
    URI third = separateThird != null ? separateThird.url()
        : URI.create("http://127.0.0.1:" + thirdServer.getAddress().getPort());
    return List.of(url(), replicaUrl(), third).subList(0, count);
  }

  @Override
  public void close() {
    server.stop(0);
    if (replicaServer != null) {
      replicaServer.stop(0);
    }
    if (separateReplica != null) {
      separateReplica.close();
    }
    if (thirdServer != null) {
      thirdServer.stop(0);
    }
    if (separateThird != null) {
      separateThird.close();
    }
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String rawPath = ex.getRequestURI().getRawPath();
      boolean provisionCall = "PUT".equals(ex.getRequestMethod())
          && rawPath.matches("/v2/service_instances/[^/]+");
      Reply reply;
      try {
        reply = route(ex);
      } catch (OsbError e) {
        reply = error(e, provisionCall);
      } catch (RuntimeException e) {
        reply = error(new OsbError(500, null, "Internal error."), provisionCall);
      }
      String requestId = ex.getRequestHeaders().getFirst(REQUEST_ID);
      if (requestId != null && !state.has(NO_REQUEST_IDENTITY_ECHO)
          && !(state.has(REQUEST_IDENTITY_NOT_ECHOED_ON_ERRORS) && reply.status() >= 400)) {
        ex.getResponseHeaders().set(REQUEST_ID, state.has(REQUEST_IDENTITY_REPLACED)
            ? java.util.UUID.randomUUID().toString() : requestId);
      }
      write(ex, reply);
    }
  }

  private Reply error(OsbError e, boolean provisionCall) {
    if (state.has(GONE_EMPTY_BODY) && e.status == 410) {
      return new Reply(410, null, "", Map.of());
    }
    if (state.has(ERROR_BODY_NOT_JSON) || (e.status == 409 && state.has(CONFLICT_BODY_NOT_JSON))
        || (e.status == 422 && state.has(UNPROCESSABLE_BODY_NOT_JSON))
        || (e.status == 401 && state.has(UNAUTHORIZED_BODY_NOT_JSON))
        || (e.status >= 500 && state.has(SERVER_ERROR_BODY_NOT_JSON))) {
      return new Reply(e.status, null, "Error " + e.status + ": " + e.description,
          e.status == 401 ? Map.of("WWW-Authenticate", "Basic realm=\"reference\"") : Map.of());
    }
    ObjectNode body = state.object();
    if (e.error != null) {
      body.put("error", e.error);
    }
    if (state.has(ERROR_DESCRIPTION_NOT_STRING)) {
      body.put("description", e.status);
    } else if (state.has(ERROR_DESCRIPTION_EMPTY)
        || (e.status == 422 && state.has(UNPROCESSABLE_DESCRIPTION_EMPTY))
        || (e.status == 401 && state.has(UNAUTHORIZED_DESCRIPTION_EMPTY))) {
      body.put("description", "");
    } else if (!state.mutations.has(Variant.ERRORS_WITHOUT_DESCRIPTION)) {
      body.put("description", e.description);
    }
    if (provisionCall && (state.has(PROVISION_ERROR_INSTANCE_USABLE)
        || e.status == 409 && state.has(PROVISION_CONFLICT_INSTANCE_USABLE))) {
      body.put("instance_usable", false);
    }
    Reply r = Reply.json(e.status, body);
    return e.status == 401 ? r.withHeader("WWW-Authenticate", "Basic realm=\"reference\"") : r;
  }

  private void write(HttpExchange ex, Reply reply) throws IOException {
    byte[] bytes = null;
    if (reply.json() != null) {
      bytes = state.mapper.writeValueAsBytes(variantBody(reply));
      ex.getResponseHeaders().set("Content-Type", "application/json");
    } else if (reply.text() != null) {
      bytes = reply.text().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    }
    reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    boolean noBody = bytes == null || bytes.length == 0 || reply.status() == 304
        || "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(reply.status(), noBody ? -1 : bytes.length);
    if (!noBody) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The JSON body as sent: a copy changed by the variants that change every answer. */
  private JsonNode variantBody(Reply reply) {
    if (!(reply.json() instanceof ObjectNode object)) {
      return reply.json();
    }
    ObjectNode copy = object.deepCopy();
    if (state.mutations.has(Variant.VENDOR_EXTENSION_FIELDS)) {
      copy.putObject("x_reference_vendor").put("note", "an extension field").putArray("list")
          .add(1);
    }
    if (reply.status() == 202 && state.mutations.has(Variant.ASYNC_WITHOUT_OPERATION)) {
      copy.remove("operation");
    }
    return copy;
  }

  private Reply route(HttpExchange ex) throws IOException {
    List<String> seg = segments(ex.getRequestURI().getRawPath());
    boolean brokerPath = !seg.isEmpty()
        && (seg.get(0).equals("v2") || seg.get(0).equals("bluemix_v1"));
    if (state.has(MATRIX_PATH_SKIPS_AUTH)) {
      seg = seg.stream().map(s -> s.indexOf(';') < 0 ? s : s.substring(0, s.indexOf(';')))
          .toList();
    }
    if (seg.isEmpty() || !(seg.get(0).equals("v2") || seg.get(0).equals("bluemix_v1"))) {
      throw OsbError.notFound("Not found.");
    }
    if (brokerPath && !(seg.get(0).equals("bluemix_v1") && state.has(BLUEMIX_WITHOUT_AUTH))) {
      headers.authenticate(ex.getRequestHeaders().getFirst("Authorization"));
    }
    if (state.has(SERVER_ERROR_BODY_NOT_JSON)
        && !List.of("GET", "PUT", "PATCH", "DELETE", "HEAD").contains(ex.getRequestMethod())) {
      throw new OsbError(501, null, "Method not implemented.");
    }
    headers.checkVersion(ex.getRequestHeaders().getFirst("X-Broker-API-Version"));
    headers.checkOriginatingIdentity(
        ex.getRequestHeaders().getFirst("X-Broker-API-Originating-Identity"));
    boolean onReplica = replicaServer != null
        && ex.getLocalAddress().getPort() == replicaServer.getAddress().getPort();
    Call c = new Call(ex.getRequestMethod(), seg, ex.getRequestURI().getRawQuery(),
        ex.getRequestHeaders(), readBody(ex.getRequestBody()), onReplica);
    String m = c.method;
    int n = seg.size();
    if (seg.get(0).equals("bluemix_v1")) {
      if (n == 3 && seg.get(1).equals("service_instances")) {
        return switch (m) {
          case "GET" -> bluemix.get(c, seg.get(2));
          case "PUT" -> bluemix.put(c, seg.get(2));
          default -> throw new OsbError(405, null, "Method not allowed.");
        };
      }
      throw OsbError.notFound("Not found.");
    }
    if (n >= 2 && seg.get(1).equals("catalog") && m.equals("GET")
        && (n == 2 || state.has(CATALOG_ROUTED_BY_PREFIX))) {
      return catalog(ex.getRequestHeaders().getFirst("If-None-Match"),
          ex.getLocalAddress().getPort());
    }
    if (n < 3 || !seg.get(1).equals("service_instances")) {
      return unknownPath();
    }
    String iid = seg.get(2);
    if (n == 3) {
      return switch (m) {
        case "PUT" -> instances.provision(c, iid);
        case "GET" -> instances.fetch(c, iid);
        case "PATCH" -> instances.update(c, iid);
        case "DELETE" -> instances.deprovision(c, iid);
        default -> throw new OsbError(405, null, "Method not allowed.");
      };
    }
    if (n == 4 && seg.get(3).equals("last_operation") && m.equals("GET")) {
      return instances.lastOperation(c, iid);
    }
    if (n >= 5 && n <= 6 && seg.get(3).equals("service_bindings")) {
      String bid = seg.get(4);
      if (n == 6 && seg.get(5).equals("last_operation") && m.equals("GET")) {
        return bindings.lastOperation(c, iid, bid);
      }
      if (n == 5) {
        return switch (m) {
          case "PUT" -> bindings.bind(c, iid, bid);
          case "GET" -> bindings.fetch(c, iid, bid);
          case "DELETE" -> bindings.unbind(c, iid, bid);
          default -> throw new OsbError(405, null, "Method not allowed.");
        };
      }
    }
    return unknownPath();
  }

  /** The answer to a path under {@code /v2/} that no endpoint has. */
  private Reply unknownPath() {
    if (state.has(UNKNOWN_PATH_EMPTY_BODY)) {
      return new Reply(404, null, "", Map.of());
    }
    throw OsbError.notFound("Not found.");
  }

  /** Splits the raw path, then decodes each segment exactly once. */
  private List<String> segments(String rawPath) {
    String path = rawPath;
    if (state.has(CRN_IDS_SPLIT_ON_ENCODED_SLASH)) {
      path = decode(rawPath);
    } else if (state.has(CRN_BINDING_IDS_SPLIT)) {
      int at = rawPath.indexOf("/service_bindings/");
      path = at < 0 ? rawPath : rawPath.substring(0, at) + decode(rawPath.substring(at));
    }
    List<String> out = new ArrayList<>();
    for (String part : path.split("/", -1)) {
      if (!part.isEmpty()) {
        out.add(state.has(CRN_IDS_SPLIT_ON_ENCODED_SLASH) ? part : decode(part));
      }
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private Reply catalog(String ifNoneMatch, int localPort) throws IOException {
    byte[] bytes = state.mapper.writeValueAsBytes(state.catalog.json());
    if (state.has(REPLICA_ETAG_PER_PROCESS)) {
      bytes = (new String(bytes, StandardCharsets.UTF_8) + localPort)
          .getBytes(StandardCharsets.UTF_8);
    }
    String etag;
    try {
      etag = "\"" + HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16) + "\"";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    if (state.has(CATALOG_NOT_JSON)) {
      return new Reply(200, null, new String(bytes, StandardCharsets.UTF_8).replace('{', '('),
          Map.of());
    }
    if (ifNoneMatch != null && !state.has(CATALOG_ETAG_IGNORED)
        && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*")
            || state.has(CATALOG_304_FOR_ANY_ETAG))) {
      return Reply.empty(304).withHeader("ETag", etag);
    }
    if (ifNoneMatch != null && state.has(CATALOG_STALE_ETAG_EMPTY)) {
      return Reply.json(200, state.object()).withHeader("ETag", etag);
    }
    return Reply.json(200, state.catalog.json()).withHeader("ETag", etag);
  }

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BODY + 1);
    if (bytes.length > MAX_BODY) {
      throw new OsbError(413, null, "The request body is too large.");
    }
    return bytes;
  }
}
