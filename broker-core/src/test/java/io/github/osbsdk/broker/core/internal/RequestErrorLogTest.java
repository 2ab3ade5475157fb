package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * The ERROR lines a request repeats, limited per kind: the first logs at ERROR with its stack
 * trace, the next ones of the interval at DEBUG with theirs, and the first ERROR after the
 * interval counts them.
 */
class RequestErrorLogTest {
  private final TestClock clock = new TestClock();
  private final RequestErrorLog errors = new RequestErrorLog(Duration.ofMinutes(1), clock);
  private final RecordingLogger log = new RecordingLogger();

  private void fail(String kind, int times) {
    for (int i = 0; i < times; i++) {
      Exception e = new IllegalStateException("boom " + i);
      errors.error(log, kind, e, "Request {} failed unexpectedly{}", "r" + i);
    }
  }

  @Test
  void theFirstErrorOfAKindLogsAtErrorWithItsStackTraceAndTheNextOnesAtDebugWithTheirs() {
    fail("provision java.lang.IllegalStateException", 3);
    assertThat(log.lines).extracting(Line::level)
        .containsExactly(Level.ERROR, Level.DEBUG, Level.DEBUG);
    assertThat(log.lines).extracting(Line::text).containsExactly(
        "Request r0 failed unexpectedly", "Request r1 failed unexpectedly",
        "Request r2 failed unexpectedly");
    assertThat(log.lines).extracting(l -> l.cause().getMessage())
        .containsExactly("boom 0", "boom 1", "boom 2");
  }

  @Test
  void theFirstErrorAfterTheIntervalSaysHowManySimilarWereSuppressedSinceWhen() {
    fail("bind java.lang.IllegalStateException", 4);
    clock.advance(Duration.ofMinutes(1));
    fail("bind java.lang.IllegalStateException", 1);
    Instant firstLine = Instant.ofEpochMilli(clock.millis()).minus(Duration.ofMinutes(1));
    Line last = log.lines.get(log.lines.size() - 1);
    assertThat(last.level()).isEqualTo(Level.ERROR);
    assertThat(last.text()).isEqualTo("Request r0 failed unexpectedly (3 similar suppressed"
        + " since " + firstLine + ")");
  }

  @Test
  void anotherKindLogsAtErrorAtOnce() {
    fail("provision java.lang.IllegalStateException", 3);
    fail("provision java.io.IOException", 1);
    fail("bind java.lang.IllegalStateException", 1);
    assertThat(log.lines).extracting(Line::level).containsExactly(Level.ERROR, Level.DEBUG,
        Level.DEBUG, Level.ERROR, Level.ERROR);
  }

  @Test
  void kindsPastTheBoundShareOneLimiterSoTheKindsKeptStayBounded() {
    for (int i = 0; i < RequestErrorLog.MAX_KINDS; i++) {
      fail("kind " + i, 1);
    }
    fail("one too many", 1);
    fail("yet another", 1);
    assertThat(log.lines).hasSize(RequestErrorLog.MAX_KINDS + 2);
    assertThat(log.lines.subList(0, RequestErrorLog.MAX_KINDS + 1))
        .allMatch(l -> l.level() == Level.ERROR);
    assertThat(log.lines.get(RequestErrorLog.MAX_KINDS + 1).level()).isEqualTo(Level.DEBUG);
  }

  @Test
  void aLineWithoutACauseLogsNoStackTrace() {
    errors.error(log, "filters missing", null, "Broker resources called without filters{}");
    assertThat(log.lines).singleElement().satisfies(l -> {
      assertThat(l.cause()).isNull();
      assertThat(l.text()).isEqualTo("Broker resources called without filters");
    });
  }

  /** One logged line. */
  record Line(Level level, String text, Throwable cause) {}

  /** A logger at DEBUG that keeps what it is given. */
  static final class RecordingLogger extends AbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;
    final transient List<Line> lines = new CopyOnWriteArrayList<>();

    RecordingLogger() {
      this.name = "recording";
    }

    @Override
    public void log(LoggingEvent event) {
      lines.add(new Line(event.getLevel(), MessageFormatter.basicArrayFormat(event.getMessage(),
          event.getArgumentArray()), event.getThrowable()));
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String message,
        Object[] arguments, Throwable throwable) {
      lines.add(new Line(level, MessageFormatter.basicArrayFormat(message, arguments),
          throwable));
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
      return true;
    }
  }
}
