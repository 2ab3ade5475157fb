package io.github.osbsdk.broker.testkit.internal.check;

/**
 * How the user configured the run, so that a message telling them what to set names what they
 * use: the Java API's methods or the command line's flags.
 */
public enum Front {
  /** {@code ConformanceSuite.Builder} and {@code Capabilities}. */
  API,
  /** The flags of the kit's command line runner. */
  CLI;

  /**
   * @param api the setting in the Java API, e.g. {@code Capabilities.concurrency}
   * @param cli the same setting on the command line, e.g. {@code --concurrency}
   * @return the one the user uses
   */
  public String setting(String api, String cli) {
    return this == CLI ? cli : api;
  }
}
