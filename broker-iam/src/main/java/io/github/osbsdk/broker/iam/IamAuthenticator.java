package io.github.osbsdk.broker.iam;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.core.auth.Authenticator;
import io.github.osbsdk.broker.core.health.HealthCheck;
import io.github.osbsdk.broker.iam.internal.AllowListRefusals;
import io.github.osbsdk.broker.iam.internal.ExpiringCache;
import io.github.osbsdk.broker.iam.internal.HttpClientResourceRetriever;
import io.github.osbsdk.broker.iam.internal.IamHttp;
import io.github.osbsdk.broker.iam.internal.IamKeysHealth;
import io.github.osbsdk.broker.iam.internal.IamMetrics;
import io.github.osbsdk.broker.iam.internal.KeyFetches;
import io.github.osbsdk.broker.iam.internal.RefusalReasons;
import io.github.osbsdk.broker.iam.internal.TokenVerifier;
import io.github.osbsdk.broker.iam.internal.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Authenticates platform calls carrying an IBM Cloud IAM access token ({@code bearer} and
 * {@code bearer-crn} registrations in Partner Center).
 *
 * <p>Checks, in order: {@code Authorization: Bearer <token>} present (401 otherwise); token no
 * larger than {@link Builder#maxTokenBytes(int)} (401, before any parsing); RS256 signature by
 * one of IAM's published keys, selected by {@code kid} (every other algorithm, {@code none} and
 * HMAC included, is refused); {@code exp}, {@code nbf} (when present) and {@code iat} with the
 * configured leeway; {@code iss}; then the caller identity ({@code iam_id}, else {@code id})
 * against the allow-list (403 when valid but not allowed; the identity is logged at WARN, at most
 * once a minute for each, so that a mistyped allow-list entry can be told from the log).
 *
 * <p>IAM's keys are cached, refreshed ahead of expiry, refreshed on an unknown {@code kid} at
 * most twice per rate-limit interval, and kept while IAM is unreachable; with no keys at all,
 * every token is refused. Tokens that passed are remembered (bounded, keyed by the whole token,
 * for at most their maximum age on both the monotonic and the wall clock, never past
 * {@code exp} on the wall clock), so repeated tokens skip the signature work. Tokens are never
 * logged.
 *
 * <pre>{@code
 * IamAuthenticator auth = IamAuthenticator.builder(IamConfig.builder().build())
 *     .allowedIdentities(Set.of("crn-crn:v1:bluemix:public:my-service::a/123::"))
 *     .build();
 * Broker broker = Broker.builder(myBroker).authenticator(auth).build();
 * }</pre>
 */
public final class IamAuthenticator implements Authenticator {
  private static final String BEARER = "bearer ";
  private final Set<String> allowed;
  private final int maxTokenBytes;
  private final String realm;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final TokenVerifier verifier;
  /**
   * Tokens that passed every check, by the whole token: a repeat skips the signature work. An
   * entry ends when its maximum age has passed on the monotonic or the wall clock, whichever is
   * first, and at the token's {@code exp} on the wall clock.
   */
  private final ExpiringCache<Passed> cache;
  private final long cacheMaxAgeNanos;
  private final IamMetrics metrics;
  private final IamKeysHealth keysHealth;
  private final AllowListRefusals allowListRefusals;

  private IamAuthenticator(Builder b) {
    this.metrics = b.metrics;
    KeyFetches fetches = new KeyFetches(new HttpClientResourceRetriever(new IamHttp(b.config)),
        b.metrics, b.clock);
    this.allowed = Set.copyOf(b.allowed);
    this.maxTokenBytes = b.maxTokenBytes;
    this.realm = b.realm;
    this.clock = b.clock;
    this.nanoTime = b.nanoTime;
    JWKSource<SecurityContext> keys = TokenVerifier.keySource(b.config, b.keysCacheTtl,
        b.keysRateLimit, b.keysOutageTolerance, fetches);
    this.keysHealth = new IamKeysHealth(keys, fetches);
    this.verifier = new TokenVerifier(b.config, b.leeway, b.clock, keys);
    this.cache = new ExpiringCache<>(b.cacheSize);
    this.cacheMaxAgeNanos = ExpiringCache.nanos(b.cacheMaxAge);
    this.allowListRefusals = new AllowListRefusals(b.clock);
  }

  /**
   * Starts an authenticator that lets through only platform calls with a valid IAM token of an
   * allowed identity.
   *
   * @param config where IAM is
   * @return a builder
   */
  public static Builder builder(IamConfig config) {
    return new Builder(config);
  }

  /**
   * Lets a platform call through when its bearer token is valid and names an allowed identity;
   * any other call is refused with 401.
   */
  @Override
  public AuthenticatedCaller authenticate(String authorization) {
    try {
      return check(authorization);
    } catch (ServiceBrokerException e) {
      metrics.tokenRefused(RefusalReasons.of(e));
      throw e;
    }
  }

  /**
   * The health of IAM's signing keys, for {@code BrokerHealth}: {@code UP} while at least one
   * key is loaded (fetched now when none is cached), {@code DOWN} when none is, since every token
   * is then refused. Details: {@code keys}, {@code lastFetch} ({@code success}, {@code failure},
   * {@code none}), {@code lastFetchAt}, {@code lastFetchError}.
   *
   * @return the check
   */
  public HealthCheck keysHealth() {
    return keysHealth;
  }

  private AuthenticatedCaller check(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw Authenticator.unauthorized("missing credentials: send an IAM access token"
          + " as Authorization: Bearer <token>");
    }
    if (authorization.length() > maxTokenBytes + BEARER.length()) {
      throw Authenticator.unauthorized("the token is too large");
    }
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw Authenticator.unauthorized("only the Bearer scheme is accepted");
    }
    String token = authorization.substring(BEARER.length()).strip();
    Passed cached = cache.get(token, nanoTime.getAsLong(), clock.millis());
    // the token's exp is wall-clock time, its truth: past it, the token is verified again
    if (cached != null && clock.millis() < cached.expiresAtMillis()) {
      metrics.tokenAccepted(true);
      return cached.caller();
    }
    long verifiedAt = nanoTime.getAsLong(); // its age counts from before the verification
    long verifiedAtWall = clock.millis();
    VerifiedToken verified = verifier.verify(token);
    if (!allowed.contains(verified.caller().id())) {
      allowListRefusals.refused(verified.caller().id());
      throw ServiceBrokerException.forbidden("the caller is not allowed to use this broker");
    }
    // never trusted beyond the token's exp nor the configured maximum age
    if (clock.millis() < verified.expiresAtMillis()) {
      cache.put(token, new Passed(verified.caller(), verified.expiresAtMillis()),
          cacheMaxAgeNanos, verifiedAt, verifiedAtWall);
    }
    metrics.tokenAccepted(false);
    return verified.caller();
  }

  /** A token that passed every check: its caller, and its {@code exp} (epoch millis). */
  private record Passed(AuthenticatedCaller caller, long expiresAtMillis) {
  }

  /**
   * Verifies a token without the allow-list check (e.g. a dashboard user's token).
   *
   * @param token the compact JWT, without scheme
   * @return the verified caller
   * @throws ServiceBrokerException 401 when the token is not valid
   */
  public AuthenticatedCaller verify(String token) {
    Objects.requireNonNull(token, "token == null");
    if (token.length() > maxTokenBytes) {
      throw Authenticator.unauthorized("the token is too large");
    }
    return verifier.verify(token).caller();
  }

  /**
   * The {@code WWW-Authenticate} header of a 401 answer, asking for an IAM bearer token.
   *
   * @return {@code Bearer realm="..."}
   */
  @Override
  public String challenge() {
    return "Bearer realm=\"" + realm + "\"";
  }

  /**
   * The {@code WWW-Authenticate} header of a 401 answer to a refused request, saying whether its
   * token was invalid.
   *
   * @return {@link #challenge()}, plus {@code error="invalid_token"} when the refused request
   *     presented a bearer token (RFC 6750 section 3.1)
   */
  @Override
  public String challenge(String authorization, ServiceBrokerException failure) {
    boolean presentedToken = failure.status() == 401 && authorization != null
        && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
    return challenge() + (presentedToken ? ", error=\"invalid_token\"" : "");
  }

  /** Configures an {@link IamAuthenticator}. */
  public static final class Builder {
    private final IamConfig config;
    private Set<String> allowed = Set.of();
    private Duration leeway = Duration.ofSeconds(60);
    private int maxTokenBytes = 8 * 1024;
    private String realm = "osb-broker";
    private Clock clock = Clock.systemUTC();
    private LongSupplier nanoTime = System::nanoTime;
    private Duration keysCacheTtl = Duration.ofMinutes(20);
    private Duration keysRateLimit = Duration.ofSeconds(30);
    private Duration keysOutageTolerance = Duration.ofHours(12);
    private int cacheSize = 10_000;
    private Duration cacheMaxAge = Duration.ofMinutes(5);
    private IamMetrics metrics = IamMetrics.NONE;

    private Builder(IamConfig config) {
      this.config = Objects.requireNonNull(config, "config == null");
    }

    /**
     * Sets the identities whose calls the broker answers; tokens of any other identity get 401.
     *
     * @param identities the {@code iam_id}s allowed to call, e.g. {@code crn-<broker CRN>} or
     *     {@code iam-ServiceId-<uuid>}; required, not empty
     * @return this
     */
    public Builder allowedIdentities(Set<String> identities) {
      Objects.requireNonNull(identities, "identities == null");
      this.allowed = Set.copyOf(identities);
      return this;
    }

    /**
     * Sets how far the broker's clock may differ from IAM's before a token counts as expired or not
     * yet valid.
     *
     * @param leeway clock skew allowed on {@code exp}/{@code nbf}/{@code iat} (default 60 s)
     * @return this
     */
    public Builder leeway(Duration leeway) {
      Objects.requireNonNull(leeway, "leeway == null");
      if (leeway.isNegative() || leeway.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("leeway must be 0..5 minutes");
      }
      this.leeway = leeway;
      return this;
    }

    /**
     * Sets the size over which a token is refused (401) without being parsed.
     *
     * @param bytes the largest accepted token (default 8 KiB)
     * @return this
     */
    public Builder maxTokenBytes(int bytes) {
      if (bytes < 256) {
        throw new IllegalArgumentException("bytes must be >= 256");
      }
      this.maxTokenBytes = bytes;
      return this;
    }

    /**
     * Sets the realm the {@code WWW-Authenticate} header of a 401 answer names.
     *
     * @param realm the realm in {@code WWW-Authenticate} (default {@code osb-broker})
     * @return this
     */
    public Builder realm(String realm) {
      Objects.requireNonNull(realm, "realm == null");
      if (!realm.matches("[A-Za-z0-9 ._:/-]{1,100}")) {
        throw new IllegalArgumentException("realm has characters not allowed in a header");
      }
      this.realm = realm;
      return this;
    }

    /**
     * Sets how IAM's signing keys are cached and refetched, and for how long an IAM outage is
     * bridged.
     *
     * @param ttl how long IAM's key set is used before it is fetched again (default 20 minutes)
     * @param rateLimitInterval at most two key fetches per interval, whatever the {@code kid}s
     *     seen (default 30 s)
     * @param outageTolerance how long the last keys keep serving while IAM is unreachable
     *     (default 12 hours)
     * @return this
     */
    public Builder keys(Duration ttl, Duration rateLimitInterval, Duration outageTolerance) {
      this.keysCacheTtl = IamConfig.Builder.positive(ttl, "ttl");
      this.keysRateLimit = IamConfig.Builder.positive(rateLimitInterval, "rateLimitInterval");
      this.keysOutageTolerance = IamConfig.Builder.positive(outageTolerance, "outageTolerance");
      if (rateLimitInterval.compareTo(ttl) >= 0) {
        throw new IllegalArgumentException("rateLimitInterval must be shorter than ttl");
      }
      return this;
    }

    /**
     * Sets how many verified tokens are remembered, and for how long, so a repeated token is not
     * verified again.
     *
     * @param maxEntries the bound of the verified-token cache (default 10000; 0 disables it)
     * @param maxAge the longest a verified token is trusted without re-verification (default 5
     *     minutes; never past its {@code exp})
     * @return this
     */
    public Builder verifiedTokenCache(int maxEntries, Duration maxAge) {
      if (maxEntries < 0) {
        throw new IllegalArgumentException("maxEntries must be >= 0");
      }
      this.cacheSize = maxEntries;
      this.cacheMaxAge = IamConfig.Builder.positive(maxAge, "maxAge");
      return this;
    }

    /**
     * Sets the wall clock, for tests: it checks the token's time claims ({@code exp},
     * {@code nbf}, {@code iat}), ends a remembered token at its {@code exp}, spaces the log lines
     * and dates the keys' {@code lastFetchAt}. A remembered token also ends when its maximum age
     * has passed on this clock, if that comes before it has passed on
     * {@link #nanoTime(LongSupplier)} (a machine suspended: {@code System.nanoTime} stands still
     * on Linux); a step of this clock forward may so end one early, which costs only a new
     * verification.
     *
     * @param clock the wall clock (default {@link Clock#systemUTC()})
     * @return this
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets the monotonic clock, for tests: how long a verified token has been remembered
     * ({@link #verifiedTokenCache(int, Duration)}'s {@code maxAge}) is a difference of its
     * readings, so that a step of the wall clock back (NTP, a virtual machine resumed) does not
     * keep a token past that age; the wall clock ends it too when it reaches the age first.
     *
     * @param nanoTime readings in nanoseconds, as {@link System#nanoTime()} (the default)
     * @return this
     */
    public Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime == null");
      return this;
    }

    /**
     * Counts platform calls accepted ({@code osb.iam.tokens.accepted}, by {@code source}:
     * {@code cache} or {@code verified}) and refused ({@code osb.iam.tokens.refused}, by
     * {@code reason}), and fetches of IAM's keys ({@code osb.iam.key.refreshes}, by
     * {@code outcome}) on a Micrometer registry. Typed {@code Object} so broker-iam loads without
     * Micrometer; without this call nothing is counted.
     *
     * @param meterRegistry any {@code io.micrometer.core.instrument.MeterRegistry} of
     *     micrometer-core 1.x ({@code SimpleMeterRegistry}, {@code PrometheusMeterRegistry}, a
     *     composite, Spring Boot's bean)
     * @return this
     * @throws NullPointerException when it is null
     * @throws IllegalArgumentException at this call, before {@link #build()}: when
     *     micrometer-core is not on the class path, or when the object is not a
     *     {@code MeterRegistry} (the message names its class)
     */
    public Builder meterRegistry(Object meterRegistry) {
      this.metrics = IamMetrics.of(meterRegistry);
      return this;
    }

    /**
     * Builds the authenticator, refusing an empty allow-list.
     *
     * @return the authenticator
     * @throws IllegalStateException when no identity is allowed
     */
    public IamAuthenticator build() {
      if (allowed.isEmpty()) {
        throw new IllegalStateException("allowedIdentities is empty: name the iam_id(s) of the"
            + " platform caller, e.g. crn-<broker CRN>");
      }
      return new IamAuthenticator(this);
    }
  }
}
