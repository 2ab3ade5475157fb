package io.github.osbsdk.broker.iam.internal;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.osbsdk.broker.api.internal.LogValues;
import java.io.IOException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the usable keys of a fetched key set. Nimbus parses a JWK set as a whole: one malformed
 * key (an RSA key without {@code e}, say) makes the whole set unreadable, so at start every token
 * would be refused and after start the old keys would carry on until the outage tolerance ends.
 * Each key that Nimbus cannot parse is dropped instead and logged once at WARN (position,
 * {@code kid}, {@code kty} and the reason, never the key's numbers; past 64 distinct ones, at
 * DEBUG after one WARN saying so); a set with no usable key at
 * all, or with no key that could verify an RS256 token (RSA, use {@code sig} or none, algorithm
 * RS256 or none), is refused like an unreachable IAM: the keys health says the fetch failed, and
 * keys fetched before go on serving. Which keys verify tokens is still decided by
 * {@link Rs256KeySelector}.
 */
final class UsableKeys {
  private static final Logger LOG = LoggerFactory.getLogger(UsableKeys.class);
  private static final int MAX_REMEMBERED = 64;
  /** The skipped keys already warned about, as kid, kty and reason; at most MAX_REMEMBERED. */
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  /** Whether the warning that further unusable keys are logged at DEBUG only was given. */
  private final AtomicBoolean full = new AtomicBoolean();

  /**
   * @param json the key set as fetched
   * @return the key set holding only the keys that parse
   * @throws IOException when it is no key set, has no usable key or no RS256 signing key
   */
  String filter(String json) throws IOException {
    Map<String, Object> set;
    List<Object> keys;
    try {
      set = JSONObjectUtils.parse(json);
      keys = JSONObjectUtils.getJSONArray(set, "keys");
    } catch (ParseException e) {
      throw new IOException("IAM's key set is not a JSON key set");
    }
    if (keys == null) {
      throw new IOException("IAM's key set has no \"keys\" array");
    }
    List<Object> usable = new ArrayList<>(keys.size());
    int signing = 0;
    for (int i = 0; i < keys.size(); i++) {
      Object key = keys.get(i);
      String reason;
      if (key instanceof Map<?, ?> m) {
        try {
          @SuppressWarnings("unchecked") // a JSON object read by JSONObjectUtils
          Map<String, Object> object = (Map<String, Object>) m;
          JWK jwk = JWK.parse(object);
          usable.add(key);
          if (Rs256KeySelector.SIGNING_KEYS.matches(jwk)) {
            signing++;
          }
          continue;
        } catch (ParseException | RuntimeException e) {
          reason = e.getMessage();
        }
      } else {
        reason = "not a JSON object";
      }
      skipped(i, key, reason);
    }
    if (usable.isEmpty()) {
      throw new IOException("IAM's key set has no usable key");
    }
    if (signing == 0) {
      throw new IOException("IAM's key set has no RS256 signing key");
    }
    if (usable.size() == keys.size()) {
      return json;
    }
    set.put("keys", usable);
    return JSONObjectUtils.toJSONString(set);
  }

  private void skipped(int position, Object key, String reason) {
    Object kid = key instanceof Map<?, ?> m ? m.get("kid") : null;
    Object kty = key instanceof Map<?, ?> m ? m.get("kty") : null;
    String what = kid + "\n" + kty + "\n" + reason;
    // past the bound, new ones are not remembered: forgetting those warned about would warn
    // about all of them again on every fetch
    boolean remembered = warned.size() < MAX_REMEMBERED || warned.contains(what);
    if (!remembered && full.compareAndSet(false, true)) {
      LOG.warn("IAM's key set holds more than {} distinct unusable keys; further ones are"
          + " skipped with a DEBUG line only", MAX_REMEMBERED);
    }
    if (remembered && warned.add(what)) {
      LOG.warn("IAM's key set holds an unusable key, skipped (logged once): position {}, kid {},"
          + " kty {}: {}", position, LogValues.quote(kid), LogValues.quote(kty),
          LogValues.quote(reason));
    } else {
      LOG.debug("IAM's key set holds an unusable key, skipped: position {}, kid {}", position,
          LogValues.quote(kid));
    }
  }
}
