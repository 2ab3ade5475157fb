package io.github.osbsdk.broker.iam;

import io.github.osbsdk.broker.iam.internal.ExpiringCache;
import io.github.osbsdk.broker.iam.internal.IamMetrics;
import io.github.osbsdk.broker.iam.internal.PolicyDecisionPoint;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Asks IAM's policy decision point ({@code POST /v2/authz}) whether subjects may perform actions
 * on resources, authenticated with the broker's own service ID token.
 *
 * <p>Checks are sent as one batch per call, each with the subject in the configured
 * {@link SubjectForm}, the action, and the resource by CRN; every call carries a fresh
 * {@code Transaction-Id}. Decisions are cached (bounded; permits and denies have separate
 * lifetimes; a decision ends when its lifetime has passed on the monotonic clock or on the wall
 * clock, whichever is first: neither a step of the wall clock back nor a suspended machine, on
 * which {@code System.nanoTime} stands still, keeps it longer; a step forward may end it early,
 * which costs one more call to IAM). {@link #decide(AuthzCheck)} says whether IAM permitted, denied
 * or could not decide (see {@link AuthzDecision}); {@link #isPermitted(AuthzCheck)} and
 * {@link #check(List)} fail closed, answering false for both of the latter. IAM answering 400/404
 * means {@link AuthzDecision#DENIED}; any other status (401/403 refuse the broker's own token or
 * service ID, not the subject), a timeout, an unreadable reply or no broker token means
 * {@link AuthzDecision#UNDECIDED}, logged as an error (each kind of failure at most once a minute,
 * with the count of calls that failed alike in between) and never cached; so is a check in a 200
 * reply that carries no boolean decision (denied when its own {@code status} is 400, 401, 403 or
 * 404). Each check is sent with its own {@code requestId}; when IAM's answers carry
 * {@code requestId}s, each answer goes to the check it names, and a reply in which any answer lacks
 * one, names a check not asked or one already answered leaves every check of the call undecided
 * (not cached); only a reply without any {@code requestId} is read by position. After a 429 no call
 * is made until IAM's {@code Retry-After} (seconds or HTTP-date, at most 5 minutes; 1 second
 * without one): uncached checks are meanwhile undecided without asking (a warning is logged at most
 * once a minute), and {@link #pause()} says how long. A check identical to one a call to IAM is
 * under way for (same subject, scope, action and resource) waits for that call's answer instead of
 * asking again, so many users opening a dashboard at once make one call; after
 * {@link #clearCache()} checks ask anew.
 */
public final class AuthzClient {
  /**
   * The scope sent for a subject whose scope is not known: IBM documents {@code scope} as
   * required in every {@code subject.attributes}, and it is the scope of IAM's user and service
   * ID tokens.
   */
  public static final String DEFAULT_SCOPE = "ibm openid";

  /** How the subject is described to IAM. */
  public enum SubjectForm {
    /**
     * {@code {"attributes":{"id":..., "scope":...}}} (IBM's sample broker, docs 2023-24); the
     * scope is always sent, {@link #DEFAULT_SCOPE} when the subject's is not known.
     */
    ATTRIBUTES,
    /**
     * {@code {"accessTokenBody": "<the subject's token>"}} (newer docs); checks whose subject
     * has no token fall back to {@link #ATTRIBUTES}.
     */
    ACCESS_TOKEN_BODY
  }

  private final PolicyDecisionPoint pdp;
  /** The monotonic clock decisions age on: a step of the wall clock back keeps none longer. */
  private final LongSupplier nanoTime;
  /** The wall clock, which ends a decision when it reaches its end first (a suspend). */
  private final Clock clock;
  /** Decisions by subject, action and resource; permits and denies live for their own TTLs. */
  private final ExpiringCache<AuthzDecision> cache;
  private final long permitTtlNanos;
  private final long denyTtlNanos;
  private final IamMetrics metrics;
  /** Held to clear {@link #cache} and to put answers in it. */
  private final Object cacheLock = new Object();
  /**
   * Counts {@link #clearCache()} calls (guarded by {@link #cacheLock}), so a decision asked for
   * before a clear is not cached after it.
   */
  private long clears;
  /**
   * The answers of calls to IAM under way, by check (guarded by {@link #cacheLock}): an identical
   * check waits for them instead of asking again.
   */
  private final Map<String, CompletableFuture<AuthzDecision>> inFlight = new HashMap<>();

  private AuthzClient(Builder b) {
    this.metrics = b.metrics;
    this.pdp = new PolicyDecisionPoint(b.config, b.tokens, b.form, b.clock, b.nanoTime);
    this.nanoTime = b.nanoTime;
    this.clock = b.clock;
    this.cache = new ExpiringCache<>(b.maxEntries);
    this.permitTtlNanos = ExpiringCache.nanos(b.permitTtl);
    this.denyTtlNanos = ExpiringCache.nanos(b.denyTtl);
  }

  /**
   * Starts a client that asks IAM's {@code v2/authz} on behalf of the broker's service ID.
   *
   * @param config where IAM is
   * @param tokens the broker's own token
   * @return a builder
   */
  public static Builder builder(IamConfig config, ServiceIdTokenProvider tokens) {
    return new Builder(config, tokens);
  }

  /**
   * Asks IAM whether a user may do an action on a resource, e.g. view an instance's dashboard.
   *
   * @param subjectId the subject's {@code iam_id}
   * @param scope the subject's token scope, may be null ({@link #DEFAULT_SCOPE} is sent)
   * @param action the action, e.g. {@code my-service.dashboard.view}
   * @param resourceCrn the resource CRN
   * @return true only when IAM permits it
   */
  public boolean isPermitted(String subjectId, String scope, String action, String resourceCrn) {
    return isPermitted(new AuthzCheck(new AuthzSubject(subjectId, scope, null), action,
        resourceCrn));
  }

  /**
   * Asks IAM whether the subject of the check may do its action on its resource.
   *
   * @param check the question
   * @return true only when IAM permits it (false when it denies or cannot decide)
   */
  public boolean isPermitted(AuthzCheck check) {
    return decide(check).permitted();
  }

  /**
   * Decides several checks, sending the ones not cached as one batch.
   *
   * @param checks the questions (at most 100)
   * @return one decision per check, in order; false wherever IAM did not clearly permit
   */
  public List<Boolean> check(List<AuthzCheck> checks) {
    return decide(checks).stream().map(AuthzDecision::permitted).toList();
  }

  /**
   * Decides a check, telling a denial from a failure to decide.
   *
   * @param check the question
   * @return what IAM decided, or {@link AuthzDecision#UNDECIDED}
   */
  public AuthzDecision decide(AuthzCheck check) {
    return decide(List.of(check)).get(0);
  }

  /**
   * How long IAM asked not to be called (a 429's {@code Retry-After}) still lasts; meanwhile
   * checks not cached are {@link AuthzDecision#UNDECIDED} without a call.
   *
   * @return the time left, zero when calls are not paused
   */
  public Duration pause() {
    return Duration.ofMillis(pdp.pauseLeftMillis());
  }

  /**
   * Decides several checks, sending the ones not cached as one batch, telling denials from
   * failures to decide.
   *
   * @param checks the questions (at most 100)
   * @return one decision per check, in order
   */
  public List<AuthzDecision> decide(List<AuthzCheck> checks) {
    Objects.requireNonNull(checks, "checks == null");
    if (checks.size() > 100) {
      throw new IllegalArgumentException("at most 100 checks per call");
    }
    long now = nanoTime.getAsLong();
    long wallNow = clock.millis();
    AuthzDecision[] result = new AuthzDecision[checks.size()];
    // per check not cached: the answer of the call that asks about it (this one or another)
    List<CompletableFuture<AuthzDecision>> answers = new ArrayList<>(checks.size());
    // asked by this call
    Map<String, CompletableFuture<AuthzDecision>> mine = new LinkedHashMap<>();
    List<AuthzCheck> batch = new ArrayList<>();
    long clearsBefore;
    synchronized (cacheLock) {
      clearsBefore = clears;
      for (int i = 0; i < checks.size(); i++) {
        String key = key(checks.get(i));
        result[i] = cache.get(key, now, wallNow);
        CompletableFuture<AuthzDecision> answer = null;
        if (result[i] == null) {
          answer = mine.get(key);
          if (answer == null) {
            answer = inFlight.get(key);
          }
          if (answer == null) { // nobody asks about it yet: this call does
            answer = new CompletableFuture<>();
            inFlight.put(key, answer);
            mine.put(key, answer);
            batch.add(checks.get(i));
          }
        }
        answers.add(answer);
      }
    }
    if (!batch.isEmpty()) {
      askAndPublish(batch, mine, clearsBefore);
    }
    for (int i = 0; i < checks.size(); i++) {
      if (result[i] == null) {
        result[i] = answers.get(i).join();
        metrics.authzDecision(result[i].permitted(), false);
      } else {
        metrics.authzDecision(result[i].permitted(), true);
      }
    }
    return List.copyOf(Arrays.asList(result));
  }

  /**
   * Asks IAM about a batch, caches what it decided unless the cache was cleared meanwhile, and
   * gives every caller waiting for these checks the answer (undecided when the call failed).
   */
  private void askAndPublish(List<AuthzCheck> batch,
      Map<String, CompletableFuture<AuthzDecision>> mine, long clearsBefore) {
    AuthzDecision[] decided = new AuthzDecision[batch.size()];
    Arrays.fill(decided, AuthzDecision.UNDECIDED);
    boolean[] cacheable = new boolean[batch.size()];
    boolean completed = false;
    try {
      long start = System.nanoTime();
      boolean answered = pdp.ask(batch, decided, cacheable);
      metrics.authzRequest(answered, System.nanoTime() - start);
      completed = true;
    } finally { // whatever happened, no caller is left waiting: undecided unless IAM decided
      long after = nanoTime.getAsLong();
      long wallAfter = clock.millis();
      synchronized (cacheLock) {
        for (int j = 0; j < batch.size(); j++) {
          String key = key(batch.get(j));
          // a clear since asking: the decision is not current
          if (completed && cacheable[j] && clears == clearsBefore) {
            cache.put(key, decided[j],
                decided[j].permitted() ? permitTtlNanos : denyTtlNanos, after, wallAfter);
          }
          inFlight.remove(key, mine.get(key));
        }
      }
      for (int j = 0; j < batch.size(); j++) {
        mine.get(key(batch.get(j))).complete(decided[j]);
      }
    }
  }

  /**
   * Forgets every cached decision (e.g. after a policy change the broker learned about),
   * including those of calls to IAM still under way.
   */
  public void clearCache() {
    synchronized (cacheLock) {
      clears++;
      cache.clear();
      inFlight.clear(); // later checks ask anew rather than wait for an answer from before
    }
  }

  private static String key(AuthzCheck c) {
    return c.subject().id() + '\n' + c.subject().scope() + '\n' + c.action() + '\n'
        + c.resourceCrn();
  }

  /** Configures an {@link AuthzClient}. */
  public static final class Builder {
    private final IamConfig config;
    private final ServiceIdTokenProvider tokens;
    private SubjectForm form = SubjectForm.ATTRIBUTES;
    private Duration permitTtl = Duration.ofMinutes(1);
    private Duration denyTtl = Duration.ofSeconds(10);
    private int maxEntries = 10_000;
    private Clock clock = Clock.systemUTC();
    private LongSupplier nanoTime = System::nanoTime;
    private IamMetrics metrics = IamMetrics.NONE;

    private Builder(IamConfig config, ServiceIdTokenProvider tokens) {
      this.config = Objects.requireNonNull(config, "config == null");
      this.tokens = Objects.requireNonNull(tokens, "tokens == null");
    }

    /**
     * Sets how the subject is described to IAM: by its attributes or by its token.
     *
     * @param form how subjects are sent (default {@link SubjectForm#ATTRIBUTES})
     * @return this
     */
    public Builder subjectForm(SubjectForm form) {
      this.form = Objects.requireNonNull(form, "form == null");
      return this;
    }

    /**
     * How decisions are reused; the bound first, then the lifetimes, as in
     * {@link IamAuthenticator.Builder#verifiedTokenCache(int, Duration)}.
     *
     * @param maxEntries the bound of the decision cache (default 10000; 0 disables)
     * @param permitTtl how long a permit is reused (default 1 minute; zero disables)
     * @param denyTtl how long a deny is reused (default 10 s; zero disables)
     * @return this
     */
    public Builder decisionCache(int maxEntries, Duration permitTtl, Duration denyTtl) {
      this.permitTtl = Objects.requireNonNull(permitTtl, "permitTtl == null");
      this.denyTtl = Objects.requireNonNull(denyTtl, "denyTtl == null");
      if (permitTtl.isNegative() || denyTtl.isNegative() || maxEntries < 0) {
        throw new IllegalArgumentException("negative cache setting");
      }
      this.maxEntries = maxEntries;
      return this;
    }

    /**
     * Sets the wall clock, for tests: it spaces the client's log lines (at most one a minute for
     * each kind of failure), dates their "suppressed since" notes, and ends a cached decision
     * when its lifetime has passed on it before it has on {@link #nanoTime(LongSupplier)} (a
     * machine suspended: {@code System.nanoTime} stands still on Linux while real time passes);
     * a step of it forward may so end decisions early, which costs only new calls to IAM. The
     * pause after a 429 ages on {@code nanoTime} only.
     *
     * @param clock the wall clock (default {@link Clock#systemUTC()})
     * @return this
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets the monotonic clock, for tests: how long a cached decision has been kept, and how long
     * the pause IAM asked for with a 429 still lasts, are differences of its readings, so that a
     * step of the wall clock back (NTP, a virtual machine resumed) keeps no decision past its
     * lifetime, and a step either way neither lengthens nor ends a pause. After a suspend the
     * pause goes on for what was left of it (at most 5 minutes): uncached checks stay undecided
     * that much longer, never wrongly permitted.
     *
     * @param nanoTime readings in nanoseconds, as {@link System#nanoTime()} (the default)
     * @return this
     */
    public Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime == null");
      return this;
    }

    /**
     * Counts decisions ({@code osb.iam.authz.decisions}, by {@code decision}: {@code permit} or
     * {@code deny}, and {@code source}: {@code cache} or {@code iam}) and times calls to IAM
     * ({@code osb.iam.authz.requests}, by {@code outcome}: {@code ok} or {@code failed}) on a
     * Micrometer registry. Typed {@code Object} so broker-iam loads without Micrometer.
     *
     * @param meterRegistry an {@code io.micrometer.core.instrument.MeterRegistry}
     * @return this
     * @throws IllegalArgumentException when Micrometer is not on the class path or the object is
     *     not a {@code MeterRegistry}
     */
    public Builder meterRegistry(Object meterRegistry) {
      this.metrics = IamMetrics.of(meterRegistry);
      return this;
    }

    /**
     * Builds the client; it asks IAM only when a decision is not cached.
     *
     * @return the client
     */
    public AuthzClient build() {
      return new AuthzClient(this);
    }
  }
}
