package io.github.osbsdk.broker.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The {@code state} of a last operation. */
public enum OperationState {
  /** {@code "in progress"}. */
  IN_PROGRESS("in progress"),
  /** {@code "succeeded"}. */
  SUCCEEDED("succeeded"),
  /** {@code "failed"}. */
  FAILED("failed");

  private final String wire;

  OperationState(String wire) {
    this.wire = wire;
  }

  /**
   * The text of this state in the {@code state} field of a {@code last_operation} answer.
   *
   * @return the value on the wire
   */
  @JsonValue
  public String wire() {
    return wire;
  }

  /**
   * Reads a {@code state} field of a {@code last_operation} answer.
   *
   * @param value the wire value
   * @return the state
   * @throws IllegalArgumentException for any other value
   */
  @JsonCreator
  public static OperationState fromWire(String value) {
    for (OperationState s : values()) {
      if (s.wire.equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown operation state: " + value);
  }
}
