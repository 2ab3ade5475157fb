package io.github.osbsdk.broker.core.internal.schema;

/** Makes {@link SchemaCheckFailure}s for tests in other packages. */
public final class SchemaCheckFailures {
  private SchemaCheckFailures() {}

  /**
   * @param cause the failure of the check
   * @return a failure of the SDK's parameter check
   */
  public static SchemaCheckFailure of(Throwable cause) {
    return new SchemaCheckFailure("checking parameters failed in the SDK", cause);
  }
}
