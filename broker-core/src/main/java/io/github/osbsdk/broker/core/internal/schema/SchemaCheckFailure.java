package io.github.osbsdk.broker.core.internal.schema;

/**
 * Internal: the SDK's check of request parameters against a plan's schema failed unexpectedly
 * (a fault of the SDK or of its schema library, not of the customer's parameters, which get a
 * 400, nor of the provider, which was not called). The message says which plan's which schema;
 * the cause is the failure.
 */
public final class SchemaCheckFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SchemaCheckFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
