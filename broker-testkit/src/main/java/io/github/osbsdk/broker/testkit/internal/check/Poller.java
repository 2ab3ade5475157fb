package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.testkit.client.LastOperationResponse;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Polls last_operation until the operation leaves {@code in progress}: waits what
 * {@code Retry-After} asks (at least {@value #MIN_POLL_MILLIS} ms, so that
 * {@code Retry-After: 0} makes no tight loop, and at most the suite's longest poll interval; one
 * that is negative or no number is ignored), else backs off from {@value #MIN_POLL_MILLIS} ms;
 * gives up after the plan's {@code maximum_polling_duration} or the suite's async timeout,
 * whichever is shorter.
 */
final class Poller {
  /** The shortest wait between two polls, unless the suite's longest poll interval is shorter. */
  static final long MIN_POLL_MILLIS = 20;

  private Poller() {}

  static OsbResponse<LastOperationResponse> poll(CheckContext ctx,
      Supplier<OsbResponse<LastOperationResponse>> call, PlanRef p, boolean deleting, String what) {
    SuiteSettings settings = ctx.settings();
    Duration limit = settings.asyncTimeout();
    Integer mpd = p.plan().maximumPollingDuration();
    boolean planLimit = mpd != null && mpd > 0 && Duration.ofSeconds(mpd).compareTo(limit) <= 0;
    if (planLimit) {
      limit = Duration.ofSeconds(mpd);
    }
    Instant deadline = Instant.now().plus(limit);
    long maxMillis = settings.maxPollInterval().toMillis();
    long minMillis = Math.min(MIN_POLL_MILLIS, maxMillis);
    long waitMillis = minMillis;
    while (true) {
      OsbResponse<LastOperationResponse> r = call.get();
      if (deleting && r.status() == 410) {
        return r;
      }
      ctx.expectStatus(r, "last_operation of " + what, 200);
      String state = r.text("state").orElse(null);
      if ("succeeded".equals(state)) {
        return r;
      }
      if ("failed".equals(state)) {
        throw ctx.fail("the asynchronous operation on " + what + " failed: "
            + r.text("description").orElse("(no description)"), r);
      }
      if (!"in progress".equals(state)) {
        throw ctx.fail("expected last_operation state 'in progress', 'succeeded' or 'failed' for "
            + what + ", got " + (state == null ? "none" : "'" + state + "'"), r);
      }
      if (Instant.now().isAfter(deadline)) {
        throw ctx.fail("the asynchronous operation on " + what + " was still in progress after "
            + limit.toSeconds() + " s (" + (planLimit ? "maximum_polling_duration " + mpd + " s"
            : mpd == null || mpd <= 0 ? "maximum_polling_duration not set; the suite's async"
                + " timeout" : "the suite's async timeout, shorter than the plan's"
                + " maximum_polling_duration of " + mpd + " s: raise it (asyncTimeout,"
                + " --async-timeout) to wait longer") + ")", r);
      }
      long wait = r.header("Retry-After").map(Poller::retryAfterMillis).orElse(waitMillis);
      sleep(Math.max(minMillis, Math.min(wait, maxMillis)));
      waitMillis = Math.min(waitMillis * 2, maxMillis);
    }
  }

  /**
   * The wait a {@code Retry-After} of delay-seconds asks for; null (back off as without one) for
   * one that is no non-negative number of seconds (RFC 9110) and for one too large to count in
   * milliseconds, which the cap shortens anyway.
   */
  private static Long retryAfterMillis(String value) {
    try {
      long seconds = Long.parseLong(value.trim());
      return seconds < 0 ? null : Math.multiplyExact(seconds, 1000L);
    } catch (NumberFormatException e) {
      return null;
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE; // capped by the poll interval
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(Math.max(1, millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
