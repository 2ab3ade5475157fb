package io.github.osbsdk.broker.iam.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.iam.IamConfig;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies IAM access tokens: RS256 signature against IAM's published keys, then {@code exp},
 * {@code nbf} (when present), {@code iat} (when present) with leeway, and {@code iss}. Never logs
 * a token; every failure is a 401.
 */
public final class TokenVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);
  private static final List<String> ATTRIBUTE_CLAIMS = List.of("iam_id", "id", "sub", "sub_type",
      "realmid", "identifier", "client_id", "grant_type", "name", "email", "account", "iss");

  private final String issuer;
  private final long leewayMillis;
  private final Clock clock;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

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
    CachingRsaKeySelector selector = new CachingRsaKeySelector(keys);
    processor.setJWSKeySelector(selector);
    processor.setJWSVerifierFactory(selector);
    processor.setJWTClaimsSetVerifier(null); // checked below with our clock and leeway
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
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException | RuntimeException e) {
      throw invalid("the token is malformed");
    }
    JWSHeader header = jwt.getHeader();
    if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
      throw invalid("the token algorithm is not accepted");
    }
    if (header.getKeyID() == null) {
      throw invalid("the token has no key id");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(jwt, null);
    } catch (KeySourceException e) {
      LOG.warn("IAM signing keys unavailable, refusing token: {}", e.getMessage());
      throw invalid("the token could not be verified");
    } catch (BadJOSEException | JOSEException e) {
      LOG.debug("token refused: {}", e.getMessage());
      throw invalid("the token signature is invalid");
    } catch (RuntimeException e) {
      throw invalid("the token is malformed");
    }
    return new VerifiedToken(caller(claims), checkClaims(claims));
  }

  private long checkClaims(JWTClaimsSet claims) {
    long now = clock.millis();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw invalid("the token has no expiry");
    }
    if (now >= exp.getTime() + leewayMillis) {
      throw invalid("the token has expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now + leewayMillis < nbf.getTime()) {
      throw invalid("the token is not valid yet");
    }
    Date iat = claims.getIssueTime();
    if (iat != null && now + leewayMillis < iat.getTime()) {
      throw invalid("the token is issued in the future");
    }
    if (!issuer.equals(claims.getIssuer())) {
      throw invalid("the token issuer is not accepted");
    }
    return exp.getTime();
  }

  private static AuthenticatedCaller caller(JWTClaimsSet claims) {
    String id = string(claims, "iam_id");
    if (id == null) {
      id = string(claims, "id");
    }
    if (id == null || id.isBlank()) {
      throw invalid("the token names no identity");
    }
    String account = null;
    Object acct = claims.getClaim("account");
    if (acct instanceof Map<?, ?> m && m.get("bss") instanceof String bss) {
      account = bss;
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (String name : ATTRIBUTE_CLAIMS) {
      Object v = claims.getClaim(name);
      if (v != null) {
        attributes.put(name, v);
      }
    }
    if (claims.getExpirationTime() != null) {
      attributes.put("exp", claims.getExpirationTime().getTime() / 1000);
    }
    return new AuthenticatedCaller("bearer", id, account, string(claims, "scope"), attributes);
  }

  private static String string(JWTClaimsSet claims, String name) {
    Object v = claims.getClaim(name);
    return v instanceof String s ? s : null;
  }

  private static ServiceBrokerException invalid(String description) {
    return ServiceBrokerException.unauthorized(description);
  }
}
