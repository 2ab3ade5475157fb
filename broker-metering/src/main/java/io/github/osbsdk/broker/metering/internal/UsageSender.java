package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.api.internal.BoundedHttp;
import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.MeteredPlan;
import io.github.osbsdk.broker.metering.RejectedUsage;
import io.github.osbsdk.broker.metering.internal.BatchPost.InFlight;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox on one daemon thread: claim due records, group them by resource id into
 * batches of at most {@value #MAX_BATCH}, POST the batches of a claim in parallel and act on each
 * record's status.
 * Never logs the token.
 */
public final class UsageSender implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(UsageSender.class);
  /** IBM's limit of records per request. */
  public static final int MAX_BATCH = 100;
  private static final Duration FLUSH_POLL = Duration.ofMillis(50);
  /**
   * The longest answer read: IBM answers a batch of {@value #MAX_BATCH} records with one short
   * status each, a few tens of kilobytes; anything longer is no answer to use.
   */
  static final int MAX_ANSWER_BYTES = 1 << 20;

  /**
   * How many undocumented per-record statuses, and how many unexpected whole-request statuses,
   * are each logged once (no more: a broken API).
   */
  private static final int MAX_UNDOCUMENTED_LOGGED = 100;

  private final SenderSettings settings;
  private final BatchPost poster;
  private final Set<Integer> undocumentedLogged = new HashSet<>(); // sender thread only
  private final Set<Integer> unexpectedLogged = new HashSet<>(); // sender thread only
  private Instant leaseEnd; // of the claim being sent; used on the sender thread only
  private final Object signal = new Object();
  private boolean workSignalled; // guarded by signal
  private volatile Instant flushDeadline; // set once by close()

  /**
   * Creates the sender; run it on a thread of its own.
   *
   * @param settings the settings
   */
  public UsageSender(SenderSettings settings) {
    this.settings = settings;
    this.poster = new BatchPost(settings);
  }

  /** Wakes the sender: records were queued. */
  public void wake() {
    synchronized (signal) {
      workSignalled = true;
      signal.notifyAll();
    }
  }

  /**
   * Asks the sender to send what it can until {@code deadline} and then end.
   *
   * @param deadline the end of the flush
   */
  public void flushAndStop(Instant deadline) {
    flushDeadline = deadline;
    wake();
  }

  @Override
  public void run() {
    while (true) {
      Instant deadline = flushDeadline;
      if (deadline != null && !settings.clock().instant().isBefore(deadline)) {
        break;
      }
      int claimed;
      try {
        claimed = sendDue();
      } catch (RuntimeException e) {
        LOG.warn("usage sender: outbox failed, retrying: {}", e.toString());
        claimed = 0;
      }
      if (claimed == 0) {
        if (deadline != null && depth() == 0) {
          break;
        }
        if (!await(deadline != null ? FLUSH_POLL : settings.pollInterval())) {
          break;
        }
      }
    }
    long left = depth();
    if (left != 0) {
      LOG.warn("usage sender stopped with {} record(s) not yet answered by IBM{}",
          left < 0 ? "an unknown number of" : left,
          settings.outbox().durable() ? "; they stay in the outbox" : " (in-memory outbox: lost)");
    }
  }

  /** The outbox depth, or -1 when the outbox fails (e.g. its database is down). */
  private long depth() {
    try {
      return settings.outbox().depth();
    } catch (RuntimeException e) {
      LOG.warn("usage sender: outbox failed, retrying: {}", e.toString());
      return -1;
    }
  }

  private boolean await(Duration wait) {
    synchronized (signal) {
      if (!workSignalled) {
        try {
          signal.wait(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      workSignalled = false;
      return true;
    }
  }

  /**
   * Claims due records once and sends them; returns how many were claimed. The batches of one
   * claim are posted in parallel (so a slow or distant metering API costs one round trip per
   * claim, not one per batch), their answers are handled on this thread, and the records
   * delivered are removed from the outbox in one call.
   */
  int sendDue() {
    Instant now = settings.clock().instant();
    List<ClaimedUsage> claimed = settings.outbox().claim(settings.owner(), settings.claimSize(),
        now, settings.lease());
    leaseEnd = now.plus(settings.lease());
    Map<String, List<ClaimedUsage>> byResource = new LinkedHashMap<>();
    Map<Instant, List<String>> early = new LinkedHashMap<>();
    for (ClaimedUsage c : claimed) {
      if (c.record().end().isAfter(now)) {
        // queued by a meter whose clock is ahead of this sender's (another replica, or a meter
        // given its own clock): IBM refuses a record whose end is in the future, for good
        early.computeIfAbsent(c.record().end(), e -> new ArrayList<>()).add(c.key());
        continue;
      }
      MeteredPlan plan = settings.plans().plan(c.record().planId());
      if (plan == null) {
        // another sender sharing the outbox (e.g. a newer replica during a rolling update) may
        // know the plan: leave the record to it rather than reject usage that can be billed
        retry(List.of(c), "plan " + c.record().planId() + " is not among this reporter's"
            + " metered plans", Optional.empty());
        continue;
      }
      byResource.computeIfAbsent(plan.resourceId(), r -> new ArrayList<>()).add(c);
    }
    holdUntilTheirEnd(early, now);
    List<InFlight> inFlight = new ArrayList<>();
    for (Map.Entry<String, List<ClaimedUsage>> e : byResource.entrySet()) {
      List<ClaimedUsage> all = e.getValue();
      for (int i = 0; i < all.size(); i += MAX_BATCH) {
        inFlight.add(poster.post(e.getKey(), all.subList(i, Math.min(all.size(), i + MAX_BATCH))));
      }
    }
    List<String> delivered = new ArrayList<>();
    List<Runnable> events = new ArrayList<>();
    for (InFlight f : inFlight) {
      answer(f, delivered, events);
    }
    if (!delivered.isEmpty()) {
      settings.outbox().markDelivered(settings.owner(), delivered);
    }
    events.forEach(UsageSender::notifyListener);
    return claimed.size();
  }

  /**
   * Puts records that end after this sender's clock back in the outbox, due at their end: sent
   * before it, IBM would refuse them as ending in the future (no listener event: no attempt was
   * made, though the outbox counts one).
   */
  private void holdUntilTheirEnd(Map<Instant, List<String>> byEnd, Instant now) {
    for (Map.Entry<Instant, List<String>> e : byEnd.entrySet()) {
      settings.outbox().release(settings.owner(), e.getValue(), e.getKey());
      LOG.info("{} usage record(s) end at {}, after this sender's clock ({}): kept until then",
          e.getValue().size(), e.getKey(), now);
    }
  }

  private void answer(InFlight f, List<String> delivered, List<Runnable> events) {
    if (f.failure() != null) {
      retry(f.batch(), f.failure(), Optional.empty());
      return;
    }
    HttpResponse<byte[]> response;
    try {
      response = awaitAnswer(f);
    } catch (TimeoutException e) {
      f.response().cancel(true);
      retry(f.batch(), flushEnded() ? "no answer before the flush timeout of close() ended"
          : "timeout", Optional.empty());
      return;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        retry(f.batch(), "timeout", Optional.empty());
      } else if (cause instanceof BoundedHttp.TooLarge) {
        retry(f.batch(), "answer over " + MAX_ANSWER_BYTES + " bytes", Optional.empty());
      } else if (cause instanceof IOException) {
        retry(f.batch(), "connection error (" + cause.getClass().getSimpleName() + ")",
            Optional.empty());
      } else {
        retry(f.batch(), "request failed (" + cause + ")", Optional.empty());
      }
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.response().cancel(true);
      retry(f.batch(), "interrupted", Optional.empty());
      return;
    }
    if (response.statusCode() == 401) {
      // revoked before its expiry (e.g. the API key was rotated): the retry asks for a new one
      settings.refusedToken().accept(f.token());
    }
    if (refusesTheRequest(response.statusCode())) {
      refused(f, response, delivered, events);
      return;
    }
    handle(f.batch(), response, delivered, events);
  }

  /**
   * Waits for a batch's answer until its deadline, or until the flush of {@code close()} ends:
   * close() waits no longer than that, so a record whose answer is still out is put back then
   * (a durable outbox lets another sender resend it at once rather than after the lease; IBM
   * answers 409 for what it already took) and counted in the sender's last log line.
   */
  private HttpResponse<byte[]> awaitAnswer(InFlight f)
      throws InterruptedException, ExecutionException, TimeoutException {
    while (true) {
      long left = f.deadlineNanos() - System.nanoTime();
      if (left <= 0 || flushEnded()) {
        return f.response().get(0, TimeUnit.NANOSECONDS);
      }
      try {
        return f.response().get(Math.min(left, FLUSH_POLL.toNanos()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        // look at the flush deadline again: close() may have been called meanwhile
      }
    }
  }

  private boolean flushEnded() {
    Instant deadline = flushDeadline;
    return deadline != null && !settings.clock().instant().isBefore(deadline);
  }

  /**
   * A status IBM answers for the whole request when something in its body cannot be taken
   * (400 malformed, 413 too large, 422 well-formed but not processable): the records, not the
   * token or the service, are at fault, so resending them together would be refused for ever.
   */
  private static boolean refusesTheRequest(int status) {
    return status == 400 || status == 413 || status == 422;
  }

  /**
   * IBM refused a whole batch (400, 413, 422) and took none of its records. A batch of several is
   * split in halves, posted again at once (no backoff, no attempt counted), until the records
   * at fault are alone; a record refused alone is rejected with IBM's reason, as a per-record
   * 400 is. The other records are sent, each once: nothing was taken from the refused batch.
   * A claim whose lease would end before a further answer puts the halves back instead.
   */
  private void refused(InFlight f, HttpResponse<byte[]> response, List<String> delivered,
      List<Runnable> events) {
    int status = response.statusCode();
    List<ClaimedUsage> batch = f.batch();
    if (batch.size() == 1) {
      UsageWire.RecordStatus error = UsageWire.requestError(status, response.body());
      reject(batch.get(0), status, error.code(), error.message());
      return;
    }
    if (settings.clock().instant().plus(settings.requestTimeout()).isAfter(leaseEnd)) {
      retry(batch, "HTTP " + status + " for a batch of " + batch.size() + "; the lease ends"
          + " before it can be split", Optional.empty());
      return;
    }
    int half = batch.size() / 2;
    LOG.info("usage API answered HTTP {} for a whole batch of {}; sending it in halves to find"
        + " the records at fault", status, batch.size());
    InFlight first = poster.post(f.resourceId(), batch.subList(0, half));
    InFlight second = poster.post(f.resourceId(), batch.subList(half, batch.size()));
    answer(first, delivered, events);
    answer(second, delivered, events);
  }

  private void handle(List<ClaimedUsage> batch, HttpResponse<byte[]> response,
      List<String> delivered, List<Runnable> events) {
    int status = response.statusCode();
    Optional<Duration> retryAfter = Backoff.parseRetryAfter(
        response.headers().firstValue("Retry-After").orElse(null), settings.clock().instant());
    if (status < 200 || status > 299) {
      if (status != 429 && status < 500) {
        unexpected(status, batch.size());
      }
      retry(batch, "HTTP " + status, retryAfter);
      return;
    }
    List<UsageWire.RecordStatus> statuses = UsageWire.statuses(response.body());
    if (statuses == null || statuses.size() != batch.size()) {
      retry(batch, "answer without one status per record", retryAfter);
      return;
    }
    List<ClaimedUsage> again = new ArrayList<>();
    int againStatus = 0;
    for (int i = 0; i < batch.size(); i++) {
      ClaimedUsage c = batch.get(i);
      UsageWire.RecordStatus rs = statuses.get(i);
      switch (rs.status()) {
        case 201, 409 -> {
          delivered.add(c.key());
          boolean duplicate = rs.status() == 409;
          events.add(() -> settings.listener().delivered(c.record(), duplicate));
        }
        case 400, 404, 424 -> reject(c, rs.status(), rs.code(), rs.message());
        default -> {
          again.add(c);
          againStatus = rs.status();
          if (rs.status() < 500 || rs.status() > 599) {
            undocumented(rs.status(), c.key());
          }
        }
      }
    }
    if (!again.isEmpty()) {
      retry(again, "record status " + againStatus, retryAfter);
    }
  }

  /**
   * A per-record status IBM's documentation does not list (201, 409, 400, 404, 424, 5xx): the
   * record is kept and retried, as for a 5xx, since dropping it could lose usage and counting it
   * as delivered could leave it unbilled; IBM answers 409 once it has it. Logged as an ERROR
   * once per status (a change of the API that someone must look at), with the key only.
   */
  private void undocumented(int status, String key) {
    if (undocumentedLogged.size() < MAX_UNDOCUMENTED_LOGGED && undocumentedLogged.add(status)) {
      LOG.error("usage API answered per-record status {}, which its documentation does not list;"
          + " such records are kept and retried, never taken as delivered (logged once per"
          + " status): key={}", status, key);
    }
  }

  /**
   * A whole-request status that is neither success, throttling nor a server error (a 3xx, 401,
   * 403, 404, ...): a wrong URL or setting that someone must look at, while the records are kept
   * and retried. Logged as an ERROR once per status, then at DEBUG (every retry has its INFO
   * line), so that a lasting misconfiguration does not flood the log.
   */
  private void unexpected(int status, int records) {
    String message = "usage API answered HTTP {} for a whole batch of {}; records are kept and"
        + " retried (logged as an error once per status)";
    if (unexpectedLogged.size() < MAX_UNDOCUMENTED_LOGGED && unexpectedLogged.add(status)) {
      LOG.error(message, status, records);
    } else {
      LOG.debug(message, status, records);
    }
  }

  private void reject(ClaimedUsage c, int status, String code, String message) {
    RejectedUsage rejection = new RejectedUsage(c.key(), c.record(), status, code, message,
        settings.clock().instant());
    if (settings.outbox().markRejected(settings.owner(), rejection)) {
      LOG.warn("usage record rejected for good: status={} code={} message={} key={}", status,
          code, message, c.key());
      notifyListener(() -> settings.listener().rejected(rejection));
    }
  }

  private void retry(List<ClaimedUsage> batch, String reason, Optional<Duration> retryAfter) {
    int attempts = batch.stream().mapToInt(ClaimedUsage::attempts).max().orElse(0);
    Instant next = settings.backoff().next(settings.clock().instant(), attempts, retryAfter);
    settings.outbox().release(settings.owner(), batch.stream().map(ClaimedUsage::key).toList(),
        next);
    LOG.info("usage batch of {} not delivered ({}); retrying from {}", batch.size(), reason,
        next);
    for (ClaimedUsage c : batch) {
      notifyListener(() -> settings.listener().retrying(c.record(), reason, next));
    }
  }

  private static void notifyListener(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("usage listener failed: {}", e.toString());
    }
  }
}
