package io.github.osbsdk.broker.store.jdbc.internal;

import java.sql.SQLException;

/**
 * A unique index refused a row because a concurrent call won: the store turns it into the
 * outcome the SPI names (an existing claim, a busy target) and never lets it escape.
 */
public final class LostRaceException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param what the call
   * @param cause the unique violation
   */
  public LostRaceException(String what, SQLException cause) {
    super("PostgreSQL store: " + what + " lost a race (unique violation)", cause);
  }
}
