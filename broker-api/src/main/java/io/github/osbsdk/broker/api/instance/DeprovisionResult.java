package io.github.osbsdk.broker.api.instance;

import io.github.osbsdk.broker.api.AsyncWork;
import java.util.Objects;

/**
 * What {@code ServiceBroker.deprovision} did: deleted the instance (200) or accepted the work
 * (202). Deprovisions of unknown ids (410) are answered by the SDK.
 */
public sealed interface DeprovisionResult {
  /**
   * The instance is gone (200).
   *
   * @return the result
   */
  static Deleted deleted() {
    return new Deleted();
  }

  /**
   * The work continues in the background (202); only when the request accepts it.
   *
   * @param work the work
   * @return the result
   */
  static Accepted accepted(AsyncWork work) {
    return new Accepted(work);
  }

  /** Deleted (200). */
  record Deleted() implements DeprovisionResult {}

  /**
   * Accepted (202).
   *
   * @param work the work
   */
  record Accepted(AsyncWork work) implements DeprovisionResult {
    /**
     * Checks the work.
     *
     * @param work the work
     */
    public Accepted {
      Objects.requireNonNull(work, "work == null");
    }
  }
}
