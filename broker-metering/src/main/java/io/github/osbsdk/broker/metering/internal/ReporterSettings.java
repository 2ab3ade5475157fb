package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.core.internal.metrics.MeterRegistries;
import io.github.osbsdk.broker.iam.ServiceIdTokenProvider;
import io.github.osbsdk.broker.metering.InMemoryUsageOutbox;
import io.github.osbsdk.broker.metering.MeteredPlans;
import io.github.osbsdk.broker.metering.UsageListener;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageReporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a {@link UsageReporter.Builder} collects, each value checked as it is set (the messages
 * name the setting), with the defaults the builder documents; {@link #start()} checks what
 * needs several values and starts the reporter's sender. Used by one builder, on one thread.
 */
public final class ReporterSettings {
  private static final Duration ONE_MILLI = Duration.ofMillis(1);

  private final MeteredPlans plans;
  private URI baseUrl = UsageReporter.DEFAULT_BASE_URL;
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

  /**
   * Starts the settings of a reporter.
   *
   * @param plans the metered plans
   */
  public ReporterSettings(MeteredPlans plans) {
    this.plans = Objects.requireNonNull(plans, "plans == null");
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
   * Sets the base URL, without a trailing slash.
   *
   * @param baseUrl the base URL
   */
  public void baseUrl(URI baseUrl) {
    String text = Objects.requireNonNull(baseUrl, "baseUrl == null").toString();
    this.baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
  }

  /**
   * Sets the token source.
   *
   * @param tokens the tokens
   * @param refusedToken told of a token the metering API answered 401 to
   */
  public void tokens(Supplier<String> tokens, Consumer<String> refusedToken) {
    this.tokens = Objects.requireNonNull(tokens, "tokens == null");
    this.refusedToken = refusedToken;
  }

  /**
   * Takes the tokens from broker-iam's service-ID token provider, telling it of a token the
   * metering API refused.
   *
   * @param provider the provider
   */
  public void tokenProvider(ServiceIdTokenProvider provider) {
    Objects.requireNonNull(provider, "provider == null");
    tokens(provider::token, provider::refused);
  }

  /**
   * Sets the outbox.
   *
   * @param outbox the outbox
   */
  public void outbox(UsageOutbox outbox) {
    this.outbox = Objects.requireNonNull(outbox, "outbox == null");
  }

  /**
   * Sets the listener.
   *
   * @param listener the listener
   */
  public void listener(UsageListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener == null");
  }

  /**
   * Sets the sender's name in the outbox's leases.
   *
   * @param owner the name
   */
  public void owner(String owner) {
    this.owner = Objects.requireNonNull(owner, "owner == null");
  }

  /**
   * Sets the clock.
   *
   * @param clock the clock
   */
  public void clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * Sets the HTTP client.
   *
   * @param httpClient the client
   */
  public void httpClient(HttpClient httpClient) {
    this.httpClient = Objects.requireNonNull(httpClient, "httpClient == null");
  }

  /**
   * Sets the default client's connect timeout.
   *
   * @param timeout the timeout, 1 ms to {@link UsageReporter#MAX_DURATION}
   */
  public void connectTimeout(Duration timeout) {
    this.connectTimeout = within(timeout, "connectTimeout", ONE_MILLI);
  }

  /**
   * Sets the timeout of one POST.
   *
   * @param timeout the timeout, 1 ms to {@link UsageReporter#MAX_DURATION}
   */
  public void requestTimeout(Duration timeout) {
    this.requestTimeout = within(timeout, "requestTimeout", ONE_MILLI);
  }

  /**
   * Sets the retry backoff.
   *
   * @param initial the first wait, at most {@code max}
   * @param max the longest wait
   */
  public void backoff(Duration initial, Duration max) {
    Duration i = within(initial, "initial", ONE_MILLI);
    Duration m = within(max, "max", ONE_MILLI);
    if (i.compareTo(m) > 0) {
      throw new IllegalArgumentException("backoff initial " + i + " is longer than max " + m);
    }
    this.maxBackoff = m;
    this.initialBackoff = i;
  }

  /**
   * Sets the lease of claimed records.
   *
   * @param lease the lease, 1 ms to {@link UsageReporter#MAX_DURATION}
   */
  public void lease(Duration lease) {
    this.lease = within(lease, "lease", ONE_MILLI);
  }

  /**
   * Sets how many records one claim takes.
   *
   * @param claimSize 1 to 10000
   */
  public void claimSize(int claimSize) {
    if (claimSize < 1 || claimSize > 10_000) {
      throw new IllegalArgumentException("claimSize must be 1..10000: " + claimSize);
    }
    this.claimSize = claimSize;
  }

  /**
   * Sets how long close keeps sending.
   *
   * @param timeout zero to {@link UsageReporter#MAX_DURATION}
   */
  public void flushTimeout(Duration timeout) {
    this.flushTimeout = within(timeout, "flushTimeout", Duration.ZERO);
  }

  /**
   * Sets how often an idle sender looks for due records.
   *
   * @param interval 1 ms to {@link UsageReporter#MAX_DURATION}
   */
  public void pollInterval(Duration interval) {
    this.pollInterval = within(interval, "pollInterval", ONE_MILLI);
  }

  /**
   * Sets the Micrometer registry.
   *
   * @param meterRegistry an {@code io.micrometer.core.instrument.MeterRegistry}
   */
  public void meterRegistry(Object meterRegistry) {
    this.meterRegistry = MeterRegistries.require(meterRegistry);
  }

  /**
   * Checks what needs several settings, takes a new {@link InMemoryUsageOutbox} when none was
   * set, and starts the sender.
   *
   * @return the running reporter's parts
   * @throws IllegalStateException without a token source, or when the lease does not cover
   *     one claim's batches
   */
  public ReporterRuntime start() {
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
    SendOutcomes outcomes = new SendOutcomes(clock);
    UsageListener chain = ListenerChain.of(outcomes, meterRegistry == null ? null
        : MicrometerUsageMetrics.bind(meterRegistry, outbox), listener);
    HttpClient http = httpClient != null ? httpClient
        : HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    return new ReporterRuntime(new SenderSettings(baseUrl, plans, outbox, tokens, refusedToken,
        chain, owner, clock, http, requestTimeout, new Backoff(initialBackoff, maxBackoff),
        lease, claimSize, pollInterval), outcomes, flushTimeout);
  }

  private static Duration within(Duration d, String name, Duration min) {
    Objects.requireNonNull(d, name + " == null");
    if (d.compareTo(min) < 0 || d.compareTo(UsageReporter.MAX_DURATION) > 0) {
      throw new IllegalArgumentException(name + " must be " + min + " to "
          + UsageReporter.MAX_DURATION + ": " + d);
    }
    return d;
  }
}
