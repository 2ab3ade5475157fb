package io.github.osbsdk.broker.iam.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** {@link IamMetrics} on a Micrometer registry; meters are created once per tag combination. */
public final class MicrometerIamMetrics implements IamMetrics {
  /** Accepted platform tokens, by source (cache or verified). */
  public static final String TOKENS_ACCEPTED = "osb.iam.tokens.accepted";
  /** Refused platform calls, by reason. */
  public static final String TOKENS_REFUSED = "osb.iam.tokens.refused";
  /** Fetches of IAM's key set, by outcome. */
  public static final String KEY_REFRESHES = "osb.iam.key.refreshes";
  /** Authorization decisions, by decision and source. */
  public static final String AUTHZ_DECISIONS = "osb.iam.authz.decisions";
  /** Calls to IAM's {@code /v2/authz}, by outcome. */
  public static final String AUTHZ_REQUESTS = "osb.iam.authz.requests";

  private final MeterRegistry registry;
  private final Counter acceptedCached;
  private final Counter acceptedVerified;
  private final Map<String, Counter> refused = new ConcurrentHashMap<>();
  private final Counter fetchOk;
  private final Counter fetchFailed;
  private final Counter[] decisions = new Counter[4];
  private final Timer authzOk;
  private final Timer authzFailed;

  private MicrometerIamMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.acceptedCached = accepted("cache");
    this.acceptedVerified = accepted("verified");
    this.fetchOk = fetch("success");
    this.fetchFailed = fetch("failure");
    for (int i = 0; i < 4; i++) {
      decisions[i] = Counter.builder(AUTHZ_DECISIONS)
          .description("Authorization decisions, from the decision cache or from IAM")
          .tag("decision", (i & 1) != 0 ? "permit" : "deny")
          .tag("source", (i & 2) != 0 ? "cache" : "iam")
          .register(registry);
    }
    this.authzOk = authz("ok");
    this.authzFailed = authz("failed");
  }

  /**
   * Creates the metrics.
   *
   * @param meterRegistry a {@link MeterRegistry}, already checked
   * @return the metrics
   */
  static IamMetrics create(Object meterRegistry) {
    return new MicrometerIamMetrics((MeterRegistry) meterRegistry);
  }

  private Counter accepted(String source) {
    return Counter.builder(TOKENS_ACCEPTED)
        .description("Platform calls whose IAM token was accepted, from the verified-token cache"
            + " or after a full verification")
        .tag("source", source).register(registry);
  }

  private Counter fetch(String outcome) {
    return Counter.builder(KEY_REFRESHES)
        .description("Fetches of IAM's signing keys").tag("outcome", outcome)
        .register(registry);
  }

  private Timer authz(String outcome) {
    return Timer.builder(AUTHZ_REQUESTS)
        .description("Calls to IAM's /v2/authz; failed ones deny (fail closed)")
        .tag("outcome", outcome).register(registry);
  }

  @Override
  public void tokenAccepted(boolean cached) {
    (cached ? acceptedCached : acceptedVerified).increment();
  }

  @Override
  public void tokenRefused(String reason) {
    refused.computeIfAbsent(reason, r -> Counter.builder(TOKENS_REFUSED)
        .description("Platform calls refused by the IAM authenticator, by reason")
        .tag("reason", r).register(registry)).increment();
  }

  @Override
  public void keyFetch(boolean success) {
    (success ? fetchOk : fetchFailed).increment();
  }

  @Override
  public void authzDecision(boolean permitted, boolean cached) {
    decisions[(permitted ? 1 : 0) | (cached ? 2 : 0)].increment();
  }

  @Override
  public void authzRequest(boolean ok, long nanos) {
    (ok ? authzOk : authzFailed).record(nanos, TimeUnit.NANOSECONDS);
  }
}
