package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.testkit.client.OsbResponse;

/** The broker broke the rule; carries the exchange that shows it. */
public final class CheckFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient OsbResponse<?> evidence;

  /**
   * @param message what was expected and what came back
   * @param evidence the exchange, may be null
   */
  public CheckFailure(String message, OsbResponse<?> evidence) {
    super(message, null, false, false);
    this.evidence = evidence;
  }

  /** @return the exchange that shows the failure, may be null */
  public OsbResponse<?> evidence() {
    return evidence;
  }
}
