package io.github.osbsdk.broker.api;

import io.github.osbsdk.broker.api.internal.SdkOnlyErrors;
import java.util.Objects;

/**
 * The one exception a {@link ServiceBroker} throws to answer a request with an OSB error.
 *
 * <p>It carries the HTTP status and the fields of the OSB error body ({@code error},
 * {@code description}, {@code instance_usable}, {@code update_repeatable}). The SDK turns it into
 * exactly that response; any other exception becomes a 500 with a generic body, its details only
 * in the log. Static factories cover every error of the OSB 2.17 specification that a provider
 * may answer.
 *
 * <p>Some errors only the SDK answers, from checks it makes before a provider is called, so they
 * have no factory here: 401 (the broker's authenticator; a custom one throws
 * {@code Authenticator.unauthorized} of broker-core), 412 (an {@code X-Broker-API-Version} the
 * broker does not support), 413 (a body over the broker's limit) and 422
 * {@code MaintenanceInfoConflict} (a {@code maintenance_info} that does not match the catalog).
 * The constructors refuse those statuses ({@link IllegalArgumentException} naming what to do
 * instead): a platform would take them for a wrong password, an old platform or a request too
 * large. (A {@code ServiceBroker} method that throws the authenticator's 401 is answered 500 with
 * a generic description and logged as a provider bug.) A 503 is sent with
 * the SDK's {@code Retry-After} (5 seconds), as every 503 the SDK answers; to name another, throw
 * a {@link TemporarilyUnavailableException} with its own {@code retryAfter}.
 *
 * <p>The {@code description} is shown to the end user by platforms (IBM Cloud shows it in its
 * console): write it for a customer, and never put secrets in it. Every constructor and factory
 * taking a description accepts null: the error body then has no {@code description}.
 */
public final class ServiceBrokerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** OSB error code for 422 when the request needs {@code accepts_incomplete=true}. */
  public static final String ASYNC_REQUIRED = "AsyncRequired";
  /** OSB error code for 422 when another operation on the same resource is in progress. */
  public static final String CONCURRENCY_ERROR = "ConcurrencyError";
  /** OSB error code for 422 when a binding needs an {@code app_guid}. */
  public static final String REQUIRES_APP = "RequiresApp";
  /** OSB error code for 422 when {@code maintenance_info} does not match the catalog. */
  public static final String MAINTENANCE_INFO_CONFLICT = "MaintenanceInfoConflict";

  private final int status;
  private final String error;
  private final String description;
  private final Boolean instanceUsable;
  private final Boolean updateRepeatable;

  static {
    SdkOnlyErrors.install((status, error, description) ->
        new ServiceBrokerException(status, error, description, null, null, null, false));
  }

  /**
   * Creates an exception for an OSB error response.
   *
   * @param status the HTTP status (400-599), not 401, 412 or 413 (only the SDK answers them)
   * @param error the OSB error code (CamelCase), may be null
   * @param description the user-facing description, may be null
   * @throws IllegalArgumentException when {@code status} is not 400-599, or 401, 412 or 413
   */
  public ServiceBrokerException(int status, String error, String description) {
    this(status, error, description, null, null, null);
  }

  /**
   * Creates an exception for an OSB error response with all fields.
   *
   * @param status the HTTP status (400-599), not 401, 412 or 413 (only the SDK answers them)
   * @param error the OSB error code (CamelCase), may be null
   * @param description the user-facing description, may be null
   * @param instanceUsable {@code instance_usable} (only for failed update or deprovision), may be
   *     null
   * @param updateRepeatable {@code update_repeatable} (only for failed update), may be null
   * @param cause the underlying cause, may be null; never shown to the caller
   * @throws IllegalArgumentException when {@code status} is not 400-599, or 401, 412 or 413
   */
  public ServiceBrokerException(int status, String error, String description,
      Boolean instanceUsable, Boolean updateRepeatable, Throwable cause) {
    this(status, error, description, instanceUsable, updateRepeatable, cause, true);
  }

  private ServiceBrokerException(int status, String error, String description,
      Boolean instanceUsable, Boolean updateRepeatable, Throwable cause, boolean provider) {
    super(message(status, error, description), cause);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 400-599: " + status);
    }
    if (provider && SdkOnlyErrors.STATUSES.contains(status)) {
      throw new IllegalArgumentException(sdkOnly(status));
    }
    this.status = status;
    this.error = error;
    this.description = description;
    this.instanceUsable = instanceUsable;
    this.updateRepeatable = updateRepeatable;
  }

  private static String sdkOnly(int status) {
    return "status " + status + " is answered only by the SDK: " + switch (status) {
      case 401 -> "an Authenticator refuses credentials with Authenticator.unauthorized"
          + "(description) of broker-core; a backend that refuses the broker's own credentials"
          + " is an internalError or a TemporarilyUnavailableException";
      case 412 -> "it refuses an X-Broker-API-Version it does not support"
          + " (Broker.Builder.minimumApiVersion) before a provider is called";
      default -> "it refuses a body larger than Broker.Builder.maxRequestBytes before a provider"
          + " is called; refuse parameters too large with unprocessable(description)";
    };
  }

  private static String message(int status, String error, String description) {
    return status + (error == null ? "" : " " + error)
        + (description == null ? "" : ": " + description);
  }

  /**
   * The HTTP status the SDK answers with.
   *
   * @return the HTTP status of the response
   */
  public int status() {
    return status;
  }

  /**
   * The {@code error} field of the OSB error body (e.g. {@code AsyncRequired}), if any.
   *
   * @return the OSB error code, or null
   */
  public String error() {
    return error;
  }

  /**
   * The {@code description} field of the OSB error body, shown to the user.
   *
   * @return the user-facing description, or null
   */
  public String description() {
    return description;
  }

  /**
   * The {@code instance_usable} field of the error body of a failed update or deprovision.
   *
   * @return {@code instance_usable}, or null when not set
   */
  public Boolean instanceUsable() {
    return instanceUsable;
  }

  /**
   * The {@code update_repeatable} field of the error body of a failed update.
   *
   * @return {@code update_repeatable}, or null when not set
   */
  public Boolean updateRepeatable() {
    return updateRepeatable;
  }

  /**
   * Returns a copy carrying {@code instance_usable}; the SDK sends it only on failed updates and
   * deprovisions, where the specification allows it.
   *
   * @param usable whether the instance is still usable
   * @return a new exception
   */
  public ServiceBrokerException withInstanceUsable(boolean usable) {
    return new ServiceBrokerException(status, error, description, usable, updateRepeatable,
        getCause(), false);
  }

  /**
   * Returns a copy carrying {@code update_repeatable}; the SDK sends it only on failed updates.
   *
   * @param repeatable whether the update may be repeated
   * @return a new exception
   */
  public ServiceBrokerException withUpdateRepeatable(boolean repeatable) {
    return new ServiceBrokerException(status, error, description, instanceUsable, repeatable,
        getCause(), false);
  }

  /**
   * Returns a copy with a cause attached (logged by the SDK, never sent to the caller).
   *
   * @param cause the cause
   * @return a new exception
   */
  public ServiceBrokerException withCause(Throwable cause) {
    return new ServiceBrokerException(status, error, description, instanceUsable,
        updateRepeatable, Objects.requireNonNull(cause, "cause == null"), false);
  }

  /**
   * Answers 400 Bad Request: the request is malformed or missing a required field.
   *
   * @param description what is wrong with the request, or null for none
   * @return 400 Bad Request
   */
  public static ServiceBrokerException badRequest(String description) {
    return new ServiceBrokerException(400, null, description);
  }

  /**
   * Answers 403 Forbidden: the caller authenticated but may not do this.
   *
   * @param description why the caller may not do this, or null for none
   * @return 403 Forbidden
   */
  public static ServiceBrokerException forbidden(String description) {
    return new ServiceBrokerException(403, null, description);
  }

  /**
   * Answers 404 Not Found: the instance, binding or operation does not exist.
   *
   * @param description what was not found, or null for none
   * @return 404 Not Found
   */
  public static ServiceBrokerException notFound(String description) {
    return new ServiceBrokerException(404, null, description);
  }

  /**
   * 409 Conflict: an instance or binding with the same id exists with different attributes.
   *
   * @param description what conflicts, or null for none
   * @return the exception
   */
  public static ServiceBrokerException conflict(String description) {
    return new ServiceBrokerException(409, null, description);
  }

  /**
   * 410 Gone: the instance or binding to delete does not exist (deprovision, unbind), or an
   * asynchronous delete has finished (last_operation).
   *
   * @param description what is gone, or null for none
   * @return the exception
   */
  public static ServiceBrokerException gone(String description) {
    return new ServiceBrokerException(410, null, description);
  }

  /**
   * 422 Unprocessable Entity without an OSB error code, e.g. a plan change the service does not
   * support, or a bind on a disabled instance.
   *
   * @param description why the request cannot be processed, or null for none
   * @return the exception
   */
  public static ServiceBrokerException unprocessable(String description) {
    return new ServiceBrokerException(422, null, description);
  }

  /**
   * Answers 422 {@code AsyncRequired}: the plan works only asynchronously and the platform did not
   * send {@code accepts_incomplete=true}.
   *
   * @return 422 {@code AsyncRequired}: the request needs {@code accepts_incomplete=true}
   */
  public static ServiceBrokerException asyncRequired() {
    return new ServiceBrokerException(422, ASYNC_REQUIRED,
        "This service plan requires client support for asynchronous service operations.");
  }

  /**
   * Answers 422 {@code ConcurrencyError}: another operation on this instance or binding is in
   * progress, the platform may retry later. The SDK answers it itself for a mutation while
   * another of its operations on the same instance (binding) runs; a provider throws it only
   * when something the SDK does not see refuses concurrent work (a backend shared by instances).
   *
   * @return 422 {@code ConcurrencyError}: another operation on this resource is in progress
   */
  public static ServiceBrokerException concurrencyError() {
    return new ServiceBrokerException(422, CONCURRENCY_ERROR,
        "Another operation for this service instance is in progress.");
  }

  /**
   * Answers 422 {@code RequiresApp}: the service binds only to an application and the bind named
   * none.
   *
   * @return 422 {@code RequiresApp}: the binding needs an {@code app_guid}
   */
  public static ServiceBrokerException requiresApp() {
    return new ServiceBrokerException(422, REQUIRES_APP,
        "This service supports generation of credentials through binding an application only.");
  }

  /**
   * 422: the broker does not implement an optional operation; the description names the catalog
   * flag that makes platforms call it.
   *
   * @param operation the operation, e.g. "fetching a service instance"
   * @param catalogFlag the catalog flag, e.g. "instances_retrievable"
   * @return the exception
   */
  public static ServiceBrokerException notSupported(String operation, String catalogFlag) {
    Objects.requireNonNull(operation, "operation == null");
    Objects.requireNonNull(catalogFlag, "catalogFlag == null");
    return new ServiceBrokerException(422, null, "This broker does not support " + operation
        + " (the catalog flag '" + catalogFlag + "' is not set for this service or plan).");
  }

  /**
   * Answers 500 Internal Server Error with a description safe to show to the user.
   *
   * @param description a generic, user-safe description, or null for none
   * @return 500 Internal Server Error
   */
  public static ServiceBrokerException internalError(String description) {
    return new ServiceBrokerException(500, null, description);
  }
}
