package io.github.osbsdk.broker.core.internal.metrics;

import java.util.Locale;

/**
 * The SDK endpoint a request went to, read from its method and raw path: the {@code endpoint} tag
 * of {@code osb.requests}. Never carries ids.
 */
public enum BrokerEndpoint {
  /** {@code GET /v2/catalog}. */
  CATALOG,
  /** {@code PUT /v2/service_instances/:id}. */
  PROVISION,
  /** {@code PATCH /v2/service_instances/:id}. */
  UPDATE,
  /** {@code DELETE /v2/service_instances/:id}. */
  DEPROVISION,
  /** {@code GET /v2/service_instances/:id}. */
  FETCH_INSTANCE,
  /** {@code GET /v2/service_instances/:id/last_operation}. */
  LAST_OPERATION,
  /** {@code PUT /v2/service_instances/:id/service_bindings/:id}. */
  BIND,
  /** {@code DELETE /v2/service_instances/:id/service_bindings/:id}. */
  UNBIND,
  /** {@code GET /v2/service_instances/:id/service_bindings/:id}. */
  FETCH_BINDING,
  /** {@code GET /v2/service_instances/:id/service_bindings/:id/last_operation}. */
  LAST_BINDING_OPERATION,
  /** {@code GET /bluemix_v1/service_instances/:id}. */
  INSTANCE_STATE,
  /** {@code PUT /bluemix_v1/service_instances/:id}. */
  INSTANCE_STATE_UPDATE,
  /** Any other method or path under {@code /v2} or {@code /bluemix_v1} (answered 404/405). */
  OTHER;

  private final String tag = name().toLowerCase(Locale.ROOT);

  /**
   * The tag value.
   *
   * @return e.g. {@code last_binding_operation}
   */
  public String tag() {
    return tag;
  }

  /**
   * Classifies a request.
   *
   * @param method the HTTP method
   * @param rawPath the raw (still encoded) path, with or without a leading slash
   * @return the endpoint
   */
  public static BrokerEndpoint of(String method, String rawPath) {
    String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    String[] s = p.split("/", -1);
    if (s.length == 2 && s[0].equals("v2") && s[1].equals("catalog")) {
      return "GET".equals(method) ? CATALOG : OTHER;
    }
    if (s.length < 3 || !s[1].equals("service_instances") || s[2].isEmpty()) {
      return OTHER;
    }
    if (s[0].equals("bluemix_v1")) {
      return s.length != 3 ? OTHER : switch (method) {
        case "GET" -> INSTANCE_STATE;
        case "PUT" -> INSTANCE_STATE_UPDATE;
        default -> OTHER;
      };
    }
    if (!s[0].equals("v2")) {
      return OTHER;
    }
    return switch (s.length) {
      case 3 -> switch (method) {
        case "PUT" -> PROVISION;
        case "PATCH" -> UPDATE;
        case "DELETE" -> DEPROVISION;
        case "GET" -> FETCH_INSTANCE;
        default -> OTHER;
      };
      case 4 -> s[3].equals("last_operation") && "GET".equals(method) ? LAST_OPERATION : OTHER;
      case 5 -> !s[3].equals("service_bindings") || s[4].isEmpty() ? OTHER : switch (method) {
        case "PUT" -> BIND;
        case "DELETE" -> UNBIND;
        case "GET" -> FETCH_BINDING;
        default -> OTHER;
      };
      case 6 -> s[3].equals("service_bindings") && s[5].equals("last_operation")
          && "GET".equals(method) ? LAST_BINDING_OPERATION : OTHER;
      default -> OTHER;
    };
  }
}
