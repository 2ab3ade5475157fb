package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.ApiVersion;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.context.PlatformContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Helpers shared by the resources. */
final class Calls {
  private static final Logger LOG = LoggerFactory.getLogger(Calls.class);
  static final int MAX_OPERATION_LENGTH = 10_000;
  private static final ApiVersion V2_14 = new ApiVersion(2, 14);

  private Calls() {}

  /**
   * The context of a broker request, read from the request's own security context (set by the
   * broker's filters).
   *
   * @param security the request's security context
   * @return the request context
   * @throws IllegalStateException when the broker's filters did not run (a misconfiguration)
   */
  static RequestContext context(jakarta.ws.rs.core.SecurityContext security) {
    if (security != null && security.getUserPrincipal() instanceof RequestPrincipal p) {
      return p.context();
    }
    filtersMissing();
    throw new IllegalStateException("the broker's filters did not run");
  }

  /** Logs that a broker resource ran without the broker's filters (a misconfiguration). */
  static void filtersMissing() {
    LOG.error("Broker resources called without the broker's filters; register every singleton"
        + " of Broker.singletons() or Broker.application()");
  }

  static boolean acceptsIncomplete(String raw) {
    if (raw == null) {
      return false;
    }
    return switch (raw) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ServiceBrokerException.badRequest(
          "The query parameter 'accepts_incomplete' must be 'true' or 'false'.");
    };
  }

  static String requiredQuery(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw ServiceBrokerException.badRequest("The query parameter '" + name + "' is required.");
    }
    return value;
  }

  static void gate(boolean strict, RequestContext context, String what) {
    if (strict && !context.apiVersion().atLeast(V2_14)) {
      throw ServiceBrokerException.preconditionFailed(what + " needs X-Broker-API-Version "
          + V2_14 + " or later.");
    }
  }

  static RequestContext withPlatform(RequestContext context, PlatformContext platform) {
    if (platform == null) {
      return context;
    }
    if (context.originatingIdentity() != null && platform.platform() != null
        && !platform.platform().equals(context.originatingIdentity().platform())) {
      throw ServiceBrokerException.badRequest("The platform of the X-Broker-API-Originating-"
          + "Identity header ('" + context.originatingIdentity().platform()
          + "') differs from context.platform ('" + platform.platform() + "').");
    }
    return context.withPlatformContext(platform);
  }

  static void checkMaintenanceInfo(Plan plan, MaintenanceInfo requested) {
    if (requested == null) {
      return;
    }
    MaintenanceInfo current = plan.maintenanceInfo();
    if (current == null || current.version() == null) {
      throw ServiceBrokerException.maintenanceInfoConflict("The service plan '" + plan.name()
          + "' has no maintenance_info, but the request names version '" + requested.version()
          + "'.");
    }
    if (!current.version().equals(requested.version())) {
      throw ServiceBrokerException.maintenanceInfoConflict("The maintenance_info.version '"
          + requested.version() + "' does not match the current version '" + current.version()
          + "' of the service plan '" + plan.name() + "'.");
    }
  }

  /** Logs a provider bug and returns the generic 500 to throw. */
  static ServiceBrokerException providerBug(String what, RequestContext context) {
    LOG.error("Request {}: ServiceBroker implementation error: {}", context.requestId(), what);
    return ServiceBrokerException.internalError(
        ErrorResponses.internalDescription(context.requestId()));
  }

  /**
   * @param answer what the provider's method returned
   * @param method the {@code ServiceBroker} method, for the log
   * @param context the request context
   * @return the answer
   * @throws ServiceBrokerException 500 (logged as a provider bug) when it is null
   */
  static <T> T requireAnswer(T answer, String method, RequestContext context) {
    if (answer == null) {
      throw providerBug(method + " returned null", context);
    }
    return answer;
  }

  /**
   * Refuses an asynchronous answer to a request that did not accept one (a provider bug: it
   * should have thrown {@code ServiceBrokerException.asyncRequired()}).
   *
   * @param acceptsIncomplete the request's {@code accepts_incomplete}
   * @param method the {@code ServiceBroker} method, for the log
   * @param context the request context
   */
  static void requireAsyncAccepted(boolean acceptsIncomplete, String method,
      RequestContext context) {
    if (!acceptsIncomplete) {
      throw providerBug(method + " answered asynchronously although accepts_incomplete was not"
          + " true (throw ServiceBrokerException.asyncRequired() instead)", context);
    }
  }

  /**
   * @return the fingerprint of a DELETE (deprovision or unbind): its query, which is all it has
   */
  static String deleteFingerprint(boolean acceptsIncomplete, String serviceId, String planId) {
    return acceptsIncomplete + " " + serviceId.length() + ":" + serviceId + planId;
  }

  static void checkOperation(String operation, RequestContext context) {
    if (operation != null && operation.length() > MAX_OPERATION_LENGTH) {
      throw providerBug("returned an operation longer than " + MAX_OPERATION_LENGTH
          + " characters", context);
    }
  }

  /** Drops {@code instance_usable} / {@code update_repeatable} where the spec does not allow them. */
  static ServiceBrokerException sanitize(ServiceBrokerException e, boolean usableAllowed,
      boolean repeatableAllowed) {
    Boolean usable = usableAllowed ? e.instanceUsable() : null;
    Boolean repeatable = repeatableAllowed ? e.updateRepeatable() : null;
    if (java.util.Objects.equals(usable, e.instanceUsable())
        && java.util.Objects.equals(repeatable, e.updateRepeatable())) {
      return e;
    }
    ServiceBrokerException copy = new ServiceBrokerException(e.status(), e.error(),
        e.description(), usable, repeatable, e.getCause());
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }

  static Response json(int status, Object entity) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(entity).build();
  }

  static Response lastOperation(LastOperation op, boolean bindingEndpoint) {
    LastOperation body = bindingEndpoint
        ? new LastOperation(op.state(), op.description(), null, null, op.retryAfterSeconds())
        : op;
    Response.ResponseBuilder r = Response.ok(body, MediaType.APPLICATION_JSON_TYPE);
    if (op.retryAfterSeconds() != null) {
      r.header("Retry-After", op.retryAfterSeconds());
    }
    return r.build();
  }
}
