package io.github.osbsdk.broker.iam;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.iam.internal.IamHttp;
import io.github.osbsdk.broker.iam.internal.FetchBackoff;
import io.github.osbsdk.broker.iam.internal.TokenFetchThreads;
import io.github.osbsdk.broker.iam.internal.TokenLifetime;
import io.github.osbsdk.broker.iam.internal.TokenReplyWarnings;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's own IAM access token, obtained with its service ID API key
 * ({@code grant_type=urn:ibm:params:oauth:grant-type:apikey}) and used for calls such as
 * {@code POST /v2/authz}.
 *
 * <p>The token is cached. Once 80% of its lifetime (as IAM states it in {@code expiration} /
 * {@code expires_in}) has passed, the next caller triggers a refresh in the background and still
 * gets the current token; 10 seconds before {@code exp} the token counts as expired and callers
 * wait for a fresh one (a token living 20 seconds or less: after half its lifetime, so that it is
 * not fetched again on every call; one living less than a second counts as a failed fetch). Only
 * one fetch runs at a time: concurrent callers share it. When no valid token is left and the
 * fetch fails, {@link #token()} throws an {@link IamException} carrying the last error. After a
 * failed fetch no new one starts for 1 second, doubling with each further failure up to 5
 * minutes, at least IAM's {@code Retry-After} (at most 5 minutes); a success resets it. Callers
 * get the cached token or at once the last error meanwhile; but a cached token going stale is
 * always fetched anew once, however long the pause. Failures are logged at WARN the first
 * time, then at most once per 5 minutes (counting those not logged), with IAM's
 * {@code errorCode} and {@code errorMessage} (also in the exception). The lifetime is taken from
 * {@code expires_in}, from {@code expiration} only without it (read against the wall clock when
 * the reply comes), and counts from before the request on the monotonic and the wall clock: the
 * token is renewed, goes stale and expires by the greater of its two ages, so neither a step of
 * the wall clock back (NTP) nor a suspend ({@code System.nanoTime} stands still while IAM's
 * {@code exp} comes nearer) keeps a token past its lifetime; a step forward may renew it early.
 * The pauses after failures count on the monotonic clock only, so no step of the wall clock
 * lengthens or ends one; after a suspend a pause goes on for what was left of it, but a token
 * that went stale meanwhile is still fetched anew once. A reply stating no lifetime left
 * ({@code expires_in} not positive; without it, an {@code expiration} not in the future), more
 * than 24 hours, or an {@code expires_in} that is not a number of seconds counts as a failed
 * fetch.
 * Thread-safe. The API key and tokens are never logged.
 */
public final class ServiceIdTokenProvider {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceIdTokenProvider.class);
  /** The API-key grant type. */
  public static final String API_KEY_GRANT = "urn:ibm:params:oauth:grant-type:apikey";
  private static final long EXPIRY_MARGIN_MILLIS = 10_000;
  private static final double REFRESH_FRACTION = 0.8;
  /** The pause after a first failed fetch; it doubles with each further failure. */
  static final long RETRY_PAUSE_MILLIS = 1_000;
  /** The longest pause between failed fetches, however many failed. */
  static final long MAX_BACKOFF_MILLIS = 300_000;
  /** The longest {@code Retry-After} honoured. */
  static final long MAX_RETRY_AFTER_MILLIS = 300_000;
  /** What an access token may consist of (a JWT: Base64url parts and dots). */
  private static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9._~+/=-]+");
  /**
   * How old a token must be before an IAM service's refusal (401) makes the provider drop it: a
   * token refused right after it was issued is not renewed again and again.
   */
  static final long REFUSED_TOKEN_MIN_AGE_MILLIS = 30_000;

  /**
   * A token and its ages in milliseconds since it was asked for ({@code fetchedAtNanos} on the
   * monotonic clock, {@code fetchedAtWallMillis} on the wall clock): from {@code refreshAfter}
   * on it is renewed in the background, from {@code staleAfter} on callers wait for a new one.
   */
  private record Token(String value, long fetchedAtNanos, long fetchedAtWallMillis,
      long refreshAfter, long staleAfter, long lifetime) {
    /** The greater of the two ages: a step back of the wall clock or a suspend adds none. */
    long ageMillis(long nowNanos, long wallNowMillis) {
      return Math.max(TimeUnit.NANOSECONDS.toMillis(nowNanos - fetchedAtNanos),
          wallNowMillis - fetchedAtWallMillis);
    }

    @Override
    public String toString() { // never the token itself
      return "Token[fetchedAtNanos=" + fetchedAtNanos + ", fetchedAtWallMillis="
          + fetchedAtWallMillis + ", refreshAfter=" + refreshAfter + ", staleAfter=" + staleAfter
          + ", lifetime=" + lifetime + "]";
    }
  }

  private final IamConfig config;
  private final IamHttp http;
  private final String apiKey;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final Executor executor;
  private final Object lock = new Object();
  private volatile Token current;
  private volatile IamException lastError;
  private CompletableFuture<Token> inFlight; // guarded by lock
  private long failedAtNanos; // guarded by lock: when the last fetch failed
  private long pauseMillis; // guarded by lock: no fetch for this long after it
  private Token goodAtFailure; // guarded by lock: the cached token, if not stale at the failure
  private final FetchBackoff backoff;
  private final TokenReplyWarnings warnings = new TokenReplyWarnings(LOG);

  private ServiceIdTokenProvider(Builder b) {
    this.config = b.config;
    this.http = new IamHttp(b.config);
    this.apiKey = b.apiKey;
    this.clock = b.clock;
    this.nanoTime = b.nanoTime;
    this.backoff = new FetchBackoff(RETRY_PAUSE_MILLIS, MAX_BACKOFF_MILLIS, b.clock);
    this.executor = b.executor != null ? b.executor : TokenFetchThreads.EXECUTOR;
  }

  /**
   * Starts a provider of the broker's own IAM tokens, from its service ID's API key.
   *
   * @param config where IAM is
   * @param apiKey the broker's service ID API key
   * @return a builder
   */
  public static Builder builder(IamConfig config, String apiKey) {
    return new Builder(config, apiKey);
  }

  /**
   * A token of the broker's service ID, refreshed before it expires.
   *
   * @return a valid access token (without the {@code Bearer } prefix)
   * @throws IamException when no valid token is cached and IAM does not issue one
   */
  public String token() {
    Token t = current;
    long age = t == null ? 0 : t.ageMillis(nanoTime.getAsLong(), clock.millis());
    if (t != null && age < t.staleAfter) {
      if (age >= t.refreshAfter) {
        fetch(t); // background: the current token is still good
      }
      return t.value;
    }
    try {
      return fetch(t).join().value;
    } catch (CompletionException e) {
      throw e.getCause() instanceof IamException ie ? new IamException(ie.getMessage(), ie)
          : new IamException("could not get an IAM token", e.getCause());
    }
  }

  /**
   * Tells the provider that an IBM Cloud service (IAM's authz, the metering API) answered 401 to
   * this token before its expiry (it was revoked, e.g. after the service ID's API key was rotated):
   * unless the token is younger than 30 seconds, it is dropped and the next {@link #token()}
   * fetches a new one, instead of every call being refused until the token expires.
   *
   * @param value the refused token (null is ignored)
   */
  public void refused(String value) {
    synchronized (lock) {
      Token t = current;
      if (t != null && value != null && t.value.equals(value)
          && t.ageMillis(nanoTime.getAsLong(), clock.millis()) >= REFUSED_TOKEN_MIN_AGE_MILLIS) {
        current = null;
        LOG.warn("IAM refused the service ID token before its expiry; fetching a new one");
      }
    }
  }

  /**
   * Returns why the last fetch failed: what {@link #token()} throws while no valid token is
   * cached (an unexpected failure of the fetch is wrapped, its class named in the message).
   *
   * @return the error of the last fetch, or empty before any fetch and after one that succeeded
   */
  public Optional<IamException> lastError() {
    return Optional.ofNullable(lastError);
  }

  /**
   * Starts a fetch, or joins the one running.
   *
   * @param seen the token the caller found too old (null when none)
   * @return the fetch; done at once when a newer token landed since the caller looked, or with
   *     the last error while fetches pause after a failure
   */
  private CompletableFuture<Token> fetch(Token seen) {
    synchronized (lock) {
      if (inFlight != null) {
        return inFlight;
      }
      if (current != null && current != seen) { // a fetch finished since the caller looked
        return CompletableFuture.completedFuture(current);
      }
      long now = nanoTime.getAsLong();
      // a token good at the failure that is stale now (on the wall clock first: a suspend)
      boolean wentStale = seen != null && seen == goodAtFailure
          && seen.ageMillis(now, clock.millis()) >= seen.staleAfter;
      if (lastError != null && !wentStale
          && TimeUnit.NANOSECONDS.toMillis(now - failedAtNanos) < pauseMillis) {
        return CompletableFuture.failedFuture(lastError);
      }
      CompletableFuture<Token> f = new CompletableFuture<>();
      inFlight = f;
      Runnable run = () -> {
        Token t = null;
        IamException error = null;
        Error fatal = null;
        long retryAfter = 0;
        try {
          t = request();
        } catch (RetryLater e) {
          error = e.failure;
          retryAfter = e.pauseMillis;
        } catch (IamException e) {
          error = e;
        } catch (RuntimeException e) {
          error = new IamException("IAM token fetch failed: " + e.getClass().getSimpleName(), e);
        } catch (Error e) { // the fetch still ends, then the thread goes on failing with it
          fatal = e;
          error = new IamException("IAM token fetch failed: " + e.getClass().getSimpleName(), e);
        }
        long pause = 0;
        synchronized (lock) { // publish, then let the next caller start a new fetch
          if (t != null) {
            current = t;
            lastError = null;
            goodAtFailure = null;
            backoff.succeeded();
          } else { // a cached token is fetched anew when it goes stale, whatever the pause
            lastError = error;
            pause = backoff.failed(retryAfter); // guarded by lock
            failedAtNanos = nanoTime.getAsLong();
            Token c = current;
            long untilStale = c == null ? 0
                : c.staleAfter - c.ageMillis(failedAtNanos, clock.millis());
            pauseMillis = FetchBackoff.pauseUntilStale(pause, untilStale);
            goodAtFailure = untilStale > 0 ? c : null;
          }
          inFlight = null;
        }
        if (error != null) {
          backoff.log(LOG, pause, error);
        }
        if (t != null) {
          f.complete(t);
        } else {
          f.completeExceptionally(error);
        }
        if (fatal != null) {
          throw fatal;
        }
      };
      try {
        executor.execute(run);
      } catch (RuntimeException e) { // rejected: fail this fetch, allow the next one
        inFlight = null;
        f.completeExceptionally(new IamException("token fetch could not be scheduled", e));
      }
      return f;
    }
  }

  private Token request() { // IAM's error code in the message, never the key
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", API_KEY_GRANT);
    form.put("apikey", apiKey);
    IamHttp.Reply reply;
    long askedAt = nanoTime.getAsLong(); // the token lives from no earlier than this
    long askedAtWall = clock.millis();
    try {
      reply = http.postForm(config.tokenUrl(), form);
    } catch (IOException e) {
      throw new IamException("IAM token endpoint unreachable: " + e.getClass().getSimpleName(), e);
    }
    if (reply.status() != 200) {
      String message = "IAM token endpoint answered " + reply.status()
          + reply.iamError().replace(apiKey, "***");
      if (reply.retryAfterSeconds() >= 0) {
        throw new RetryLater(message + ", retry after " + reply.retryAfterSeconds() + " s",
            Math.min(reply.retryAfterSeconds() * 1000, MAX_RETRY_AFTER_MILLIS));
      }
      throw new IamException(message, null);
    }
    try {
      JsonNode json = reply.json();
      String value = json.path("access_token").asText(null);
      if (value == null || value.isEmpty()) {
        throw new IamException("IAM token reply has no access_token", null);
      }
      if (!TOKEN_CHARS.matcher(value).matches()) { // never echoed: it may be a real token
        throw new IamException("IAM token reply has a malformed access_token", null);
      }
      // IAM's expiration, an epoch time, is read as a lifetime; the token ages on both clocks
      long lifetime = TokenLifetime.of(json, clock.millis(), warnings);
      long margin = EXPIRY_MARGIN_MILLIS;
      if (lifetime <= 2 * EXPIRY_MARGIN_MILLIS) { // the margin would eat most or all of it
        margin = lifetime / 2;
        warnings.shortLifetime(lifetime, EXPIRY_MARGIN_MILLIS);
      }
      return new Token(value, askedAt, askedAtWall, (long) (lifetime * REFRESH_FRACTION),
          lifetime - margin, lifetime);
    } catch (IOException e) {
      throw new IamException("IAM token reply is not JSON", e);
    }
  }

  /**
   * A failed fetch after which IAM asked for a pause ({@code Retry-After}); callers get its
   * {@code failure} ({@link IamException} is final).
   */
  private static final class RetryLater extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final IamException failure;
    private final long pauseMillis;

    RetryLater(String message, long pauseMillis) {
      super(message, null, false, false);
      this.failure = new IamException(message, null);
      this.pauseMillis = pauseMillis;
    }
  }

  /** Configures a {@link ServiceIdTokenProvider}. */
  public static final class Builder {
    private final IamConfig config;
    private final String apiKey;
    private Clock clock = Clock.systemUTC();
    private LongSupplier nanoTime = System::nanoTime;
    private Executor executor;

    private Builder(IamConfig config, String apiKey) {
      this.config = Objects.requireNonNull(config, "config == null");
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey == null");
      if (apiKey.isBlank()) {
        throw new IllegalArgumentException("apiKey is blank");
      }
    }

    /**
     * Sets the wall clock, for tests: it reads IAM's {@code expiration} (an epoch time, used
     * without {@code expires_in}) as a lifetime, checks it against {@code expires_in}, and
     * spaces the log lines. A token's age is the greater of its ages on this clock and on
     * {@link #nanoTime(LongSupplier)}, so that a suspended machine ({@code System.nanoTime}
     * stands still on Linux) keeps no token past its lifetime; a step of this clock forward may
     * so renew a token early, which costs only a fetch. How long a pause after a failure lasts
     * is measured on {@code nanoTime} only.
     *
     * @param clock the wall clock (default {@link Clock#systemUTC()})
     * @return this
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets the monotonic clock, for tests: a token's age (when it is renewed, when it expires,
     * whether it is old enough for {@link ServiceIdTokenProvider#refused(String)} to drop it) and
     * the pause after a failed fetch are differences of its readings, so that a step of the wall
     * clock back (NTP, a virtual machine resumed) keeps no token past its lifetime, and no step
     * of the wall clock lengthens or ends a pause. After a suspend, a pause goes on for what was
     * left of it (at most 5 minutes: it only delays the next fetch); a token that went stale
     * meanwhile is still fetched anew once.
     *
     * @param nanoTime readings in nanoseconds, as {@link System#nanoTime()} (the default)
     * @return this
     */
    public Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime == null");
      return this;
    }

    /**
     * Sets where token fetches run.
     *
     * @param executor runs the fetches (default: daemon threads)
     * @return this
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor == null");
      return this;
    }

    /**
     * Builds the provider; the first token is fetched on the first call of {@link
     * ServiceIdTokenProvider#token()}.
     *
     * @return the provider (no fetch happens before the first {@link #token()})
     */
    public ServiceIdTokenProvider build() {
      return new ServiceIdTokenProvider(this);
    }
  }
}
