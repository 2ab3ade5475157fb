package io.github.osbsdk.broker.iam.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.internal.LogLimiter;
import io.github.osbsdk.broker.api.internal.LogValues;
import io.github.osbsdk.broker.core.auth.Authenticator;
import io.github.osbsdk.broker.iam.IamConfig;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Verifies IAM access tokens with Nimbus's {@link DefaultJWTProcessor} ({@link IamJwtProcessor}):
 * RS256 only ({@link Rs256KeySelector}, a {@code JWSVerificationKeySelector}), the key picked by
 * {@code kid} from IAM's cached key set (refreshed, rate-limited, on an unknown {@code kid}),
 * then {@link IamClaimsVerifier}
 * ({@code exp}, {@code nbf}, {@code iat} with leeway; exact {@code iss}). Every failure is a 401
 * with a token-free description; the token is never logged.
 *
 * <p>Before Nimbus sees a token, its format is held to one spelling and one meaning: exactly
 * three parts, each canonical unpadded Base64url ({@link CanonicalBase64Url}); header and claims
 * each exactly one JSON object with unique member names at every depth ({@link StrictJson} for
 * the header, the processor's strict claims reader for the claims);
 * a {@code kid} present; {@code typ}, when present, {@code JWT}; no {@code crit} and no
 * {@code b64} (extensions we do not implement are refused rather than ignored).
 *
 * <p>Logging: a refusal for an unknown {@code kid} (anyone can send one) logs at DEBUG; only a
 * failure of the key source itself (IAM's keys unreachable with none cached) logs a WARN, at most
 * once per {@link #KEY_SOURCE_WARN_INTERVAL} (with the count of refusals since).
 * Client-controlled values are quoted ({@link LogValues}).
 */
public final class TokenVerifier {
  /** The shortest interval between two WARN lines about an unavailable key source. */
  public static final Duration KEY_SOURCE_WARN_INTERVAL = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);
  /** The description of a refusal because IAM's signing keys could not be had. */
  static final String KEYS_UNAVAILABLE = "the token could not be verified: IAM's signing keys"
      + " are unavailable";
  private static final Base64.Decoder B64URL = Base64.getUrlDecoder();
  private static final List<String> ATTRIBUTE_CLAIMS = List.of("iam_id", "id", "sub", "sub_type",
      "realmid", "identifier", "client_id", "grant_type", "name", "email", "account", "iss");
  private static final Set<String> REFUSED_HEADER_PARAMS = Set.of("crit", "b64");

  private final IamJwtProcessor processor;
  private final LogLimiter keySourceWarnings;

  /**
   * Creates a verifier.
   *
   * @param config IAM configuration (issuer)
   * @param leeway allowed clock skew for time claims
   * @param clock the clock
   * @param keys the key source
   */
  public TokenVerifier(IamConfig config, Duration leeway, Clock clock,
      JWKSource<SecurityContext> keys) {
    Objects.requireNonNull(keys, "keys == null");
    this.processor = new IamJwtProcessor(keys, config.issuer(), leeway,
        Objects.requireNonNull(clock, "clock == null"));
    this.keySourceWarnings = new LogLimiter(KEY_SOURCE_WARN_INTERVAL, clock);
  }

  /**
   * Builds IAM's key source: cached, refreshed ahead of expiry, refreshed (rate-limited) on an
   * unknown {@code kid}, outage tolerant, fetched with the configuration's HTTP client.
   *
   * @param config the configuration
   * @param cacheTtl how long a fetched key set is fresh
   * @param rateLimitInterval at most two fetches per this interval
   * @param outageTolerance how long the last keys keep serving while IAM is unreachable
   * @return the source
   */
  public static JWKSource<SecurityContext> keySource(IamConfig config, Duration cacheTtl,
      Duration rateLimitInterval, Duration outageTolerance) {
    return keySource(config, cacheTtl, rateLimitInterval, outageTolerance,
        new HttpClientResourceRetriever(new IamHttp(config)));
  }

  /**
   * Builds IAM's key source, fetching through the given retriever (e.g. {@link KeyFetches},
   * which counts and remembers fetches).
   *
   * @param config the configuration
   * @param cacheTtl how long a fetched key set is fresh
   * @param rateLimitInterval at most two fetches per this interval
   * @param outageTolerance how long the last keys keep serving while IAM is unreachable
   * @param retriever fetches the key set
   * @return the source
   */
  public static JWKSource<SecurityContext> keySource(IamConfig config, Duration cacheTtl,
      Duration rateLimitInterval, Duration outageTolerance, ResourceRetriever retriever) {
    try {
      long ttl = cacheTtl.toMillis();
      long refreshTimeout = Math.min(config.requestTimeout().toMillis() + 1000, ttl / 2);
      return JWKSourceBuilder.<SecurityContext>create(config.keysUrl().toURL(), retriever)
          .cache(ttl, refreshTimeout)
          // Nimbus's default refresh-ahead executor is a non-daemon thread per key source that
          // never ends (nothing closes the source): a shared daemon pool whose threads end
          // when idle instead
          .refreshAheadCache(Math.min(ttl / 10, 60_000L), null, KeyRefreshThreads.POOL, false,
              null, false)
          .rateLimited(rateLimitInterval.toMillis())
          .outageTolerant(outageTolerance.toMillis())
          .retrying(false)
          .build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("keys URL is not a URL: " + config.keysUrl(), e);
    }
  }

  /**
   * Verifies a token's format, signature and claims.
   *
   * @param token the compact JWT (already size-checked by the caller)
   * @return the verified token
   * @throws ServiceBrokerException 401 for any problem
   */
  public VerifiedToken verify(String token) {
    SignedJWT jwt = parse(token);
    JWTClaimsSet claims;
    try {
      claims = processor.process(jwt, null);
    } catch (IamClaimsVerifier.Refusal e) { // our own token-free message
      LOG.debug("token refused: {}", e.getMessage());
      throw invalid(e.getMessage());
    } catch (BadJWTException e) {
      throw refused("the token claims are malformed", null);
    } catch (BadJWSException e) {
      throw refused("the token signature is invalid", null);
    } catch (BadJOSEException e) { // the selector found no RS256 key with this kid
      throw refused("the token is not signed by a known IAM key", jwt.getHeader().getKeyID());
    } catch (RateLimitReachedException e) { // unknown kid, refresh already used up
      throw refused("the token is not signed by a known IAM key", jwt.getHeader().getKeyID());
    } catch (KeySourceException e) {
      warnKeySource(e);
      throw invalid(KEYS_UNAVAILABLE);
    } catch (JOSEException | RuntimeException e) {
      throw refused("the token could not be verified", null);
    }
    return new VerifiedToken(caller(claims), claims.getExpirationTime().getTime());
  }

  /** Format checks, then Nimbus's parse of the header; claims are read by the processor. */
  private static SignedJWT parse(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first <= 0 || second <= first + 1 || second == token.length() - 1
        || token.indexOf('.', second + 1) >= 0
        || !CanonicalBase64Url.isCanonical(token, 0, first)
        || !CanonicalBase64Url.isCanonical(token, first + 1, second)
        || !CanonicalBase64Url.isCanonical(token, second + 1, token.length())) {
      throw refused("the token is malformed", null);
    }
    String header = token.substring(0, first);
    String payload = token.substring(first + 1, second);
    byte[] headerJson = B64URL.decode(header);
    if (!StrictJson.isSingleObject(headerJson)) { // the claims: strictly read by the processor
      throw refused("the token is malformed", null);
    }
    if (!StrictJson.isSingleObject(headerJson, REFUSED_HEADER_PARAMS)) {
      throw refused("the token uses header extensions that are not accepted", null);
    }
    SignedJWT jwt;
    try {
      jwt = new SignedJWT(new Base64URL(header), new Base64URL(payload),
          new Base64URL(token.substring(second + 1)));
    } catch (ParseException | RuntimeException e) {
      throw refused("the token is malformed", null);
    }
    JWSHeader h = jwt.getHeader();
    if (!JWSAlgorithm.RS256.equals(h.getAlgorithm())) {
      throw refused("the token algorithm is not accepted", null);
    }
    if (h.getKeyID() == null) {
      throw refused("the token has no key id", null);
    }
    if (h.getType() != null && !JOSEObjectType.JWT.equals(h.getType())) {
      throw refused("the token type is not accepted", null);
    }
    return jwt;
  }

  /** Runs refresh-ahead key fetches on daemon threads that end when idle. */
  private static final class KeyRefreshThreads {
    static final ExecutorService POOL;

    static {
      ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "iam-keys-refresh");
            t.setDaemon(true);
            return t;
          });
      pool.allowCoreThreadTimeOut(true);
      POOL = pool;
    }

    private KeyRefreshThreads() {
    }
  }

  private void warnKeySource(KeySourceException e) {
    LimitedLog.log(LOG, keySourceWarnings, Level.WARN, "IAM signing keys unavailable, refusing"
        + " tokens until they can be fetched (logged at most once per {}): {}",
        KEY_SOURCE_WARN_INTERVAL, LogValues.quoteMessage(e));
  }

  private static AuthenticatedCaller caller(JWTClaimsSet claims) {
    String id = string(claims, "iam_id");
    if (id == null) {
      id = string(claims, "id");
    }
    if (id == null || id.isBlank()) {
      throw refused("the token names no identity", null);
    }
    String account = null;
    if (claims.getClaim("account") instanceof Map<?, ?> m && m.get("bss") instanceof String bss) {
      account = bss;
    }
    Map<String, Object> attributes = new HashMap<>();
    for (String name : ATTRIBUTE_CLAIMS) {
      Object v = claims.getClaim(name);
      if (v instanceof Date d) { // Nimbus types registered date claims
        v = d.getTime() / 1000;
      }
      if (v != null) {
        attributes.put(name, v);
      }
    }
    attributes.put("exp", claims.getExpirationTime().getTime() / 1000);
    return new AuthenticatedCaller("bearer", id, account, string(claims, "scope"), attributes);
  }

  private static String string(JWTClaimsSet claims, String name) {
    return claims.getClaim(name) instanceof String s ? s : null;
  }

  /**
   * A refusal logged at DEBUG (anyone can cause one, so never above DEBUG).
   *
   * @param description the token-free description returned to the client
   * @param kid the token's key id when it explains the refusal, else null
   * @return the 401
   */
  private static ServiceBrokerException refused(String description, String kid) {
    if (LOG.isDebugEnabled()) {
      if (kid != null) {
        LOG.debug("token refused: {} (kid {})", description, LogValues.quote(kid));
      } else {
        LOG.debug("token refused: {}", description);
      }
    }
    return invalid(description);
  }

  private static ServiceBrokerException invalid(String description) {
    return Authenticator.unauthorized(description);
  }
}
