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
   * @return whether the path is under {@code /v2/} or {@code /bluemix_v1/}
   */
  public static boolean isBrokerPath(ContainerRequestContext request) {
    String p = request.getUriInfo().getPath(false);
    int start = p.startsWith("/") ? 1 : 0;
    return p.startsWith("v2", start) && (p.length() == start + 2 || p.charAt(start + 2) == '/')
        || p.startsWith("bluemix_v1", start)
            && (p.length() == start + 10 || p.charAt(start + 10) == '/');
  }

  /**
   * @param request a request
   * @return whether the path is under {@code /bluemix_v1/}
   */
  public static boolean isInstanceStatePath(ContainerRequestContext request) {
    String p = request.getUriInfo().getPath(false);
    return p.startsWith(p.startsWith("/") ? "/bluemix_v1" : "bluemix_v1");
  }
}
