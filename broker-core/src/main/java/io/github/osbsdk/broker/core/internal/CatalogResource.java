package io.github.osbsdk.broker.core.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/**
 * {@code GET /v2/catalog} with {@code ETag} and {@code If-None-Match} (304), and its
 * {@code OPTIONS}. Like every other
 * endpoint it answers only a request the broker's filters authenticated (else 500, failing
 * closed). A provider's {@code catalog()} that fails, returns null or turns invalid is answered
 * with the OSB 500 (the platform keeps the catalog it has); requests go on being checked against
 * the last valid one.
 */
@Path(BrokerPaths.CATALOG)
public final class CatalogResource {
  private final BrokerServices services;

  /** @param services the shared services */
  public CatalogResource(BrokerServices services) {
    this.services = services;
  }

  /**
   * @param headers the request's headers: the {@code If-None-Match} lines (RFC 9110 lets a list
   *     come as several) are read from them, whatever the JVM's locale (see {@link HeaderKeys})
   * @param security the request's security context, set by the broker's filters
   * @return 200 with the catalog or 304
   */
  @GET
  public Response catalog(@Context HttpHeaders headers, @Context SecurityContext security) {
    List<String> ifNoneMatch = HeaderKeys.values(headers.getRequestHeaders(),
        HeaderKeys.IF_NONE_MATCH);
    return Endpoint.run(services, "catalog", security, ctx -> catalog(ifNoneMatch));
  }

  /**
   * {@code OPTIONS /v2/catalog}, answered by the SDK rather than by the container
   * ({@link Endpoint#options}): CXF listed the methods of every SDK resource (DELETE, PATCH, PUT
   * too, which the catalog answers with 405).
   *
   * @param security the request's security context, set by the broker's filters
   * @return 200 with {@code Allow: GET, HEAD, OPTIONS}
   */
  @OPTIONS
  public Response options(@Context SecurityContext security) {
    return Endpoint.options(services, security, "GET, HEAD, OPTIONS");
  }

  private Response catalog(List<String> ifNoneMatch) {
    CatalogSnapshot snapshot = services.catalogs().refresh();
    if (!ifNoneMatch.isEmpty() && matches(String.join(",", ifNoneMatch), snapshot.etag())) {
      return Response.notModified().header(HttpHeaders.ETAG, snapshot.etag()).build();
    }
    return Response.ok(snapshot.json(), MediaType.APPLICATION_JSON_TYPE)
        .header(HttpHeaders.ETAG, snapshot.etag()).build();
  }

  private static boolean matches(String header, String etag) {
    for (String candidate : header.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals("*") || c.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
