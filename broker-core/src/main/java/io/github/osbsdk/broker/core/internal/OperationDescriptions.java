package io.github.osbsdk.broker.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An operation's description as the SDK keeps it (see {@link OperationOutcome}). */
final class OperationDescriptions {
  /** The runner's: its log lines keep their category. */
  private static final Logger LOG = LoggerFactory.getLogger(OperationRunner.class);
  /** The most characters of an operation's description the SDK keeps (then an ellipsis). */
  static final int MAX_DESCRIPTION = 4_096;

  private OperationDescriptions() {}

  /**
   * A provider's description keeps its text, but no U+0000 (no database text holds it) and at
   * most {@link #MAX_DESCRIPTION} characters: it is kept in the operation and sent on every
   * poll of {@code last_operation}.
   *
   * @param description the description, or null
   * @return the description to keep
   */
  static String kept(String description) {
    if (description != null && description.indexOf('\u0000') >= 0) {
      description = description.replace('\u0000', '\ufffd');
    }
    return bounded(description);
  }

  /** The description cut to {@link #MAX_DESCRIPTION} characters, never inside a pair. */
  private static String bounded(String description) {
    if (description == null || description.length() <= MAX_DESCRIPTION) {
      return description;
    }
    int end = MAX_DESCRIPTION - 1;
    if (Character.isHighSurrogate(description.charAt(end - 1))) {
      end--;
    }
    LOG.warn("An operation's description of {} characters is kept cut to {}",
        description.length(), MAX_DESCRIPTION);
    return description.substring(0, end) + "\u2026";
  }
}
