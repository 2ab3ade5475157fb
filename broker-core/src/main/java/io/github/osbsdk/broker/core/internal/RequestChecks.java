package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.ApiVersion;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.context.PlatformContext;
import io.github.osbsdk.broker.api.internal.Texts;

/** Checks of a request's own fields that every endpoint makes the same way (each failure a 4xx). */
final class RequestChecks {
  private static final ApiVersion V2_14 = new ApiVersion(2, 14);

  private RequestChecks() {}

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
    return optionalQuery(value, name);
  }

  /**
   * @return the query parameter's value, or null when absent
   * @throws ServiceBrokerException 400 when it is empty (the spec: "If present, MUST be a
   *     non-empty string") or holds a control character (no id has one)
   */
  static String optionalQuery(String value, String name) {
    if (value != null && value.isEmpty()) {
      throw ServiceBrokerException.badRequest("The query parameter '" + name
          + "' must not be empty.");
    }
    if (value != null && Texts.hasControlCharacter(value)) {
      throw ServiceBrokerException.badRequest("The query parameter '" + name
          + "' must not contain control characters.");
    }
    return value;
  }

  /**
   * @param storedServiceId the service of the instance (or binding) the request names
   * @param requestedServiceId the request's {@code service_id}
   * @throws ServiceBrokerException 400 when they differ: an instance never changes its service,
   *     and the provider must not be called for a service the instance is not of
   */
  static void sameService(String storedServiceId, String requestedServiceId) {
    if (!storedServiceId.equals(requestedServiceId)) {
      throw ServiceBrokerException.badRequest("The service instance belongs to another"
          + " service_id.");
    }
  }

  /**
   * @param storedPlanId the plan of the instance a bind names
   * @param requestedPlanId the request's {@code plan_id}, may be null (a rotation)
   * @throws ServiceBrokerException 400 when they differ: the instance's plan decides whether it
   *     is bindable and which schema the parameters must pass, so another plan must not stand in
   */
  static void samePlan(String storedPlanId, String requestedPlanId) {
    if (requestedPlanId != null && !storedPlanId.equals(requestedPlanId)) {
      throw ServiceBrokerException.badRequest("The service instance is of plan_id '"
          + storedPlanId + "', not '" + AnswerValues.of(requestedPlanId) + "'.");
    }
  }

  static void gate(boolean strict, RequestContext context, String what) {
    if (strict && !context.apiVersion().atLeast(V2_14)) {
      throw SdkErrors.preconditionFailed(what + " needs X-Broker-API-Version "
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
          + "Identity header ('"
          + AnswerValues.of(context.originatingIdentity().platform())
          + "') differs from context.platform ('" + AnswerValues.of(platform.platform())
          + "').");
    }
    return context.withPlatformContext(platform);
  }

  static void checkMaintenanceInfo(Plan plan, MaintenanceInfo requested) {
    if (requested == null) {
      return;
    }
    MaintenanceInfo current = plan.maintenanceInfo();
    if (current == null) {
      throw SdkErrors.maintenanceInfoConflict("The service plan '" + plan.name()
          + "' has no maintenance_info, but the request names version '"
          + AnswerValues.of(requested.version())
          + "'.");
    }
    if (!withoutBuildMetadata(current.version()).equals(
        withoutBuildMetadata(requested.version()))) {
      throw SdkErrors.maintenanceInfoConflict("The maintenance_info.version '"
          + AnswerValues.of(requested.version()) + "' does not match the current version '"
          + current.version()
          + "' of the service plan '" + plan.name() + "'.");
    }
  }

  /**
   * A SemVer version without its build metadata ({@code +...}), which SemVer 2.0 excludes from
   * precedence: {@code 1.0.0+build} and {@code 1.0.0} are the same version. Null stays null.
   */
  static String withoutBuildMetadata(String version) {
    int plus = version == null ? -1 : version.indexOf('+');
    return plus < 0 ? version : version.substring(0, plus);
  }
}
