package io.github.osbsdk.samples.hello.bare;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.samples.hello.HelloCatalog;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The same JSON work as the SDK path, nothing else: serializes hello-kv's catalog on every
 * {@code GET /v2/catalog}; parses the provision body and answers 201 {@code {}}.
 */
@Path("/v2")
public final class BareResource {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final byte[] EMPTY_OBJECT = {'{', '}'};

  private final ObjectMapper mapper = new ObjectMapper();

  /** Creates the resource. */
  public BareResource() {}

  /**
    * Answers the catalog.
    *
   * @return the catalog, serialized now
   * @throws IOException never in practice
   */
  @GET
  @Path("catalog")
  @Produces(MediaType.APPLICATION_JSON)
  public byte[] catalog() throws IOException {
    return mapper.writeValueAsBytes(HelloCatalog.catalog());
  }

  /**
    * Answers a provision.
    *
   * @param instanceId the instance id
   * @param body the provision body
   * @return 201 {@code {}}
   * @throws IOException when the body cannot be read
   */
  @PUT
  @Path("service_instances/{instanceId}")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response provision(@PathParam("instanceId") String instanceId, InputStream body)
      throws IOException {
    Map<String, Object> request = mapper.readValue(body, MAP);
    if (instanceId.isEmpty() || request.get("service_id") == null) {
      return Response.status(Response.Status.BAD_REQUEST).entity(EMPTY_OBJECT).build();
    }
    return Response.status(Response.Status.CREATED).entity(EMPTY_OBJECT).build();
  }
}
