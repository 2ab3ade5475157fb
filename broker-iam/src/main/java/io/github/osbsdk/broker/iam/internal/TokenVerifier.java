package io.github.osbsdk.broker.iam.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.iam.IamConfig;
import java.io.IOException;
import java.net.MalformedURLException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies IAM access tokens: RS256 signature against IAM's published keys, then {@code exp},
 * {@code nbf} (when present), {@code iat} (when present) with leeway, and {@code iss}. Never logs
 * a token; every failure is a 401.
 *
 * <p>The cold path is built for speed without giving up a check: the token is split once over
 * its ASCII bytes ({@link CompactRs256Jws}: header read with a streaming parser, signing input
 * never re-encoded), the key is a map look-up by {@code kid} in the cached key set
 * ({@link CachingRsaKeySelector}), the signature is checked with a per-thread JCA
 * {@code Signature} kept initialized for the key ({@link Rs256SignatureVerifier}), and only the
 * claims used here are read from the payload ({@link ClaimsReader}), after the signature passed.
 */
public final class TokenVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);
  private static final List<String> ATTRIBUTE_CLAIMS = List.of("iam_id", "id", "sub", "sub_type",
      "realmid", "identifier", "client_id", "grant_type", "name", "email", "account", "iss");

  private final String issuer;
  private final long leewayMillis;
  private final Clock clock;
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final ClaimsReader CLAIMS = new ClaimsReader(JSON, claimNames());
  private final CachingRsaKeySelector selector;
  private final Rs256SignatureVerifier signatures = new Rs256SignatureVerifier();

  /**
   * @param config IAM configuration (issuer)
   * @param leeway allowed clock skew for time claims
   * @param clock the clock
   * @param keys the key source
   */
  public TokenVerifier(IamConfig config, Duration leeway, Clock clock,
      JWKSource<SecurityContext> keys) {
    this.issuer = config.issuer();
    this.leewayMillis = leeway.toMillis();
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.selector = new CachingRsaKeySelector(keys);
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
    try {
      long ttl = cacheTtl.toMillis();
      long refreshTimeout = Math.min(config.requestTimeout().toMillis() + 1000, ttl / 2);
      return JWKSourceBuilder.<SecurityContext>create(config.keysUrl().toURL(),
              new HttpClientResourceRetriever(new IamHttp(config)))
          .cache(ttl, refreshTimeout)
          .refreshAheadCache(Math.min(ttl / 10, 60_000L), false)
          .rateLimited(rateLimitInterval.toMillis())
          .outageTolerant(outageTolerance.toMillis())
          .retrying(false)
          .build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("keys URL is not a URL: " + config.keysUrl(), e);
    }
  }

  /**
   * @param token the compact JWT (already size-checked by the caller)
   * @return the verified token
   * @throws ServiceBrokerException 401 for any problem
   */
  public VerifiedToken verify(String token) {
    CompactRs256Jws jws;
    try {
      jws = CompactRs256Jws.parse(token, JSON.getFactory());
    } catch (IllegalArgumentException e) { // the message is one of ours, token-free
      throw invalid(e.getMessage());
    }
    verifySignature(jws);
    Map<String, Object> claims;
    try {
      claims = CLAIMS.read(jws.payload());
    } catch (IOException | RuntimeException e) {
      throw invalid("the token claims are malformed");
    }
    long exp = checkClaims(claims);
    return new VerifiedToken(caller(claims, exp), exp);
  }

  /**
   * The equivalent of Nimbus's {@code DefaultJWTProcessor} with a
   * {@code JWSVerificationKeySelector} for RS256, minus its object model: keys by {@code kid}
   * from the cached source, the JDK's {@code SHA256withRSA} over the token's own bytes.
   */
  private void verifySignature(CompactRs256Jws jws) {
    List<RSAPublicKey> keys;
    try {
      keys = selector.keys(jws.kid());
    } catch (KeySourceException e) {
      LOG.warn("IAM signing keys unavailable, refusing token: {}", e.getMessage());
      throw invalid("the token could not be verified");
    }
    if (keys.isEmpty()) {
      throw invalid("the token is not signed by a known IAM key");
    }
    byte[] signature;
    try {
      signature = jws.signature();
    } catch (IllegalArgumentException e) {
      throw invalid("the token is malformed");
    }
    for (RSAPublicKey key : keys) {
      if (signatures.verify(key, jws.ascii(), jws.signingInputLength(), signature)) {
        return;
      }
    }
    throw invalid("the token signature is invalid");
  }

  private static Set<String> claimNames() {
    Set<String> names = new HashSet<>(ATTRIBUTE_CLAIMS);
    names.addAll(List.of("exp", "nbf", "iat", "iss", "iam_id", "id", "scope", "account"));
    return names;
  }

  private long checkClaims(Map<String, Object> claims) {
    long now = clock.millis();
    Long exp = seconds(claims, "exp");
    if (exp == null) {
      throw invalid("the token has no expiry");
    }
    if (now >= exp + leewayMillis) {
      throw invalid("the token has expired");
    }
    Long nbf = seconds(claims, "nbf");
    if (nbf != null && now + leewayMillis < nbf) {
      throw invalid("the token is not valid yet");
    }
    Long iat = seconds(claims, "iat");
    if (iat != null && now + leewayMillis < iat) {
      throw invalid("the token is issued in the future");
    }
    if (!issuer.equals(claims.get("iss"))) {
      throw invalid("the token issuer is not accepted");
    }
    return exp;
  }

  /** @return the claim (NumericDate, seconds) in epoch millis; null when absent */
  private static Long seconds(Map<String, Object> claims, String name) {
    Object v = claims.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue() * 1000;
    }
    if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
      return (long) (n.doubleValue() * 1000);
    }
    throw invalid("the token claim " + name + " is not a date");
  }

  private static AuthenticatedCaller caller(Map<String, Object> claims, long exp) {
    String id = string(claims, "iam_id");
    if (id == null) {
      id = string(claims, "id");
    }
    if (id == null || id.isBlank()) {
      throw invalid("the token names no identity");
    }
    String account = null;
    if (claims.get("account") instanceof Map<?, ?> m && m.get("bss") instanceof String bss) {
      account = bss;
    }
    Map<String, Object> attributes = new HashMap<>();
    for (String name : ATTRIBUTE_CLAIMS) {
      Object v = claims.get(name);
      if (v != null) {
        attributes.put(name, v);
      }
    }
    attributes.put("exp", exp / 1000);
    return new AuthenticatedCaller("bearer", id, account, string(claims, "scope"), attributes);
  }

  private static String string(Map<String, Object> claims, String name) {
    return claims.get(name) instanceof String s ? s : null;
  }

  private static ServiceBrokerException invalid(String description) {
    return ServiceBrokerException.unauthorized(description);
  }
}
