package io.github.osbsdk.broker.iam.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.Key;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nimbus's {@link JWSVerificationKeySelector} for RS256 (same matching: key type RSA, the
 * header's {@code kid}, use {@code sig} or none, algorithm RS256 or none; same source, so the
 * same caching and rate-limited refresh on an unknown {@code kid}), except that the conversion
 * of each published JWK into a Java {@link RSAPublicKey} is remembered instead of repeated for
 * every token: it costs a noticeable share of one verification and the key set changes rarely.
 */
final class Rs256KeySelector extends JWSVerificationKeySelector<SecurityContext> {
  /**
   * The published keys this selector can pick (for the right {@code kid}): what Nimbus matches
   * for an RS256 header, without the {@code kid}. {@link UsableKeys} refuses a set with none.
   */
  static final JWKMatcher SIGNING_KEYS = new JWKMatcher.Builder().keyType(KeyType.RSA)
      .keyUses(KeyUse.SIGNATURE, null).algorithms(JWSAlgorithm.RS256, null).build();
  private static final int MAX_KEYS = 64;
  private final Map<RSAKey, RSAPublicKey> converted = new ConcurrentHashMap<>();

  /**
   * Creates the selector.
   *
   * @param source IAM's key source
   */
  Rs256KeySelector(JWKSource<SecurityContext> source) {
    super(JWSAlgorithm.RS256, source);
  }

  @Override
  public List<Key> selectJWSKeys(JWSHeader header, SecurityContext context)
      throws KeySourceException {
    if (!isAllowed(header.getAlgorithm())) {
      return List.of();
    }
    JWKMatcher matcher = createJWKMatcher(header);
    if (matcher == null) {
      return List.of();
    }
    @SuppressWarnings("unchecked") // the source is the JWKSource<SecurityContext> given above
    JWKSource<SecurityContext> source = getJWKSource();
    List<JWK> matches = source.get(new JWKSelector(matcher), context);
    List<Key> keys = new ArrayList<>(matches.size());
    for (JWK jwk : matches) {
      if (jwk instanceof RSAKey rsa) {
        RSAPublicKey key = converted.get(rsa);
        if (key == null) {
          try {
            key = rsa.toRSAPublicKey();
          } catch (JOSEException e) {
            continue; // unusable published key: skipped, like Nimbus's own selector
          }
          if (converted.size() >= MAX_KEYS) { // retired keys: forget them all, rarely
            converted.clear();
          }
          converted.put(rsa, key);
        }
        keys.add(key);
      }
    }
    return keys;
  }
}
