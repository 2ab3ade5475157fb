package io.github.osbsdk.broker.api.binding;

import io.github.osbsdk.broker.api.AsyncWork;
import java.util.Objects;

/**
 * What {@code ServiceBroker.unbind} did: deleted the binding (200) or accepted the work (202).
 * Unbinds of unknown ids (410) are answered by the SDK.
 */
public sealed interface UnbindResult {
  /**
   * The binding is gone (200).
   *
   * @return the result
   */
  static Unbound unbound() {
    return new Unbound();
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
  record Unbound() implements UnbindResult {}

  /**
   * Accepted (202).
   *
   * @param work the work
   */
  record Accepted(AsyncWork work) implements UnbindResult {
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
