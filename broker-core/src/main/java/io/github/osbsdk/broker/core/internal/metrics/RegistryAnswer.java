package io.github.osbsdk.broker.core.internal.metrics;

import java.util.Locale;

/**
 * An answer the SDK gave from its registry, without calling the provider: the {@code answer} tag
 * of {@code osb.registry.answers}.
 */
public enum RegistryAnswer {
  /**
   * An identical repeat of a finished provision or bind, or an update's repeat that waited for
   * the same update and found it succeeded: 200.
   */
  REPEAT(200),
  /** An identical repeat of a running asynchronous operation: 202 with its operation. */
  REPEAT_IN_PROGRESS(202),
  /** The id is taken with different attributes: 409. */
  CONFLICT(409),
  /** A deprovision or unbind of an unknown id: 410. */
  GONE(410),
  /** Another operation runs on the resource: 422 {@code ConcurrencyError}. */
  CONCURRENCY(422);

  private final int status;
  private final String tag = name().toLowerCase(Locale.ROOT);

  RegistryAnswer(int status) {
    this.status = status;
  }

  /**
   * The HTTP status of the answer.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  /**
   * The tag value.
   *
   * @return e.g. {@code repeat_in_progress}
   */
  public String tag() {
    return tag;
  }
}
