package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.internal.KeyedLogLimiter;
import io.github.osbsdk.broker.api.internal.LogLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The ERROR lines a request writes when something that should never fail does (the provider
 * throws an unexpected exception, the authenticator crashes, the broker's filters are missing),
 * and the WARN lines of an overload answered 503 (an executor that refuses the work):
 * a provider failing under load would otherwise write one ERROR with its stack trace per
 * request. Each kind (what failed and how, e.g. the provider operation and the exception class)
 * logs at ERROR at most once per interval; the requests in between log at DEBUG, with their
 * request ids and stack traces, and the next ERROR of that kind counts them ("N similar
 * suppressed since T"). A different kind logs at once, so one failing path never hides another.
 *
 * <p>A failure logged where it is found (a provider's answer the SDK refuses, a result the store
 * refuses) is answered with {@link #loggedInternalError} (or another status, {@link #logged}),
 * which {@code Endpoint} logs no more, so one failure never writes two ERROR lines.
 *
 * <p>At most {@value #MAX_KINDS} kinds are told apart at a time (kinds come from exception
 * classes a provider may make up without end); a new kind takes the place of kinds unused for a
 * minute, else shares one limiter with the other kinds without a place
 * ({@link KeyedLogLimiter}). Thread-safe.
 */
public final class RequestErrorLog {
  /** The most kinds with a limiter of their own. */
  public static final int MAX_KINDS = 64;

  /** The cause that marks a 500 whose failure was logged already. */
  private static final LoggedAlready LOGGED = new LoggedAlready();

  private final KeyedLogLimiter<String> kinds;

  /**
   * Creates the log's limiters (lazily, one per kind).
   *
   * @param interval the least time between two ERROR lines of one kind
   * @param clock the clock the interval is measured on
   */
  public RequestErrorLog(Duration interval, Clock clock) {
    this.kinds = new KeyedLogLimiter<>(interval, clock, MAX_KINDS);
  }

  /**
   * Logs an ERROR of a kind if its limiter lets it through, else the same line at DEBUG; either
   * with the stack trace of {@code cause}.
   *
   * @param log the logger
   * @param kind what failed and how, e.g. {@code "provision java.lang.IllegalStateException"}
   * @param cause the stack trace to log, or null for none
   * @param format the line, whose last {@code {}} takes the note of lines held back
   * @param args the arguments of the format but the last
   */
  public void error(Logger log, String kind, Throwable cause, String format, Object... args) {
    log(Level.ERROR, log, kind, cause, format, args);
  }

  /**
   * Logs a WARN of a kind if its limiter lets it through, else the same line at DEBUG: for an
   * overload the platform is answered 503 for and retries (an executor that refuses the work),
   * limited as an unavailable store's WARN is. The kinds are those of {@link #error}, so a kind
   * names its level.
   *
   * @param log the logger
   * @param kind what was refused and how, e.g. {@code "PROVISION executor refused ..."}
   * @param format the line, whose last {@code {}} takes the note of lines held back
   * @param args the arguments of the format but the last
   */
  void warn(Logger log, String kind, String format, Object... args) {
    log(Level.WARN, log, kind, null, format, args);
  }

  private void log(Level level, Logger log, String kind, Throwable cause, String format,
      Object... args) {
    LogLimiter.Decision d = kinds.of(kind).tryLog();
    LoggingEventBuilder line = log.atLevel(d.logs() ? level : Level.DEBUG);
    if (cause != null) {
      line = line.setCause(cause);
    }
    Object[] all = Arrays.copyOf(args, args.length + 1);
    all[args.length] = d.note();
    line.log(format, all);
  }

  /**
   * The kind of a failure: where it happened and the class of what was thrown.
   *
   * @param where e.g. the provider operation
   * @param failure what was thrown
   * @return the kind
   */
  static String kind(String where, Throwable failure) {
    return where + " " + failure.getClass().getName();
  }

  /**
   * The generic 500 to answer for a failure logged already: {@code Endpoint} logs it at DEBUG
   * only.
   *
   * @param requestId the request's id, named in the description
   * @return the exception to throw
   */
  static ServiceBrokerException loggedInternalError(String requestId) {
    return logged(500, ErrorResponses.internalDescription(requestId));
  }

  /**
   * An error answer other than the generic 500 (e.g. the 503 of an executor that refused the
   * work) whose failure was logged already: {@code Endpoint} logs it at DEBUG only.
   *
   * @param status the status (400-599)
   * @param description the description of its OSB error body
   * @return the exception to throw
   */
  static ServiceBrokerException logged(int status, String description) {
    return logged(status, description, LOGGED);
  }

  /**
   * As {@link #logged(int, String)}, with a cause of the caller's that marks the answer as
   * logged already and lets the caller tell it apart from others by identity (a
   * {@code static final} instance of its own).
   *
   * @param status the status (400-599)
   * @param description the description of its OSB error body
   * @param marker the cause
   * @return the exception to throw
   */
  static ServiceBrokerException logged(int status, String description, LoggedAlready marker) {
    return new ServiceBrokerException(status, null, description, null, null, marker);
  }

  /**
   * Whether an exception is a {@link #loggedInternalError} or another {@link #logged} answer.
   *
   * @param e the exception
   * @return true when its failure was logged already
   */
  static boolean loggedAlready(ServiceBrokerException e) {
    return e.getCause() instanceof LoggedAlready;
  }

  /**
   * The marker cause: no stack trace, no suppressed exceptions (each instance is shared, by all
   * {@link #logged} answers or by those of one kind).
   */
  static final class LoggedAlready extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoggedAlready() {
      super("logged already", null, false, false);
    }
  }
}
