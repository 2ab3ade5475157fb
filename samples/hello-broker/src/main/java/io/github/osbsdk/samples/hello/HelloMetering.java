package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.api.instance.ServiceInstance;
import io.github.osbsdk.broker.iam.IamConfig;
import io.github.osbsdk.broker.iam.ServiceIdTokenProvider;
import io.github.osbsdk.broker.metering.MeteredPlan;
import io.github.osbsdk.broker.metering.MeteredPlans;
import io.github.osbsdk.broker.metering.UsageMeter;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageReporter;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Usage-based billing of the {@code metered} plan: every successful (2xx) data call on an
 * instance of that plan counts 1 {@code API_CALL} ({@link UsageMeter#add}) on the instance id (on
 * IBM Cloud the instance CRN). Records go to the outbox of {@link HelloState} (PostgreSQL when
 * configured, so a restart or another replica loses nothing) and from there to IBM Cloud's
 * metering API ({@code METERING_URL}) or, when unset, to an embedded {@link MeteringSimulator} on
 * 127.0.0.1. The bearer token is the broker's service-ID token from {@code IAM_URL} with
 * {@code IAM_APIKEY} (else {@code BROKER_API_KEY}), or from the embedded IAM simulator; this works
 * whichever {@code BROKER_AUTH} is on. {@link #close()} flushes.
 */
public final class HelloMetering implements DataUsage, AutoCloseable {
  /** The measure the {@code metered} plan declares. */
  public static final String MEASURE = "API_CALL";
  /** The region of records whose instance id is not a CRN naming one (local tests). */
  static final String DEFAULT_REGION = "us-south";
  /**
   * How long {@link #close()} sends what is due (the SDK's default is 10 s): shutdown as a whole
   * stays within {@link HelloServer#SHUTDOWN_TOTAL}. What is not sent by then waits in the
   * outbox (PostgreSQL: for the next replica's sender).
   */
  static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(4);
  private static MeteringSimulator embedded; // guarded by HelloMetering.class

  private final UsageReporter reporter;
  private final UsageMeter meter;
  private final URI baseUrl;

  private HelloMetering(UsageReporter reporter, UsageMeter meter, URI baseUrl) {
    this.reporter = reporter;
    this.meter = meter;
    this.baseUrl = baseUrl;
  }

  /**
   * Starts the reporter and the meter.
   *
   * @param config the configuration ({@link HelloConfig#metering()}, and the IAM settings when
   *     the token comes from the embedded simulator)
   * @param outbox where records and open-window counts wait
   * @return the running metering; close it at shutdown
   * @throws IllegalArgumentException with {@code IAM_URL} but neither {@code IAM_APIKEY} nor
   *     {@code BROKER_API_KEY}
   */
  public static HelloMetering start(HelloConfig config, UsageOutbox outbox) {
    return start(config, outbox, null);
  }

  /**
   * Starts the reporter and the meter, with the reporter's meters in a registry.
   *
   * @param config the configuration
   * @param outbox where records wait until IBM answered for them
   * @param meterRegistry a Micrometer {@code MeterRegistry}, or null for no meters
   * @return the running metering
   */
  public static HelloMetering start(HelloConfig config, UsageOutbox outbox,
      Object meterRegistry) {
    MeteringSettings s = config.metering();
    ServiceIdTokenProvider tokens;
    IamSimulator iamSimulator = null;
    if (s.iamUrl() == null) {
      HelloIam iam = HelloIam.forSettings(config.iam().iamUrl() == null ? config.iam()
          : IamSettings.embedded());
      tokens = iam.serviceIdTokens(null);
      iamSimulator = iam.simulator();
    } else {
      String apiKey = s.apiKey() != null ? s.apiKey() : config.iam().apiKey();
      if (apiKey == null) {
        throw new IllegalArgumentException("IAM_APIKEY (or BROKER_API_KEY, which it falls back"
            + " to) is required with IAM_URL: the service ID's API key, with which the metered"
            + " plan's usage is reported");
      }
      tokens = ServiceIdTokenProvider.builder(IamConfig.builder().iamUrl(s.iamUrl()).build(),
          apiKey).build();
    }
    URI url = s.meteringUrl() != null ? s.meteringUrl() : embeddedSimulator(iamSimulator)
        .baseUrl();
    UsageReporter.Builder reporterBuilder = UsageReporter.builder(MeteredPlans.of(MeteredPlan.of(
            s.effectiveResourceId(), HelloCatalog.METERED_PLAN_ID, MEASURE)))
        .baseUrl(url)
        .tokenProvider(tokens)
        .outbox(Objects.requireNonNull(outbox, "outbox == null"))
        .requestTimeout(s.requestTimeout())
        .lease(s.meteringLease())
        .flushTimeout(FLUSH_TIMEOUT);
    UsageReporter reporter = meterRegistry == null ? reporterBuilder.build()
        : reporterBuilder.meterRegistry(meterRegistry).build();
    UsageMeter meter = UsageMeter.builder(reporter).window(s.interval())
        .region(DEFAULT_REGION).build();
    return new HelloMetering(reporter, meter, url);
  }

  /** The embedded metering simulator, started once per JVM. */
  private static synchronized MeteringSimulator embeddedSimulator(IamSimulator iam) {
    if (embedded == null) {
      embedded = MeteringSimulator.start(iam);
      embedded.declarePlan(HelloCatalog.METERED_PLAN_ID, MEASURE);
    }
    return embedded;
  }

  /**
   * Counts 1 {@value #MEASURE} when the namespace is on the {@code metered} plan.
   *
   * @param namespace the namespace of a successful data call
   */
  @Override
  public void succeeded(Namespace namespace) {
    if (HelloCatalog.METERED_PLAN_ID.equals(namespace.planId())) {
      meter.add(namespace.instanceId(), namespace.planId(), MEASURE, 1);
    }
  }

  /**
   * Ends the metering of an instance of the {@code metered} plan at its deprovision
   * ({@link UsageMeter#endInstance}): its last record ends then, inside the instance's life as
   * IBM requires, and counts that come later are dropped (logged).
   *
   * @param instance the instance as the SDK recorded it
   * @param at the deprovision time
   */
  @Override
  public void ended(ServiceInstance instance, Instant at) {
    if (HelloCatalog.METERED_PLAN_ID.equals(instance.planId())) {
      meter.endInstance(instance.id(), at);
    }
  }

  /**
   * Returns the reporter (its outbox depth and rejected records are worth watching).
   *
   * @return the reporter
   */
  public UsageReporter reporter() {
    return reporter;
  }

  /**
   * Returns where records are sent.
   *
   * @return the metering base URL
   */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * Closes the open windows into records and sends what it can for up to 10 s; with the
   * PostgreSQL outbox what is left waits there for the next start (of any replica).
   */
  @Override
  public void close() {
    reporter.close();
  }
}
