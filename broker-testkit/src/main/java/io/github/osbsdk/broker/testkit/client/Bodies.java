package io.github.osbsdk.broker.testkit.client;

/** Body helpers for reports. */
final class Bodies {
  /** Bodies longer than this are cut in reports. */
  static final int MAX_REPORTED_CHARS = 2000;

  private Bodies() {}

  static String truncate(String body) {
    if (body.length() <= MAX_REPORTED_CHARS) {
      return body;
    }
    return body.substring(0, MAX_REPORTED_CHARS) + "... (" + body.length() + " chars, truncated)";
  }
}
