package io.github.osbsdk.broker.core.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /v2/catalog} with {@code ETag} and {@code If-None-Match} (304). */
@Path(BrokerPaths.CATALOG)
public final class CatalogResource {
  private final Catalogs catalogs;

  /** @param catalogs the catalog holder */
  public CatalogResource(Catalogs catalogs) {
    this.catalogs = catalogs;
  }

  /**
   * @param ifNoneMatch the {@code If-None-Match} header, may be null
   * @return 200 with the catalog or 304
   */
  @GET
  public Response catalog(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    CatalogSnapshot snapshot = catalogs.refresh();
    if (ifNoneMatch != null && matches(ifNoneMatch, snapshot.etag())) {
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
