package io.github.osbsdk.benchmarks.state;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
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
 * The baseline of {@link ProvisionAllocation}: a provision endpoint with no SDK, doing what the
 * hello-broker sample's bare endpoint does (parse the body, answer 201 {@code {}}).
 */
@Path("/v2/service_instances/{instanceId}")
public final class BareProvisionResource {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final byte[] EMPTY_OBJECT = {'{', '}'};
  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * Answers a provision.
   *
   * @param instanceId the instance id
   * @param body the provision body
   * @return 201 {@code {}}, or 400 without a {@code service_id}
   * @throws IOException when the body cannot be read
   */
  @PUT
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response provision(@PathParam("instanceId") String instanceId, InputStream body)
      throws IOException {
    Map<String, Object> request = mapper.readValue(body, MAP);
    Response.Status status = instanceId.isEmpty() || request.get("service_id") == null
        ? Response.Status.BAD_REQUEST : Response.Status.CREATED;
    return Response.status(status).entity(EMPTY_OBJECT).build();
  }
}
