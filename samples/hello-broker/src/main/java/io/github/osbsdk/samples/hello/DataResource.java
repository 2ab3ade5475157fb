package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service itself: {@code /data/{instanceId}/{key}} with GET, PUT and DELETE, opened by the
 * credentials of a binding of that instance (HTTP basic auth).
 *
 * <p>Ids arrive percent-encoded (an IBM Cloud instance id is a CRN with {@code %3A} and
 * {@code %2F}); they are matched raw ({@link Encoded}) and decoded exactly once. Unbound or
 * revoked credentials get 401, credentials of another instance 401 too (no hint that the
 * instance exists), read-only credentials 403 on writes, a disabled instance 403. Sizes are
 * bounded.
 *
 * <p>Values are served from the dashboard's origin, so a value must never become a page: a
 * value is stored and served with its {@code Content-Type} only when that type is on a short
 * allow-list ({@link #SAFE_MEDIA_TYPES}, with a {@code charset} only from
 * {@link #SAFE_CHARSETS}), otherwise as {@code application/octet-stream}; every response
 * carries {@code X-Content-Type-Options: nosniff} and a sandboxing
 * {@code Content-Security-Policy}. HTML written by a binding is never served as
 * {@code text/html}.
 */
@Path("/data/{instanceId}/{key}")
public final class DataResource {
  /** The largest value accepted, in bytes. */
  public static final int MAX_VALUE_BYTES = 64 * 1024;
  /** The longest key accepted, in characters. */
  public static final int MAX_KEY_LENGTH = 256;
  /** The media types a value keeps; any other is stored and served as octet-stream. */
  public static final Set<String> SAFE_MEDIA_TYPES = Set.of(MediaType.APPLICATION_OCTET_STREAM,
      MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON);
  /** The charsets a value's media type keeps; any other is dropped. */
  public static final Set<String> SAFE_CHARSETS = Set.of("utf-8", "us-ascii", "iso-8859-1");
  private static final String CHALLENGE = "Basic realm=\"hello-kv data\"";

  /** {@code Retry-After} of a 503 while the database is unavailable, in seconds. */
  static final int RETRY_AFTER_SECONDS = 2;
  private static final Logger LOG = LoggerFactory.getLogger(DataResource.class);

  private final KeyValueStore store;
  private final DataUsage usage;

  /**
   * Creates the resource without usage counting.
   *
   * @param store the store shared with the broker
   */
  public DataResource(KeyValueStore store) {
    this(store, DataUsage.NONE);
  }

  /**
   * Creates the resource.
   *
   * @param store the store shared with the broker
   * @param usage told of every successful (2xx) call, e.g. to meter the {@code metered} plan
   */
  public DataResource(KeyValueStore store, DataUsage usage) {
    this.store = Objects.requireNonNull(store, "store == null");
    this.usage = Objects.requireNonNull(usage, "usage == null");
  }

  /**
   * Reads a key.
   *
   * @param instanceId the instance id, percent-encoded
   * @param key the key, percent-encoded
   * @param authorization the {@code Authorization} header
   * @return 200 with the value (as {@link #safeMediaType(String)} of its stored type, with
   *     {@code nosniff}), 404 when the key is absent, 503 while the database is unavailable
   */
  @GET
  public Response get(@PathParam("instanceId") @Encoded String instanceId,
      @PathParam("key") @Encoded String key,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    return guarded(() -> {
      DataAccess access = DataAccess.check(store, authorization, instanceId, key, false);
      if (access.refusal() != null) {
        return access.refusal();
      }
      StoredValue value = store.get(access.namespace().instanceId(), access.key()).orElse(null);
      if (value == null) {
        return text(Response.Status.NOT_FOUND, "No such key.");
      }
      return counted(access, hardened(Response.ok(value.bytes(),
          safeMediaType(value.mediaType()))).build());
    });
  }

  /**
   * Writes a key.
   *
   * @param instanceId the instance id, percent-encoded
   * @param key the key, percent-encoded
   * @param authorization the {@code Authorization} header
   * @param contentType the media type of the value, kept when allowed (see
   *     {@link #safeMediaType(String)}), else {@code application/octet-stream}
   * @param body the value
   * @return 204; 413 when the value is too large; 507 when the plan's key limit is reached;
   *     503 while the database is unavailable
   * @throws IOException when reading the body fails
   */
  @PUT
  @Consumes(MediaType.WILDCARD)
  public Response put(@PathParam("instanceId") @Encoded String instanceId,
      @PathParam("key") @Encoded String key,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      InputStream body) throws IOException {
    DataAccess checked;
    try {
      checked = DataAccess.check(store, authorization, instanceId, key, true);
    } catch (StoreUnavailableException e) {
      return unavailable(e);
    }
    if (checked.refusal() != null) {
      return checked.refusal();
    }
    DataAccess access = checked;
    byte[] bytes = body.readNBytes(MAX_VALUE_BYTES + 1);
    return guarded(() -> {
      if (bytes.length > MAX_VALUE_BYTES) {
        return text(Response.Status.REQUEST_ENTITY_TOO_LARGE,
            "Values are limited to " + MAX_VALUE_BYTES + " bytes.");
      }
      String type = safeMediaType(contentType);
      if (!store.put(access.namespace().instanceId(), access.key(),
          new StoredValue(bytes, type))) {
        return text(507, // Insufficient Storage
            "The plan's key limit is reached; delete keys or update to a larger plan.");
      }
      return counted(access, hardened(Response.noContent()).build());
    });
  }

  /**
   * Deletes a key.
   *
   * @param instanceId the instance id, percent-encoded
   * @param key the key, percent-encoded
   * @param authorization the {@code Authorization} header
   * @return 204; 404 when the key is absent; 503 while the database is unavailable
   */
  @DELETE
  public Response delete(@PathParam("instanceId") @Encoded String instanceId,
      @PathParam("key") @Encoded String key,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    return guarded(() -> {
      DataAccess access = DataAccess.check(store, authorization, instanceId, key, true);
      if (access.refusal() != null) {
        return access.refusal();
      }
      if (!store.remove(access.namespace().instanceId(), access.key())) {
        return text(Response.Status.NOT_FOUND, "No such key.");
      }
      return counted(access, hardened(Response.noContent()).build());
    });
  }

  /** Tells {@link #usage} of a successful call. */
  private Response counted(DataAccess access, Response ok) {
    usage.succeeded(access.namespace());
    return ok;
  }

  /**
   * Runs a call; while the database is unavailable it answers 503 with a JSON error body and
   * {@code Retry-After}, as the SDK does for OSB calls (never 500).
   */
  private static Response guarded(Supplier<Response> call) {
    try {
      return call.get();
    } catch (StoreUnavailableException e) {
      return unavailable(e);
    }
  }

  private static Response unavailable(StoreUnavailableException e) {
    LOG.warn("data call: the database is unavailable: {}", e.getMessage());
    return hardened(Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
        .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .entity("{\"error\":\"ServiceUnavailable\",\"description\":\"The service's"
            + " database is unavailable; please try again later.\"}")).build();
  }

  /**
   * The media type a value is stored and served with.
   *
   * @param contentType the {@code Content-Type} it was written with, may be null or malformed
   * @return {@code type/subtype} (lower case) when on {@link #SAFE_MEDIA_TYPES}, plus
   *     {@code ;charset=} when the charset is on {@link #SAFE_CHARSETS}; otherwise
   *     {@code application/octet-stream}
   */
  public static String safeMediaType(String contentType) {
    if (contentType == null || contentType.isBlank() || contentType.length() > 200) {
      return MediaType.APPLICATION_OCTET_STREAM;
    }
    MediaType parsed;
    try {
      parsed = MediaType.valueOf(contentType.strip());
    } catch (IllegalArgumentException e) {
      return MediaType.APPLICATION_OCTET_STREAM;
    }
    String base = (parsed.getType() + "/" + parsed.getSubtype()).toLowerCase(Locale.ROOT);
    if (!SAFE_MEDIA_TYPES.contains(base)) {
      return MediaType.APPLICATION_OCTET_STREAM;
    }
    String charset = null;
    for (var p : parsed.getParameters().entrySet()) {
      if (p.getKey().equalsIgnoreCase("charset")) {
        charset = p.getValue().toLowerCase(Locale.ROOT);
      }
    }
    return charset != null && SAFE_CHARSETS.contains(charset) ? base + ";charset=" + charset
        : base;
  }

  /**
   * Adds the headers that keep a response from being sniffed or rendered as a page.
   *
   * @param b the response
   * @return it, with {@code X-Content-Type-Options: nosniff} and a sandboxing CSP
   */
  static Response.ResponseBuilder hardened(Response.ResponseBuilder b) {
    return b.header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'; sandbox");
  }

  static Response text(Response.StatusType status, String message) {
    return text(status.getStatusCode(), message);
  }

  static Response text(int status, String message) {
    Response.ResponseBuilder b = hardened(Response.status(status).type(MediaType.TEXT_PLAIN_TYPE
        .withCharset("UTF-8")).entity(message + "\n"));
    if (status == 401) {
      b.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
    }
    return b.build();
  }
}
