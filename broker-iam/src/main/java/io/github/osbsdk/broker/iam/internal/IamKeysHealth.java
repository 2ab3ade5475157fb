package io.github.osbsdk.broker.iam.internal;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.github.osbsdk.broker.core.health.ComponentHealth;
import io.github.osbsdk.broker.core.health.HealthCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Health of IAM's signing keys: {@code UP} while the key source holds at least one RSA key
 * (fetched now if none is cached, within the source's rate limit; kept through IAM outages up to
 * the outage tolerance), {@code DOWN} when there is none, since every token is then refused.
 * Details: {@code keys} (how many) and the last fetch ({@link KeyFetches#describe}).
 */
public final class IamKeysHealth implements HealthCheck {
  private static final JWKSelector RSA_KEYS = new JWKSelector(
      new JWKMatcher.Builder().keyType(KeyType.RSA).build());
  private final JWKSource<SecurityContext> keys;
  private final KeyFetches fetches;

  /**
   * Creates the check.
   *
   * @param keys the authenticator's key source
   * @param fetches the retriever behind it
   */
  public IamKeysHealth(JWKSource<SecurityContext> keys, KeyFetches fetches) {
    this.keys = Objects.requireNonNull(keys, "keys == null");
    this.fetches = Objects.requireNonNull(fetches, "fetches == null");
  }

  @Override
  public ComponentHealth check() {
    Map<String, Object> details = new LinkedHashMap<>();
    int count;
    try {
      List<JWK> found = keys.get(RSA_KEYS, null);
      count = found.size();
    } catch (KeySourceException e) {
      count = 0;
      details.put("error", e.getClass().getSimpleName());
    }
    details.put("keys", count);
    fetches.describe(details);
    return count > 0 ? ComponentHealth.up(details) : ComponentHealth.down(details);
  }
}
