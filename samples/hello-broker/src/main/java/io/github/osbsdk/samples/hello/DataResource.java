package io.github.osbsdk.samples.hello;

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
import java.util.Objects;

/**
 * The service itself: {@code /data/{instanceId}/{key}} with GET, PUT and DELETE, opened by the
 * credentials of a binding of that instance (HTTP basic auth).
 *
 * <p>Ids arrive percent-encoded (an IBM Cloud instance id is a CRN with {@code %3A} and
 * {@code %2F}); they are matched raw ({@link Encoded}) and decoded exactly once. Unbound or
 * revoked credentials get 401, credentials of another instance 401 too (no hint that the
 * instance exists), read-only credentials 403 on writes, a disabled instance 403. Sizes are
 * bounded.
 */
@Path("/data/{instanceId}/{key}")
public final class DataResource {
  /** The largest value accepted, in bytes. */
  public static final int MAX_VALUE_BYTES = 64 * 1024;
  /** The longest key accepted, in characters. */
  public static final int MAX_KEY_LENGTH = 256;
  private static final String CHALLENGE = "Basic realm=\"hello-kv data\"";

  private final KeyValueStore store;

  /** @param store the store shared with the broker */
  public DataResource(KeyValueStore store) {
    this.store = Objects.requireNonNull(store, "store == null");
  }

  /**
   * Reads a key.
   *
   * @param instanceId the instance id, percent-encoded
   * @param key the key, percent-encoded
   * @param authorization the {@code Authorization} header
   * @return 200 with the value, 404 when the key is absent
   */
  @GET
  public Response get(@PathParam("instanceId") @Encoded String instanceId,
      @PathParam("key") @Encoded String key,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    DataAccess access = DataAccess.check(store, authorization, instanceId, key, false);
    if (access.refusal() != null) {
      return access.refusal();
    }
    StoredValue value = access.namespace().data().get(access.key());
    if (value == null) {
      return text(Response.Status.NOT_FOUND, "No such key.");
    }
    return Response.ok(value.bytes(), value.mediaType()).build();
  }

  /**
   * Writes a key.
   *
   * @param instanceId the instance id, percent-encoded
   * @param key the key, percent-encoded
   * @param authorization the {@code Authorization} header
   * @param contentType the media type of the value (default {@code application/octet-stream})
   * @param body the value
   * @return 204; 413 when the value is too large; 507 when the plan's key limit is reached
   * @throws IOException when reading the body fails
   */
  @PUT
  @Consumes(MediaType.WILDCARD)
  public Response put(@PathParam("instanceId") @Encoded String instanceId,
      @PathParam("key") @Encoded String key,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      InputStream body) throws IOException {
    DataAccess access = DataAccess.check(store, authorization, instanceId, key, true);
    if (access.refusal() != null) {
      return access.refusal();
    }
    byte[] bytes = body.readNBytes(MAX_VALUE_BYTES + 1);
    if (bytes.length > MAX_VALUE_BYTES) {
      return text(Response.Status.REQUEST_ENTITY_TOO_LARGE,
          "Values are limited to " + MAX_VALUE_BYTES + " bytes.");
    }
    String type = contentType == null || contentType.isBlank()
        ? MediaType.APPLICATION_OCTET_STREAM : contentType;
    if (!access.namespace().put(access.key(), new StoredValue(bytes, type))) {
      return text(507, // Insufficient Storage
          "The plan's key limit is reached; delete keys or update to a larger plan.");
    }
    return Response.noContent().build();
  }

  /**
   * Deletes a key.
   *
   * @param instanceId the instance id, percent-encoded
   * @param key the key, percent-encoded
   * @param authorization the {@code Authorization} header
   * @return 204; 404 when the key is absent
   */
  @DELETE
  public Response delete(@PathParam("instanceId") @Encoded String instanceId,
      @PathParam("key") @Encoded String key,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    DataAccess access = DataAccess.check(store, authorization, instanceId, key, true);
    if (access.refusal() != null) {
      return access.refusal();
    }
    if (access.namespace().data().remove(access.key()) == null) {
      return text(Response.Status.NOT_FOUND, "No such key.");
    }
    return Response.noContent().build();
  }

  static Response text(Response.StatusType status, String message) {
    return text(status.getStatusCode(), message);
  }

  static Response text(int status, String message) {
    Response.ResponseBuilder b = Response.status(status).type(MediaType.TEXT_PLAIN_TYPE
        .withCharset("UTF-8")).entity(message + "\n");
    if (status == 401) {
      b.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
    }
    return b.build();
  }
}
