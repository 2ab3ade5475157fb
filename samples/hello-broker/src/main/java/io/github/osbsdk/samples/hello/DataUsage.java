package io.github.osbsdk.samples.hello;

/**
 * Told of every successful (2xx) call to the data endpoint, e.g. to count it for usage-based
 * billing ({@link HelloMetering}).
 */
@FunctionalInterface
public interface DataUsage {
  /** Counts nothing. */
  DataUsage NONE = namespace -> { };

  /**
   * A data call on the namespace succeeded.
   *
   * @param namespace the namespace, as the call found it
   */
  void succeeded(Namespace namespace);
}
