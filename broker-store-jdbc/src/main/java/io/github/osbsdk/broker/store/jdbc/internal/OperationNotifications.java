package io.github.osbsdk.broker.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to PostgreSQL's notifications of finished asynchronous operations (LISTEN on the
 * operation table's channel; the finishing statements call {@code pg_notify} with the
 * operation's id) and drops this replica's copies of them ({@link RunningOperations}).
 *
 * <p>On demand: the listener starts, on a connection borrowed from the pool, when a poll would
 * like to keep a copy, and gives the connection back (after UNLISTEN, as after a failure) once
 * no copy has been asked for during the idle time; a connection on which the UNLISTEN fails is
 * aborted instead, so that the pool never lends it out again. Copies are used only once
 * notifications are known to arrive: the listener sends itself a probe through another pooled
 * connection and starts the session when it hears it, and probes again every 5 s; a probe not
 * heard within 2 s ends the session, and copies are used only within {@link #MAX_SILENCE} of
 * the last probe heard (behind a connection pooler in transaction mode LISTEN does not work,
 * and copies are then never used). The probe is sent on the listener's thread, which reads no
 * notification meanwhile: while it waits for a pooled connection (every one lent out, up to the
 * pool's timeout) a finish committed then is handled only once the probe is sent, or no copy is
 * used any more {@link #MAX_SILENCE} after the last probe heard, whichever comes first; so a copy
 * may be served up to about 2 s after the finish. While it is not listening (starting, stopped, the
 * connection lost, a probe missed) no copy is used: every poll reads the database. After a
 * failure it tries again no sooner than a second later. Needs the PostgreSQL JDBC driver
 * (pgjdbc); with another driver,
 * copies are simply never made.
 */
public final class OperationNotifications implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperationNotifications.class);
  private static final int WAIT_MILLIS = 250;
  private static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();
  /** Probes: the listener notifies itself through another connection, and must hear it. */
  private static final String PROBE_PREFIX = "probe ";
  private static final long PROBE_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();
  private static final long PROBE_TIMEOUT_NANOS = Duration.ofSeconds(2).toNanos();
  /**
   * How long after the last probe was heard copies are still used: the next probe is sent 5 s
   * after it and must be heard within 2 s, so a listener that stopped hearing (or a probe that
   * cannot even be sent) stops the use of every copy after at most 7 s.
   */
  public static final Duration MAX_SILENCE = Duration.ofSeconds(7);
  /** The longest {@link #close()} waits for the listener's thread to end. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

  private final DataSource dataSource;
  private final String channel;
  private final RunningOperations copies;
  private final long idleNanos;
  private final LongSupplier nanoTime;
  private final Object lock = new Object();
  private Thread thread;
  private volatile boolean closed;
  private long retryAt;
  private boolean warned;

  /**
   * Creates the listener; it starts on the first {@link #ensureListening()}.
   *
   * @param dataSource where its connection comes from
   * @param channel the notification channel (the operation table's name)
   * @param copies the copies it drops
   * @param idle how long without requests before it gives its connection back
   * @param nanoTime the clock ({@code System::nanoTime})
   */
  public OperationNotifications(DataSource dataSource, String channel, RunningOperations copies,
      Duration idle, LongSupplier nanoTime) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    this.channel = Objects.requireNonNull(channel, "channel == null");
    this.copies = copies;
    this.idleNanos = idle.toNanos();
    this.nanoTime = nanoTime;
    this.retryAt = nanoTime.getAsLong();
  }

  /**
   * The statement text that notifies the finish of an operation, for a data-modifying statement
   * that returns the finished rows as {@code o} with columns {@code id} and {@code async}.
   *
   * @param channel the channel
   * @return a subquery to append to the statement's final select
   */
  public static String notifySubquery(String channel) {
    return "(SELECT count(*) FROM (SELECT pg_notify('" + channel + "', o.id) FROM o"
        + " WHERE o.async OFFSET 0) n)";
  }

  /** Starts listening in the background, unless it already does, is closed or just failed. */
  public void ensureListening() {
    if (copies.listening() || closed) {
      return;
    }
    synchronized (lock) {
      if (closed || thread != null || nanoTime.getAsLong() - retryAt < 0) {
        return;
      }
      thread = new Thread(this::listen, "osb-operation-notifications");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private void listen() {
    boolean failed = false;
    try (Connection c = dataSource.getConnection()) {
      try {
        listenOn(c);
      } catch (SQLException | RuntimeException | LinkageError e) {
        // the connection goes back to the pool: not still listening, or its next borrower
        // would collect this channel's notifications without end
        unlistenQuietly(c, e);
        throw e;
      }
      synchronized (lock) {
        warned = false;
      }
    } catch (SQLException | RuntimeException | LinkageError e) {
      failed = true;
      if (closed) { // close() interrupted it: a wait for a connection, say
        LOG.debug("Listener of finished operations ended by close: {}", e.toString());
      } else {
        logFailure(e);
      }
    } finally {
      copies.endSession();
      synchronized (lock) {
        thread = null;
        if (failed) {
          retryAt = nanoTime.getAsLong() + RETRY_NANOS;
        }
      }
    }
  }

  /** Listens on the connection until idle or closed, then stops listening on it. */
  private void listenOn(Connection c) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    run(c, "LISTEN \"" + channel + "\"");
    String session = PROBE_PREFIX + UUID.randomUUID() + ":";
    long probes = 0;
    String awaited = probe(session + probes);
    long awaitedBy = nanoTime.getAsLong() + PROBE_TIMEOUT_NANOS;
    long nextProbe = 0;
    boolean started = false;
    while (!closed) {
      PGNotification[] notes = pg.getNotifications(WAIT_MILLIS);
      long t = nanoTime.getAsLong();
      if (notes != null) {
        for (PGNotification n : notes) {
          if (!channel.equals(n.getName())) {
            continue;
          }
          if (n.getParameter().equals(awaited)) {
            awaited = null;
            nextProbe = t + PROBE_INTERVAL_NANOS;
            if (started) {
              copies.heard();
            } else {
              copies.startSession(); // notifications are known to arrive: copies may be used
              started = true;
              LOG.debug("Listening to finished operations on channel {}", channel);
            }
          } else {
            copies.invalidate(n.getParameter());
          }
        }
      }
      if (awaited != null && t - awaitedBy >= 0) {
        throw new IllegalStateException("a notification sent on channel " + channel
            + " did not arrive within " + PROBE_TIMEOUT_NANOS / 1_000_000 + " ms (a"
            + " connection pooler in transaction mode, such as PgBouncer, does not pass"
            + " LISTEN/NOTIFY on)");
      }
      if (awaited == null && t - nextProbe >= 0) {
        awaited = probe(session + ++probes);
        awaitedBy = nanoTime.getAsLong() + PROBE_TIMEOUT_NANOS;
      }
      if (started && copies.idleFor(idleNanos)) {
        break;
      }
    }
    copies.endSession(); // before UNLISTEN: no copy outlives the hearing
    run(c, "UNLISTEN *");
  }

  /**
   * Stops listening on a connection after a failure, unless it is closed (a lost connection
   * listens no more). When even that fails, the connection is aborted, so that the pool drops it
   * instead of lending it out broken or still listening. Failures ride along with the first one.
   */
  private static void unlistenQuietly(Connection c, Throwable failure) {
    try {
      if (c.isClosed()) {
        return;
      }
      if (!c.getAutoCommit()) {
        c.rollback(); // a failed transaction would refuse the UNLISTEN
      }
      run(c, "UNLISTEN *");
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
      try {
        c.abort(Runnable::run); // closes the physical connection: the pool evicts it
      } catch (SQLException | RuntimeException abortFailure) {
        failure.addSuppressed(abortFailure);
      }
    }
  }

  /** Sends a probe on another connection of the pool; the listener must hear it. */
  private String probe(String payload) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      ps.setString(1, channel);
      ps.setString(2, payload);
      ps.execute();
      if (!c.getAutoCommit()) {
        c.commit(); // a notification is sent at commit
      }
    }
    return payload;
  }

  private static void run(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
    if (!c.getAutoCommit()) {
      c.commit(); // LISTEN and UNLISTEN take effect at commit
    }
  }

  private void logFailure(Throwable e) {
    boolean first;
    synchronized (lock) {
      first = !warned;
      warned = true;
    }
    String message = "Not listening to finished operations (every poll of an operation in"
        + " progress reads the database until it listens again): {}";
    if (first) {
      LOG.warn(message, e.toString());
    } else {
      LOG.debug(message, e.toString());
    }
  }

  /**
   * Stops listening and gives the connection back. The listener's thread is interrupted, so a
   * wait for a pooled connection (its probe's, up to the pool's timeout) ends at once; it reads
   * notifications in slices of {@value #WAIT_MILLIS} ms and ends after the one under way. Waits
   * for it to end, at most {@link #CLOSE_WAIT} (a statement blocked in the network would hold
   * it longer: it is then left to end on its own, and its connection goes back when it does).
   */
  @Override
  public void close() {
    Thread running;
    synchronized (lock) {
      closed = true;
      running = thread;
    }
    copies.endSession();
    if (running != null) {
      running.interrupt();
      try {
        running.join(CLOSE_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
