package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.api.internal.LogValues;
import io.github.osbsdk.broker.core.internal.http.BoundedHttp;
import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.MergeInDoubtException;
import io.github.osbsdk.broker.metering.RejectedUsage;
import io.github.osbsdk.broker.metering.internal.BatchPost.InFlight;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of the records a {@link UsageSender} claimed, on its thread: waits for IBM's
 * answer to each posted batch and acts on it (delivered, rejected for good, split when refused
 * whole, or put back in the outbox for a retry), and tells the listener. Logs under the sender's
 * name; never logs the token.
 */
final class BatchOutcomes {
  private static final Logger LOG = LoggerFactory.getLogger(UsageSender.class);

  /**
   * How many undocumented per-record statuses, and how many unexpected whole-request statuses,
   * are each logged once (no more: a broken API).
   */
  private static final int MAX_UNDOCUMENTED_LOGGED = 100;

  private final SenderSettings settings;
  private final BatchPost poster;
  private final BooleanSupplier flushEnded;
  private final Consumer<Instant> retryingFrom;
  private final Set<Integer> undocumentedLogged = new HashSet<>(); // sender thread only
  private final Set<Integer> unexpectedLogged = new HashSet<>(); // sender thread only
  private final TokenRefusals tokenRefusals;
  /** The WARN lines of a listener that fails, maybe on every record (sender thread only). */
  private final OutageWarnings listenerWarnings;

  /**
   * Creates the outcomes of one sender.
   *
   * @param settings the sender's settings
   * @param poster posts the halves of a batch refused whole
   * @param flushEnded whether the flush of {@code close()} has ended: no answer is awaited then
   * @param retryingFrom told the next attempt time of every batch put back for a retry
   */
  BatchOutcomes(SenderSettings settings, BatchPost poster, BooleanSupplier flushEnded,
      Consumer<Instant> retryingFrom) {
    this.settings = settings;
    this.poster = poster;
    this.flushEnded = flushEnded;
    this.retryingFrom = retryingFrom;
    this.tokenRefusals = new TokenRefusals(settings.clock());
    this.listenerWarnings = new OutageWarnings(LOG, settings.clock());
  }

  /**
   * Waits for a batch's answer and acts on it. An outbox call that fails on the way (records
   * that cannot be put back for a retry) is noted in {@code answers}, not thrown, so that it
   * holds back no other batch of the claim: those records stay leased until their lease ends.
   *
   * @param f the posted batch
   * @param leaseEnd the end of the lease of the claim the batch is from
   * @param answers gets the records IBM took (removed from the outbox once every batch of the
   *     claim was answered, then told to the listener) and the outbox calls that failed
   */
  void answer(InFlight f, Instant leaseEnd, ClaimAnswers answers) {
    try {
      act(f, leaseEnd, answers);
    } catch (RuntimeException e) {
      answers.failed(e);
    }
  }

  private void act(InFlight f, Instant leaseEnd, ClaimAnswers answers) {
    if (f.failure() != null) {
      retry(f.batch(), f.failure(), Optional.empty());
      return;
    }
    HttpResponse<byte[]> response;
    try {
      response = awaitAnswer(f);
    } catch (TimeoutException e) {
      f.response().cancel(true);
      retry(f.batch(), flushEnded.getAsBoolean()
          ? "no answer before the flush timeout of close() ended" : "timeout", Optional.empty());
      return;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        retry(f.batch(), "timeout", Optional.empty());
      } else if (cause instanceof BoundedHttp.TooLarge) {
        retry(f.batch(), "answer over " + UsageSender.MAX_ANSWER_BYTES + " bytes",
            Optional.empty());
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
      tokenRefusals.refused(f.token(), f.deadlineNanos() - settings.requestTimeout().toNanos(),
          f.batch().size());
    } else {
      tokenRefusals.answered();
    }
    if (refusesTheRequest(response.statusCode())) {
      refused(f, leaseEnd, response, answers);
      return;
    }
    handle(f.batch(), response, answers);
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
      if (left <= 0 || flushEnded.getAsBoolean()) {
        return f.response().get(0, TimeUnit.NANOSECONDS);
      }
      try {
        return f.response().get(Math.min(left, UsageSender.FLUSH_POLL.toNanos()),
            TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        // look at the flush deadline again: close() may have been called meanwhile
      }
    }
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
  private void refused(InFlight f, Instant leaseEnd, HttpResponse<byte[]> response,
      ClaimAnswers answers) {
    int status = response.statusCode();
    List<ClaimedUsage> batch = f.batch();
    if (batch.size() == 1) {
      UsageWire.RecordStatus error = UsageWire.requestError(status, response.body());
      reject(batch.get(0), status, error.code(), error.message(), answers);
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
    answer(first, leaseEnd, answers);
    answer(second, leaseEnd, answers);
  }

  private void handle(List<ClaimedUsage> batch, HttpResponse<byte[]> response,
      ClaimAnswers answers) {
    int status = response.statusCode();
    Optional<Duration> retryAfter = Backoff.parseRetryAfter(
        response.headers().firstValue("Retry-After").orElse(null), settings.clock().instant());
    if (status < 200 || status > 299) {
      if (status != 429 && status != 401 && status < 500) {
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
          boolean duplicate = rs.status() == 409;
          answers.delivered(c.key(), () -> settings.listener().delivered(c.record(), duplicate));
        }
        case 400, 404, 424 -> reject(c, rs.status(), rs.code(), rs.message(), answers);
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
          + " status): key={}", status, LogValues.quote(key));
    }
  }

  /**
   * A whole-request status that is neither success, throttling, a refused token (401, see
   * {@link TokenRefusals}) nor a server error (a 3xx, 403, 404, ...): a wrong URL or setting
   * that someone must look at, while the records are kept and retried. Logged as an ERROR
   * once per status, then at DEBUG (every retry has its INFO line), so that a lasting
   * misconfiguration does not flood the log.
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

  /**
   * Moves a record IBM refused for good to the outbox's rejected list, logs it and tells the
   * listener, once: only when this call rejected it (a record whose lease another sender took
   * over is that sender's). A rejection whose outcome the outbox cannot tell (its commit's
   * answer was lost, {@link MergeInDoubtException}) is logged and told all the same, as IBM
   * refused the record whatever the outbox did: if it stored nothing, the record is sent again
   * after its lease and told a second time, rather than never. A rejection the outbox failed to
   * store (e.g. its database refused the write, or is down) is not told: the record stays leased
   * to this sender until its lease ends, and is sent again then. Either failure is noted in
   * {@code answers} and holds back no other answer of the claim.
   */
  private void reject(ClaimedUsage c, int status, String code, String message,
      ClaimAnswers answers) {
    RejectedUsage rejection = new RejectedUsage(c.key(), c.record(), status, code, message,
        settings.clock().instant());
    boolean rejected;
    try {
      rejected = settings.outbox().markRejected(settings.owner(), rejection);
    } catch (MergeInDoubtException e) {
      LOG.warn("usage record rejected for good: status={} code={} message={} key={}; the outbox"
          + " could not tell whether it stored the rejection (if not, the record is sent again"
          + " once its lease ends)", status, code, message, LogValues.quote(c.key()));
      notifyListener(() -> settings.listener().rejected(rejection));
      answers.failed(e);
      return;
    } catch (RuntimeException e) {
      LOG.warn("usage record rejected for good: status={} code={} key={}; the outbox failed to"
          + " store the rejection (the record is sent again once its lease ends): {}", status,
          code, LogValues.quote(c.key()), LogValues.quoteMessage(e));
      answers.failed(e);
      return;
    }
    if (rejected) {
      // code and message were made printable when read (UsageWire.reason); the key holds ids
      LOG.warn("usage record rejected for good: status={} code={} message={} key={}", status,
          code, message, LogValues.quote(c.key()));
      notifyListener(() -> settings.listener().rejected(rejection));
    }
  }

  /**
   * Puts records back in the outbox, due after the backoff (or IBM's {@code Retry-After}), and
   * tells the listener.
   *
   * @param batch the records
   * @param reason why they were not delivered
   * @param retryAfter IBM's {@code Retry-After}, if any
   */
  void retry(List<ClaimedUsage> batch, String reason, Optional<Duration> retryAfter) {
    int attempts = batch.stream().mapToInt(ClaimedUsage::attempts).max().orElse(0);
    Instant next = settings.backoff().next(settings.clock().instant(), attempts, retryAfter);
    settings.outbox().release(settings.owner(), batch.stream().map(ClaimedUsage::key).toList(),
        next);
    retryingFrom.accept(next);
    LOG.info("usage batch of {} not delivered ({}); retrying from {}", batch.size(), reason,
        next);
    for (ClaimedUsage c : batch) {
      notifyListener(() -> settings.listener().retrying(c.record(), reason, next));
    }
  }

  /**
   * Puts records this sender did not send back in the outbox without counting an attempt (so
   * that they still take their window's late counts), for a sender sharing the outbox that can
   * send them: due for the others after the first backoff, whatever happened to them before
   * (it never grows), and for this sender only after the longest backoff, so that it does not
   * take them back from the others meanwhile; the outbox holds one another sender left and
   * still waits for until this sender's time for everyone (none of them meters its plan), so a
   * record goes round at most twice per longest backoff and this line cannot repeat often for
   * it; tells the listener the time the record is due again for another sender (the first
   * backoff, or the longest one when it was held for every sender).
   *
   * @param batch the records
   * @param reason why they were not sent
   */
  void leave(List<ClaimedUsage> batch, String reason) {
    Instant now = settings.clock().instant();
    Instant next = settings.backoff().next(now, 0, Optional.empty());
    Instant own = settings.backoff().longest(now);
    Map<String, Instant> due = settings.outbox().leaveToOthers(settings.owner(),
        batch.stream().map(ClaimedUsage::key).toList(), next, own);
    retryingFrom.accept(own);
    LOG.info("{} usage record(s) not sent ({}); left to another sender, due for it from {}"
        + " at the earliest (for this one from {}, for all then if another sender left them"
        + " before)", batch.size(), reason, next, own);
    for (ClaimedUsage c : batch) {
      // held for every sender (another one left it before and still waits): due only then
      Instant at = due.getOrDefault(c.key(), next);
      notifyListener(() -> settings.listener().retrying(c.record(), reason, at));
    }
  }

  /**
   * Calls the listener; a listener that fails never stops the sender. Its failures are logged
   * at most once a minute on the sender's clock, its message escaped: a listener whose own store
   * is down fails on every record, and its message is outside text.
   *
   * @param call the call
   */
  void notifyListener(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      listenerWarnings.failed("usage listener failed", e);
    }
  }
}
