package io.github.osbsdk.broker.testkit.client;

/** How a response or request body appears in a report: cut after {@link #MAX_REPORTED_CHARS}. */
final class BodyExcerpt {
  /** Bodies longer than this are cut. */
  static final int MAX_REPORTED_CHARS = 2000;

  private BodyExcerpt() {}

  static String truncate(String body) {
    if (body.length() <= MAX_REPORTED_CHARS) {
      return body;
    }
    return body.substring(0, MAX_REPORTED_CHARS) + "... (" + body.length() + " chars, truncated)";
  }
}
