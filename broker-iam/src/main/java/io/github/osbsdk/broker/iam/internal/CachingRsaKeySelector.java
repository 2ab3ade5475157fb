package io.github.osbsdk.broker.iam.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.jca.JCAContext;
import java.security.Key;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Selects RS256 verification keys from the (cached) JWK source by {@code kid}, and memoizes the
 * conversion of each JWK to a Java public key and verifier, which otherwise costs a noticeable
 * share of one verification. Also the {@link JWSVerifierFactory}: one verifier per key.
 */
public final class CachingRsaKeySelector implements JWSKeySelector<SecurityContext>,
    JWSVerifierFactory {
  private static final int MAX_KEYS = 64;

  private final JWKSource<SecurityContext> source;
  private final JWKSetSource<SecurityContext> setSource;
  private volatile KidIndex index;

  /** RS256 public keys of one fetched key set, by {@code kid}. */
  private record KidIndex(JWKSet set, Map<String, List<Key>> byKid) {
  }
  private final Map<RSAKey, RSAPublicKey> publicKeys = new ConcurrentHashMap<>();
  private final Map<Key, JWSVerifier> verifiers = new ConcurrentHashMap<>();
  private final JCAContext jca = new JCAContext();

  /** @param source the JWK source (caching, rate-limited, outage tolerant) */
  public CachingRsaKeySelector(JWKSource<SecurityContext> source) {
    this.source = Objects.requireNonNull(source, "source == null");
    this.setSource = source instanceof JWKSetBasedJWKSource<SecurityContext> b
        ? b.getJWKSetSource() : null;
  }

  @Override
  public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context)
      throws KeySourceException {
    if (!JWSAlgorithm.RS256.equals(header.getAlgorithm()) || header.getKeyID() == null) {
      return List.of();
    }
    if (setSource != null) { // fast path: the cached set, indexed once per fetched set
      JWKSet set = setSource.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(),
          System.currentTimeMillis(), context);
      KidIndex idx = index;
      if (idx == null || idx.set != set) {
        idx = index(set);
        index = idx;
      }
      List<Key> known = idx.byKid.get(header.getKeyID());
      if (known != null) {
        return known;
      }
    }
    // unknown kid: ask the source, which refreshes the set (rate-limited)
    JWKMatcher matcher = new JWKMatcher.Builder()
        .keyType(com.nimbusds.jose.jwk.KeyType.RSA)
        .keyID(header.getKeyID())
        .algorithms(JWSAlgorithm.RS256, null)
        .keyUses(com.nimbusds.jose.jwk.KeyUse.SIGNATURE, null)
        .build();
    List<JWK> jwks = source.get(new JWKSelector(matcher), context);
    List<Key> keys = new ArrayList<>(jwks.size());
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
            verifiers.clear();
          }
          publicKeys.put(rsa, pk);
        }
        keys.add(pk);
      }
    }
    return keys;
  }

  private static KidIndex index(JWKSet set) {
    Map<String, List<Key>> byKid = new HashMap<>();
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

  @Override
  public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
    if (!JWSAlgorithm.RS256.equals(header.getAlgorithm()) || !(key instanceof RSAPublicKey rsa)) {
      throw new JOSEException("only RS256 with an RSA public key is accepted");
    }
    JWSVerifier v = verifiers.get(key);
    if (v == null) {
      v = new RSASSAVerifier(rsa);
      if (verifiers.size() >= MAX_KEYS) {
        verifiers.clear();
      }
      verifiers.put(key, v);
    }
    return v;
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return Set.of(JWSAlgorithm.RS256);
  }

  @Override
  public JCAContext getJCAContext() {
    return jca;
  }
}
