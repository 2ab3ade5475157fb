package io.github.osbsdk.broker.metering;

import io.github.osbsdk.broker.core.health.ComponentHealth;
import io.github.osbsdk.broker.core.health.HealthCheck;
import io.github.osbsdk.broker.core.metrics.MeterRegistries;
import io.github.osbsdk.broker.iam.ServiceIdTokenProvider;
import io.github.osbsdk.broker.metering.internal.ListenerChain;
import io.github.osbsdk.broker.metering.internal.MicrometerUsageMetrics;
import io.github.osbsdk.broker.metering.internal.SendOutcomes;
import io.github.osbsdk.broker.metering.internal.Backoff;
import io.github.osbsdk.broker.metering.internal.SenderSettings;
import io.github.osbsdk.broker.metering.internal.UsageSender;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Delivers usage records to IBM Cloud's usage metering API, exactly once per record key.
 *
 * <pre>{@code
 * UsageReporter reporter = UsageReporter.builder(MeteredPlans.of(
 *         MeteredPlan.of(resourceId, "metered-plan", "API_CALL")))
 *     .tokenProvider(ServiceIdTokenProvider.builder(iamConfig, apiKey).build())
 *     .build();
 * UsageMeter meter = UsageMeter.builder(reporter).build();
 * meter.add(instanceCrn, "metered-plan", "API_CALL", 1);
 * // at shutdown
 * reporter.close();
 * }</pre>
 *
 * <p>{@link #report(UsageRecord)} checks a record and stores it in the {@link UsageOutbox}; a
 * background daemon thread claims due records, POSTs them in batches of at most 100 per
 * resource id to {@code {base}/v4/metering/resources/{resource_id}/usage} with a bearer token,
 * and acts on each record's status: 201 and 409 remove it from the outbox; 400, 404 and 424
 * move it to the rejected list (kept with IBM's reason, logged, reported to the
 * {@link UsageListener}, never resent). A 400, 413 or 422 for the whole request (IBM took
 * none of the batch) splits the batch in halves, sent again at once, until the records at
 * fault are alone and rejected as above. Any other status, 5xx, 429, 401/403, a timeout or a
 * connection error puts it back for a retry with exponential backoff and jitter that waits at
 * least the server's {@code Retry-After} (up to an hour, or the longest backoff if longer). So
 * does a per-record status IBM does not document (not 201, 409, 400, 404, 424 or 5xx): never
 * taken as delivered, it is logged as an ERROR once per status. IBM's codes and messages are
 * kept and logged with control characters made spaces and cut to 1,000 characters. A
 * record of a plan this reporter does not meter (queued by another reporter sharing the outbox)
 * is put back the same way, for a sender that meters it. A record whose end is after the
 * sender's clock (closed by a meter whose clock is ahead) stays in the outbox until its end has
 * passed: IBM refuses a record that ends in the future. A record leaves the outbox only once
 * IBM answered 201 or 409 for it. Tokens are never logged. Thread-safe.
 */
public final class UsageReporter implements AutoCloseable {
  /** IBM Cloud's metering base URL. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://billing.cloud.ibm.com");
  /**
   * The longest duration the builder takes for a timeout, wait, lease or interval: longer ones
   * are mistakes (a month's usage must reach IBM by the second day of the next month) and
   * would overflow the sender's arithmetic or the outbox's timestamps.
   */
  public static final Duration MAX_DURATION = Duration.ofDays(1);

  private final MeteredPlans plans;
  private final UsageOutbox outbox;
  private final Clock clock;
  private final Duration flushTimeout;
  private final UsageSender sender;
  private final Thread thread;
  private final List<UsageMeter> meters = new CopyOnWriteArrayList<>();
  private volatile boolean closed;
  /** Held (shared) by reports while they queue, (exclusive) by close to stop them. */
  private final ReadWriteLock reporting = new ReentrantReadWriteLock();
  private final SendOutcomes outcomes;

  private UsageReporter(Builder b) {
    this.outcomes = new SendOutcomes(b.clock);
    UsageListener listener = ListenerChain.of(outcomes, b.meterRegistry == null ? null
        : MicrometerUsageMetrics.bind(b.meterRegistry, b.outbox), b.listener);
    this.plans = b.plans;
    this.outbox = b.outbox;
    this.clock = b.clock;
    this.flushTimeout = b.flushTimeout;
    HttpClient http = b.httpClient != null ? b.httpClient
        : HttpClient.newBuilder().connectTimeout(b.connectTimeout).build();
    this.sender = new UsageSender(new SenderSettings(b.baseUrl, plans, outbox, b.tokens,
        b.refusedToken, listener, b.owner, clock, http, b.requestTimeout,
        new Backoff(b.initialBackoff, b.maxBackoff), b.lease, b.claimSize, b.pollInterval));
    this.thread = new Thread(sender, "usage-sender");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Starts a reporter for some metered plans.
   *
   * @param plans the plans usage is reported for, with their resource ids and measures
   * @return a builder
   */
  public static Builder builder(MeteredPlans plans) {
    return new Builder(plans);
  }

  /**
   * Checks a record and queues it for delivery.
   *
   * @param record the record
   * @return true when it was queued, false when a record with the same {@link UsageRecord#key()}
   *     is already in the outbox (that first record is what will be billed)
   * @throws InvalidUsageRecordException when the record ends in the future, its plan is not
   *     metered, or it has a measure the plan does not declare (every problem named)
   * @throws IllegalStateException when the reporter is closed
   */
  public boolean report(UsageRecord record) {
    return report(List.of(record)) == 1;
  }

  /**
   * Checks records and queues them for delivery; when one is invalid, none is queued.
   *
   * @param records the records
   * @return how many were queued (the others duplicate a key already in the outbox)
   * @throws InvalidUsageRecordException naming every problem of every invalid record
   * @throws IllegalStateException when the reporter is closed
   */
  public int report(List<UsageRecord> records) {
    if (closed) {
      throw new IllegalStateException("the usage reporter is closed");
    }
    Instant now = clock.instant();
    List<String> problems = new ArrayList<>();
    for (UsageRecord r : records) {
      check(r, now, problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidUsageRecordException(problems);
    }
    // close() waits for reports under way, so the flush sees every record a report queued
    reporting.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the usage reporter is closed");
      }
      int added = outbox.append(records);
      sender.wake();
      return added;
    } finally {
      reporting.readLock().unlock();
    }
  }

  private void check(UsageRecord r, Instant now, List<String> problems) {
    String which = r.resourceInstanceId() + " " + r.planId() + ": ";
    if (r.end().isAfter(now)) {
      problems.add(which + "end " + r.end() + " is in the future");
    }
    MeteredPlan plan = plans.plan(r.planId());
    if (plan == null) {
      problems.add(which + "plan " + r.planId() + " is not metered (known: "
          + plans.all().stream().map(MeteredPlan::planId).sorted().toList() + ")");
      return;
    }
    for (Measure m : r.measuredUsage()) {
      if (!plan.measures().contains(m.measure())) {
        problems.add(which + "measure " + m.measure() + " is not declared by the plan (declared: "
            + plan.measures().stream().sorted().toList() + ")");
      }
    }
  }

  /**
   * Lists the records IBM refused for good, oldest first.
   *
   * @param limit the most to return, {@code >= 1}
   * @return the rejected records with IBM's status, code and message
   * @throws IllegalArgumentException when {@code limit < 1}
   */
  public List<RejectedUsage> rejected(int limit) {
    return outbox.rejected(limit);
  }

  /**
   * Returns how many records wait for IBM's answer (a metric worth watching).
   *
   * @return the outbox depth
   */
  public long depth() {
    return outbox.depth();
  }

  /**
   * Returns the metered plans.
   *
   * @return the plans
   */
  public MeteredPlans plans() {
    return plans;
  }

  /**
   * Returns the outbox.
   *
   * @return the outbox
   */
  public UsageOutbox outbox() {
    return outbox;
  }

  /**
   * The metering health, for {@code BrokerHealth}: {@code UP} while the reporter runs and its
   * outbox answers; {@code DOWN} when the outbox fails (e.g. its database is down) or the
   * reporter is closed. A sender that is retrying is still {@code UP} (records wait safely in
   * the outbox); watch {@code depth}. Details: {@code depth}, {@code invalid} (records the
   * outbox set aside because they no longer pass the checks, {@link UsageOutbox#invalid()}:
   * worth an alert, as they are never billed until fixed), {@code unclosedWindows} (ended
   * windows this reporter's meters could not turn into records at their last close, e.g.
   * counts another replica stored for an instance id that is no CRN, with a region these meters
   * lack: left open for a meter that can, the others are billed), {@code lastSend}
   * ({@code delivered}, {@code rejected}, {@code retrying} or {@code none}), {@code lastSendAt},
   * {@code lastSendReason}.
   *
   * @return the check
   */
  public HealthCheck health() {
    return () -> {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("depth", outbox.depth());
      details.put("invalid", outbox.invalid());
      details.put("unclosedWindows", meters.stream().mapToInt(UsageMeter::unclosedWindows).sum());
      outcomes.describe(details);
      boolean running = !closed && thread.isAlive();
      if (!running) {
        details.put("error", "the usage reporter is closed");
      }
      return running ? ComponentHealth.up(details) : ComponentHealth.down(details);
    };
  }

  Clock clock() {
    return clock;
  }

  Duration flushTimeout() {
    return flushTimeout;
  }

  void register(UsageMeter meter) {
    meters.add(meter);
  }

  void wake() {
    sender.wake();
  }

  /**
   * Closes the meters built on this reporter (see {@link UsageMeter#close()}: a meter whose
   * outbox fails retries its last persist for up to the flush timeout), then sends what is due
   * for at most the flush timeout and stops the sender; a batch whose answer is still
   * out then is put back, as for a timeout (IBM answers 409 for what it already took, should
   * another sender resend it). Records still unsent stay in a durable outbox; an in-memory
   * outbox loses them (the count is logged). A {@link #report} under way when the reporter
   * closes is waited for and its records flushed; a later one throws
   * {@link IllegalStateException}. Calling it again does nothing.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    for (UsageMeter meter : meters) {
      meter.close();
    }
    reporting.writeLock().lock();
    try {
      closed = true; // a report under way has queued its records by now; later ones throw
    } finally {
      reporting.writeLock().unlock();
    }
    sender.flushAndStop(clock.instant().plus(flushTimeout));
    try {
      thread.join(flushTimeout.toMillis() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Configures a {@link UsageReporter}. */
  public static final class Builder {
    private final MeteredPlans plans;
    private URI baseUrl = DEFAULT_BASE_URL;
    private Supplier<String> tokens;
    private Consumer<String> refusedToken = token -> { };
    private UsageOutbox outbox;
    private UsageListener listener = new UsageListener() { };
    private String owner = "usage-sender-" + UUID.randomUUID();
    private Clock clock = Clock.systemUTC();
    private HttpClient httpClient;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(5);
    private Duration lease = Duration.ofMinutes(5);
    private Duration flushTimeout = Duration.ofSeconds(10);
    private Duration pollInterval = Duration.ofSeconds(1);
    private int claimSize = 500;
    private Object meterRegistry;

    private Builder(MeteredPlans plans) {
      this.plans = Objects.requireNonNull(plans, "plans == null");
    }

    /**
     * Sets the metering base URL (staging uses another host); default
     * {@link UsageReporter#DEFAULT_BASE_URL}.
     *
     * @param baseUrl the base URL, without a trailing slash
     * @return this builder
     */
    public Builder baseUrl(URI baseUrl) {
      String text = Objects.requireNonNull(baseUrl, "baseUrl == null").toString();
      this.baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      return this;
    }

    /**
     * Authenticates with the broker's service-ID token.
     *
     * @param provider broker-iam's token provider
     * @return this builder
     */
    public Builder tokenProvider(ServiceIdTokenProvider provider) {
      Objects.requireNonNull(provider, "provider == null");
      tokenSource(provider::token);
      this.refusedToken = provider::refused;
      return this;
    }

    /**
     * Authenticates with tokens from any source (called once per request; cache inside).
     *
     * @param tokens returns an IAM access token without the {@code Bearer } prefix
     * @return this builder
     */
    public Builder tokenSource(Supplier<String> tokens) {
      this.tokens = Objects.requireNonNull(tokens, "tokens == null");
      this.refusedToken = token -> { };
      return this;
    }

    /**
     * Sets the outbox; default a new {@link InMemoryUsageOutbox}.
     *
     * @param outbox the outbox, possibly shared with other reporters and replicas
     * @return this builder
     */
    public Builder outbox(UsageOutbox outbox) {
      this.outbox = Objects.requireNonNull(outbox, "outbox == null");
      return this;
    }

    /**
     * Sets the listener.
     *
     * @param listener hears deliveries, rejections and retries
     * @return this builder
     */
    public Builder listener(UsageListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * Names this sender in the outbox's leases; default {@code usage-sender-<random uuid>}.
     * Every sender sharing an outbox needs its own name.
     *
     * @param owner the name
     * @return this builder
     */
    public Builder owner(String owner) {
      this.owner = Objects.requireNonNull(owner, "owner == null");
      return this;
    }

    /**
     * Sets the clock (validation, leases, backoff).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets the HTTP client; default a new client with the connect timeout.
     *
     * @param httpClient the client
     * @return this builder
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient == null");
      return this;
    }

    /**
     * Sets the connect timeout of the default HTTP client; default 10 seconds.
     *
     * @param timeout the timeout, 1 ms to {@link #MAX_DURATION}
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = within(timeout, "connectTimeout", Duration.ofMillis(1));
      return this;
    }

    /**
     * Sets the timeout of one POST; default 30 seconds. A timed-out batch is resent; IBM
     * answers 409 for records it had accepted.
     *
     * @param timeout the timeout, 1 ms to {@link #MAX_DURATION}
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = within(timeout, "requestTimeout", Duration.ofMillis(1));
      return this;
    }

    /**
     * Sets the retry backoff; default 1 second doubling up to 5 minutes, with jitter.
     *
     * @param initial the first wait, 1 ms to {@link #MAX_DURATION}, at most {@code max}
     * @param max the longest wait, 1 ms to {@link #MAX_DURATION}
     * @return this builder
     * @throws IllegalArgumentException when a wait is out of range or {@code initial > max}
     */
    public Builder backoff(Duration initial, Duration max) {
      Duration i = within(initial, "initial", Duration.ofMillis(1));
      Duration m = within(max, "max", Duration.ofMillis(1));
      if (i.compareTo(m) > 0) {
        throw new IllegalArgumentException("backoff initial " + i + " is longer than max " + m);
      }
      this.maxBackoff = m;
      this.initialBackoff = i;
      return this;
    }

    /**
     * Sets how long claimed records stay leased to this sender; default 5 minutes. It must
     * cover sending one claim's batches (checked in {@link #build()}).
     *
     * @param lease the lease, 1 ms to {@link #MAX_DURATION}
     * @return this builder
     */
    public Builder lease(Duration lease) {
      this.lease = within(lease, "lease", Duration.ofMillis(1));
      return this;
    }

    /**
     * Sets how many records one claim takes; default 500 (5 batches).
     *
     * @param claimSize the claim size, 1 to 10000
     * @return this builder
     */
    public Builder claimSize(int claimSize) {
      if (claimSize < 1 || claimSize > 10_000) {
        throw new IllegalArgumentException("claimSize must be 1..10000: " + claimSize);
      }
      this.claimSize = claimSize;
      return this;
    }

    /**
     * Sets how long {@link UsageReporter#close()} keeps sending; default 10 seconds. Zero
     * stops the sender without a flush.
     *
     * @param timeout the flush timeout, zero to {@link #MAX_DURATION}
     * @return this builder
     */
    public Builder flushTimeout(Duration timeout) {
      this.flushTimeout = within(timeout, "flushTimeout", Duration.ZERO);
      return this;
    }

    /**
     * Sets how often an idle sender looks for due records (retries, other replicas' expired
     * leases); default 1 second. Reports wake it at once.
     *
     * @param interval the interval, 1 ms to {@link #MAX_DURATION}
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = within(interval, "pollInterval", Duration.ofMillis(1));
      return this;
    }

    /**
     * Records the metering meters on a Micrometer registry: {@code osb.metering.queue.depth}
     * (a gauge on {@link UsageOutbox#depth()}), {@code osb.metering.invalid} (a gauge on
     * {@link UsageOutbox#invalid()}) and {@code osb.metering.records} (by
     * {@code outcome}: {@code delivered}, {@code duplicate}, {@code rejected},
     * {@code retrying}). Typed {@code Object} so broker-metering loads without Micrometer.
     *
     * @param meterRegistry an {@code io.micrometer.core.instrument.MeterRegistry}
     * @return this builder
     * @throws IllegalArgumentException when Micrometer is not on the class path or the object is
     *     not a {@code MeterRegistry}
     */
    public Builder meterRegistry(Object meterRegistry) {
      this.meterRegistry = MeterRegistries.require(meterRegistry);
      return this;
    }

    /**
     * Builds the reporter and starts its sender thread.
     *
     * @return the reporter
     * @throws IllegalStateException without a token source, or when the lease does not cover
     *     one claim's batches
     */
    public UsageReporter build() {
      if (tokens == null) {
        throw new IllegalStateException("a token source is needed: tokenProvider(...) or"
            + " tokenSource(...)");
      }
      int batches = (claimSize + UsageSender.MAX_BATCH - 1) / UsageSender.MAX_BATCH;
      if (lease.compareTo(requestTimeout.multipliedBy(batches + 1L)) < 0) {
        throw new IllegalStateException("lease " + lease + " is shorter than " + (batches + 1)
            + " x requestTimeout " + requestTimeout + ": records could be sent by two senders"
            + " at once");
      }
      if (outbox == null) {
        outbox = new InMemoryUsageOutbox();
      }
      return new UsageReporter(this);
    }

    private static Duration within(Duration d, String name, Duration min) {
      Objects.requireNonNull(d, name + " == null");
      if (d.compareTo(min) < 0 || d.compareTo(MAX_DURATION) > 0) {
        throw new IllegalArgumentException(name + " must be " + min + " to " + MAX_DURATION
            + ": " + d);
      }
      return d;
    }
  }
}
