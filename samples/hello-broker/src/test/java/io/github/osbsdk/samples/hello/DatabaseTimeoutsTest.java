package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic behind the README's promise that a database fault is answered 503 within 30 s:
 * a request ends at its first database call that fails, and that call waits at most the pool's
 * connection timeout, then at most pgjdbc's socket timeout.
 */
class DatabaseTimeoutsTest {
  /** What README.md promises. */
  private static final Duration PROMISED = Duration.ofSeconds(30);
  /** Left for the calls answered before the fault and for the HTTP answer itself. */
  private static final Duration MARGIN = Duration.ofSeconds(5);
  /** PostgresBrokerStore's and the sample's own statement timeout (Sql). */
  private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(Sql.TIMEOUT_SECONDS);

  @Test
  void aStalledDatabaseIsAnsweredWithinThePromiseWithAMargin() {
    assertThat(HelloState.STALLED_DATABASE_ANSWER)
        .isEqualTo(HelloState.CONNECTION_TIMEOUT.plus(HelloState.SOCKET_TIMEOUT))
        .isLessThanOrEqualTo(PROMISED.minus(MARGIN));
  }

  @Test
  void aSlowStatementIsCancelledBeforeItsConnectionIsCut() {
    // the statement timeout asks the server to cancel; the socket timeout closes the connection
    assertThat(HelloState.SOCKET_TIMEOUT).isGreaterThan(STATEMENT_TIMEOUT.multipliedBy(2));
  }
}
