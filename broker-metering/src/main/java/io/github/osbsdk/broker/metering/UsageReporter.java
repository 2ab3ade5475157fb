package io.github.osbsdk.broker.metering;

import io.github.osbsdk.broker.core.health.HealthCheck;
import io.github.osbsdk.broker.iam.ServiceIdTokenProvider;
import io.github.osbsdk.broker.metering.internal.ReporterSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Delivers usage records to IBM Cloud's usage metering API, exactly once per record key.
 *
 * <pre>{@code
 * UsageReporter reporter = UsageReporter.builder(MeteredPlans.of(
 *         MeteredPlan.of(resourceId, planId, "API_CALL")))   // planId: the catalog plan's id
 *     .tokenProvider(ServiceIdTokenProvider.builder(iamConfig, apiKey).build())
 *     .build();
 * UsageMeter meter = UsageMeter.builder(reporter).build();
 * meter.add(instanceCrn, planId, "API_CALL", 1);
 * // at shutdown
 * reporter.close();
 * }</pre>
 *
 * <p>{@link #report(UsageRecord)} checks a record and stores it in the {@link UsageOutbox}; a
 * background daemon thread claims due records and POSTs them in batches of at most 100 per
 * resource id to {@code {base}/v4/metering/resources/{resource_id}/usage} with a bearer token.
 * A record leaves the outbox once IBM took it (201 or 409), moves to the rejected list when IBM
 * refuses it for good, and is resent with backoff otherwise; the package description says what
 * happens on each answer. Tokens are never logged. Thread-safe.
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

  private final ReporterCore core;

  private UsageReporter(ReporterSettings settings) {
    this.core = new ReporterCore(settings.plans(), settings.start());
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
    return core.report(records);
  }

  /**
   * Lists the records IBM refused for good, oldest first.
   *
   * @param limit the most to return, {@code >= 1}
   * @return the rejected records with IBM's status, code and message
   * @throws IllegalArgumentException when {@code limit < 1}
   */
  public List<RejectedUsage> rejected(int limit) {
    return core.outbox().rejected(limit);
  }

  /**
   * Returns how many records wait for IBM's answer (a metric worth watching).
   *
   * @return the outbox depth
   */
  public long depth() {
    return core.outbox().depth();
  }

  /** {@return the metered plans} */
  public MeteredPlans plans() {
    return core.plans();
  }

  /** {@return the outbox} */
  public UsageOutbox outbox() {
    return core.outbox();
  }

  /**
   * The metering health, for {@code BrokerHealth}: {@code UP} while the reporter runs and its
   * outbox answers; {@code DOWN} when the outbox fails (e.g. its database is down, or read-only:
   * the sender's last calls failed; {@code error} says so, with {@code outboxFailingSince}), while
   * a meter's merges of counts into the outbox keep failing, or leave counts the outbox refused
   * waiting in memory because it cannot tell whether their instance ended, or fail to release
   * the counts it holds for that reason (three persist steps in a row: counts wait in memory,
   * or held; {@code error}, {@code mergesFailingSince}) or when the
   * reporter is closed. A
   * retrying sender is still {@code UP} (records wait safely in the outbox); watch {@code depth}.
   * Details: {@code depth}, {@code invalid} (records the outbox set aside because they no longer
   * pass the checks, {@link UsageOutbox#invalid()}: worth an alert, as they are never billed until
   * fixed), {@code rejected} (records IBM refused for good, as the outbox holds them,
   * {@link UsageOutbox#rejectedCount()}: worth an alert too, as they are not billed; rejections
   * leave the health {@code UP}, since the sender works and retrying cannot help),
   * {@code unclosedWindows} (ended windows this reporter's meters could not turn into records,
   * e.g. another replica's counts of an instance id that is no CRN, with a region they lack;
   * open ones, or held ones, see {@link UsageOutbox#releaseHeldCounts}; and those the outbox's
   * last close left open for their sum, {@link UsageOutbox#unsummableWindows()}, which every
   * replica with a meter reports on a shared outbox: take the largest across replicas),
   * {@code dropped} ({@link #dropped()}; {@code droppedLateCounts}: its late counts alone),
   * {@code lastSend} ({@code delivered}, {@code rejected}, {@code retrying} or {@code none}),
   * {@code lastSendAt}, {@code lastSendReason}.
   *
   * @return the check
   */
  public HealthCheck health() {
    return core.health();
  }

  /**
   * Returns what was lost, never billed: unsent records an in-memory outbox lost at
   * {@link #close()}, plus counts dropped as late (this reporter's meters' counts of an ended
   * instance, and the outbox's {@link UsageOutbox#droppedLateCounts()}), each logged at WARN.
   *
   * @return the number of records and counts since the reporter started
   */
  public long dropped() {
    return core.dropped();
  }

  /** The part behind the public methods, which the meters built on this reporter use. */
  ReporterCore core() {
    return core;
  }

  /**
   * Closes the meters built on this reporter (see {@link UsageMeter#close()}: a meter whose outbox
   * fails retries its last persist for up to the flush timeout), then sends what is due for at most
   * the flush timeout and stops the sender once nothing is due (a record in backoff after a failed
   * send is not waited for); a batch whose answer is still out at the flush timeout is put back, as
   * for a timeout (IBM answers 409 for what it took). Records still unsent stay in a durable outbox
   * for the next start; an in-memory outbox loses them with the process (a WARN with the count, and
   * {@link #dropped()}). A {@link #report} under way when the reporter closes is waited for and its
   * records flushed; a later one throws {@link IllegalStateException}. Calling it again does
   * nothing.
   */
  @Override
  public void close() {
    core.close();
  }

  /** Configures a {@link UsageReporter}. */
  public static final class Builder {
    private final ReporterSettings settings;

    private Builder(MeteredPlans plans) {
      this.settings = new ReporterSettings(plans);
    }

    /**
     * Sets the metering base URL (staging uses another host); default
     * {@link UsageReporter#DEFAULT_BASE_URL}.
     *
     * @param baseUrl the base URL, without a trailing slash
     * @return this builder
     */
    public Builder baseUrl(URI baseUrl) {
      settings.baseUrl(baseUrl);
      return this;
    }

    /**
     * Authenticates with the broker's service-ID token.
     *
     * @param provider broker-iam's token provider
     * @return this builder
     */
    public Builder tokenProvider(ServiceIdTokenProvider provider) {
      settings.tokenProvider(provider);
      return this;
    }

    /**
     * Authenticates with tokens from any source (called once per request; cache inside).
     *
     * @param tokens returns an IAM access token without the {@code Bearer } prefix
     * @return this builder
     */
    public Builder tokenSource(Supplier<String> tokens) {
      settings.tokens(tokens, token -> { });
      return this;
    }

    /**
     * Sets the outbox; default a new {@link InMemoryUsageOutbox}.
     *
     * @param outbox the outbox, possibly shared with other reporters and replicas
     * @return this builder
     */
    public Builder outbox(UsageOutbox outbox) {
      settings.outbox(outbox);
      return this;
    }

    /**
     * Sets the listener.
     *
     * @param listener hears deliveries, rejections and retries
     * @return this builder
     */
    public Builder listener(UsageListener listener) {
      settings.listener(listener);
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
      settings.owner(owner);
      return this;
    }

    /**
     * Sets the clock (validation, leases, backoff).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      settings.clock(clock);
      return this;
    }

    /**
     * Sets the HTTP client; default a new client with the connect timeout.
     *
     * @param httpClient the client
     * @return this builder
     */
    public Builder httpClient(HttpClient httpClient) {
      settings.httpClient(httpClient);
      return this;
    }

    /**
     * Sets the connect timeout of the default HTTP client; default 10 seconds.
     *
     * @param timeout the timeout, 1 ms to {@link #MAX_DURATION}
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      settings.connectTimeout(timeout);
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
      settings.requestTimeout(timeout);
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
      settings.backoff(initial, max);
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
      settings.lease(lease);
      return this;
    }

    /**
     * Sets how many records one claim takes; default 500 (5 batches).
     *
     * @param claimSize the claim size, 1 to 10000
     * @return this builder
     */
    public Builder claimSize(int claimSize) {
      settings.claimSize(claimSize);
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
      settings.flushTimeout(timeout);
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
      settings.pollInterval(interval);
      return this;
    }

    /**
     * Records the metering meters on a Micrometer registry: {@code osb.metering.queue.depth}
     * (a gauge on {@link UsageOutbox#depth()}), {@code osb.metering.invalid} (a gauge on
     * {@link UsageOutbox#invalid()}), {@code osb.metering.rejected} (a gauge on
     * {@link UsageOutbox#rejectedCount()}) and {@code osb.metering.records} (by
     * {@code outcome}: {@code delivered}, {@code duplicate}, {@code rejected},
     * {@code retrying}). Typed {@code Object} so broker-metering loads without Micrometer.
     *
     * @param meterRegistry any {@code io.micrometer.core.instrument.MeterRegistry} of
     *     micrometer-core 1.x ({@code SimpleMeterRegistry}, {@code PrometheusMeterRegistry}, a
     *     composite, Spring Boot's bean)
     * @return this builder
     * @throws NullPointerException when it is null
     * @throws IllegalArgumentException at this call, before {@link #build()}: when
     *     micrometer-core is not on the class path, or when the object is not a
     *     {@code MeterRegistry} (the message names its class)
     */
    public Builder meterRegistry(Object meterRegistry) {
      settings.meterRegistry(meterRegistry);
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
      return new UsageReporter(settings);
    }
  }
}
