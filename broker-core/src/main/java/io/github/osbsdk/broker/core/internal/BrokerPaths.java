package io.github.osbsdk.broker.core.internal;

import jakarta.ws.rs.container.ContainerRequestContext;

/** Path constants of the OSB and IBM endpoints, and the test whether a request is the SDK's. */
public final class BrokerPaths {
  /** {@code GET /v2/catalog}. */
  public static final String CATALOG = "/v2/catalog";
  /** A service instance. */
  public static final String INSTANCE = "/v2/service_instances/{instance_id}";
  /** The last operation of a service instance (relative to {@link #INSTANCE}). */
  public static final String INSTANCE_LAST_OPERATION = "/last_operation";
  /** A service binding. */
  public static final String BINDING =
      "/v2/service_instances/{instance_id}/service_bindings/{binding_id}";
  /** The last operation of a service binding (relative to {@link #BINDING}). */
  public static final String BINDING_LAST_OPERATION = "/last_operation";
  /** IBM Cloud's instance state. */
  public static final String INSTANCE_STATE = "/bluemix_v1/service_instances/{instance_id}";

  private BrokerPaths() {}

  /**
   * @param request a request
   * @return whether the path is under {@code /v2/} or {@code /bluemix_v1/}, matrix parameters
   *     of the first segment ignored ({@code /v2;x=y/catalog} is matched as
   *     {@code /v2/catalog}, so it must get the broker's filters too), and so is a path with
   *     empty segments before it ({@code //v2/catalog})
   */
  public static boolean isBrokerPath(ContainerRequestContext request) {
    return isBrokerPath(path(request));
  }

  /**
   * @param path a request's path, as {@link #path} gives it
   * @return whether it is under {@code /v2/} or {@code /bluemix_v1/}, as
   *     {@link #isBrokerPath(ContainerRequestContext)}
   */
  static boolean isBrokerPath(String path) {
    String first = firstSegment(path);
    return first.equals("v2") || first.equals("bluemix_v1");
  }

  /**
   * @param request a request
   * @return its path relative to the application, still percent-encoded, with any matrix
   *     parameters
   */
  static String path(ContainerRequestContext request) {
    return request.getUriInfo().getPath(false);
  }

  /**
   * @param request a request
   * @return whether the path is under {@code /bluemix_v1/}, matrix parameters of the first
   *     segment ignored
   */
  public static boolean isInstanceStatePath(ContainerRequestContext request) {
    return firstSegment(path(request)).equals("bluemix_v1");
  }

  /**
   * The first segment of the raw path without its matrix parameters: JAX-RS matches resources
   * on the path without them, so the SDK's test of its paths must ignore them too. Empty
   * segments before it are skipped: a platform that joins a broker URL registered with a trailing
   * slash and {@code /v2/catalog} sends {@code //v2/catalog}, which no resource matches, and its
   * 404 must be the broker's (authenticated, with an OSB error body) in every container, not a
   * container's bodiless one.
   */
  private static String firstSegment(String p) {
    int start = 0;
    while (start < p.length() && p.charAt(start) == '/') {
      start++;
    }
    int end = p.indexOf('/', start);
    String segment = p.substring(start, end < 0 ? p.length() : end);
    int semicolon = segment.indexOf(';');
    return semicolon < 0 ? segment : segment.substring(0, semicolon);
  }
}
