package io.github.osbsdk.broker.metering;

import java.util.List;

/**
 * A usage record was refused before it was queued: it would be refused by IBM Cloud or would
 * bill the wrong amount. The message names every problem found, and {@link #problems()} lists
 * them. A refused record is never stored or sent.
 */
public final class InvalidUsageRecordException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Not serialized: the message already carries every problem. */
  private final transient List<String> problems;

  /**
   * Creates the exception.
   *
   * @param problems every problem found, at least one
   */
  public InvalidUsageRecordException(List<String> problems) {
    super("invalid usage record: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * Returns the problems, one sentence each.
   *
   * @return the problems, never empty
   */
  public List<String> problems() {
    return problems == null ? List.of(getMessage()) : problems;
  }
}
