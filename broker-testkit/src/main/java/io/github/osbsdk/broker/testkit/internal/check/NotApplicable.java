package io.github.osbsdk.broker.testkit.internal.check;

/** The rule does not apply to this broker or plan; the check is reported as skipped. */
public final class NotApplicable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param reason why the check does not apply */
  public NotApplicable(String reason) {
    super(reason, null, false, false);
  }
}
