package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.ReencryptionReport;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code BROKER_CREDENTIALS_REENCRYPT=true}: after the start, one background thread rewrites the
 * stored binding credentials that a previous key opens under the current key
 * ({@link Broker#reencryptCredentials()}, which logs what it did). While the database is
 * unavailable it tries again every {@link #RETRY}, at most {@link #ATTEMPTS} times; values that
 * changed during a walk get one more walk. Requests are served meanwhile.
 */
final class CredentialReencryptionTask {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialReencryptionTask.class);
  /** The pause after the database was unavailable. */
  static final Duration RETRY = Duration.ofSeconds(30);
  /** The most walks. */
  static final int ATTEMPTS = 10;
  private final CompletableFuture<ReencryptionReport> result = new CompletableFuture<>();
  private final Thread thread;

  private CredentialReencryptionTask(Supplier<ReencryptionReport> walk, Duration retry,
      int attempts) {
    thread = new Thread(() -> run(walk, retry, attempts, result), "credential-reencryption");
    thread.setDaemon(true);
  }

  /**
   * Starts the background walk.
   *
   * @param broker the broker, with its credential keys
   * @return the running task
   */
  static CredentialReencryptionTask start(Broker broker) {
    return start(broker::reencryptCredentials, RETRY, ATTEMPTS);
  }

  /**
   * Starts a background walk with its own pause and number of attempts (tests).
   *
   * @param walk one walk over the stored credentials
   * @param retry the pause after the database was unavailable
   * @param attempts the most walks, at least 1
   * @return the running task
   */
  static CredentialReencryptionTask start(Supplier<ReencryptionReport> walk, Duration retry,
      int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
    CredentialReencryptionTask task = new CredentialReencryptionTask(walk, retry, attempts);
    task.thread.start();
    return task;
  }

  /**
   * The outcome.
   *
   * @return the last walk's report, or an exception when none could finish
   */
  CompletableFuture<ReencryptionReport> result() {
    return result;
  }

  /** Stops waiting to try again (the server is closing); a walk under way ends on its own. */
  void stop() {
    thread.interrupt();
  }

  private static void run(Supplier<ReencryptionReport> walk, Duration retry, int attempts,
      CompletableFuture<ReencryptionReport> result) {
    ReencryptionReport last = null;
    RuntimeException failure = null;
    for (int attempt = 1; attempt <= attempts && !Thread.currentThread().isInterrupted();
        attempt++) {
      try {
        last = walk.get();
        failure = null;
        if (last.changedMeanwhile() == 0 || attempt > 1 && last.rewritten() == 0) {
          break;
        }
      } catch (StoreUnavailableException e) {
        failure = e;
        if (attempt == attempts) {
          LOG.error("Re-encrypting stored credentials: the database is unavailable ({}); gave up"
              + " after {} attempts, restart with {}=true to try again", e.getMessage(), attempts,
              StateSettings.REENCRYPT_VARIABLE);
          break;
        }
        LOG.warn("Re-encrypting stored credentials: the database is unavailable ({}); trying"
            + " again in {} s", e.getMessage(), retry.toSeconds());
        try {
          Thread.sleep(retry.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      } catch (RuntimeException e) {
        failure = e;
        LOG.error("Re-encrypting stored credentials failed", e);
        break;
      }
    }
    if (last != null && failure == null) {
      if (last.complete()) {
        LOG.info("Every stored binding credential is under the current key; once every replica"
            + " runs with it, {} can be emptied", StateSettings.PREVIOUS_KEYS_VARIABLE);
      }
      result.complete(last);
    } else {
      result.completeExceptionally(failure != null ? failure
          : new IllegalStateException("re-encryption stopped before it finished"));
    }
  }
}
