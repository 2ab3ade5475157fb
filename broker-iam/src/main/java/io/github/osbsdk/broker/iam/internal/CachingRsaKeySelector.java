package io.github.osbsdk.broker.iam.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Selects RS256 verification keys from the (cached) JWK source by {@code kid}, and memoizes the
 * conversion of each JWK to a Java public key, which otherwise costs a noticeable share of one
 * verification: the cached key set is indexed by {@code kid} once per fetched set, so a known
 * {@code kid} is a map look-up. An unknown {@code kid} goes to the source, which refreshes the
 * set (rate-limited, outage tolerant).
 */
public final class CachingRsaKeySelector {
  private static final int MAX_KEYS = 64;

  private final JWKSource<SecurityContext> source;
  private final JWKSetSource<SecurityContext> setSource;
  private volatile KidIndex index;

  /** RS256 public keys of one fetched key set, by {@code kid}. */
  private record KidIndex(JWKSet set, Map<String, List<RSAPublicKey>> byKid) {
  }
  private final Map<RSAKey, RSAPublicKey> publicKeys = new ConcurrentHashMap<>();

  /** @param source the JWK source (caching, rate-limited, outage tolerant) */
  public CachingRsaKeySelector(JWKSource<SecurityContext> source) {
    this.source = Objects.requireNonNull(source, "source == null");
    this.setSource = source instanceof JWKSetBasedJWKSource<SecurityContext> b
        ? b.getJWKSetSource() : null;
  }

  /**
   * @param kid the token's key id
   * @return IAM's RS256 signing keys with that id (usually one; empty when unknown even after a
   *     permitted refresh); the same instances while the key set is unchanged
   * @throws KeySourceException when IAM's keys are unavailable
   */
  public List<RSAPublicKey> keys(String kid) throws KeySourceException {
    Objects.requireNonNull(kid, "kid == null");
    if (setSource != null) { // fast path: the cached set, indexed once per fetched set
      JWKSet set = setSource.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(),
          System.currentTimeMillis(), null);
      KidIndex idx = index;
      if (idx == null || idx.set != set) {
        idx = index(set);
        index = idx;
      }
      List<RSAPublicKey> known = idx.byKid.get(kid);
      if (known != null) {
        return known;
      }
    }
    // unknown kid: ask the source, which refreshes the set (rate-limited)
    JWKMatcher matcher = new JWKMatcher.Builder()
        .keyType(KeyType.RSA)
        .keyID(kid)
        .algorithms(JWSAlgorithm.RS256, null)
        .keyUses(KeyUse.SIGNATURE, null)
        .build();
    List<JWK> jwks = source.get(new JWKSelector(matcher), null);
    List<RSAPublicKey> keys = new ArrayList<>(jwks.size());
    for (JWK jwk : jwks) {
      if (jwk instanceof RSAKey rsa) {
        RSAPublicKey pk = publicKeys.get(rsa);
        if (pk == null) {
          try {
            pk = rsa.toRSAPublicKey();
          } catch (JOSEException e) {
            continue;
          }
          if (publicKeys.size() >= MAX_KEYS) {
            publicKeys.clear();
          }
          publicKeys.put(rsa, pk);
        }
        keys.add(pk);
      }
    }
    return keys;
  }

  private static KidIndex index(JWKSet set) {
    Map<String, List<RSAPublicKey>> byKid = new HashMap<>();
    for (JWK jwk : set.getKeys()) {
      if (jwk instanceof RSAKey rsa && rsa.getKeyID() != null
          && (rsa.getAlgorithm() == null || JWSAlgorithm.RS256.equals(rsa.getAlgorithm()))
          && (rsa.getKeyUse() == null || KeyUse.SIGNATURE.equals(rsa.getKeyUse()))) {
        try {
          byKid.computeIfAbsent(rsa.getKeyID(), k -> new ArrayList<>()).add(rsa.toRSAPublicKey());
        } catch (JOSEException e) {
          // unusable key: skipped
        }
      }
    }
    byKid.replaceAll((k, v) -> List.copyOf(v));
    return new KidIndex(set, Map.copyOf(byKid));
  }
}
