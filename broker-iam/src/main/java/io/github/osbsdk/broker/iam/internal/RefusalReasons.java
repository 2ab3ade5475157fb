package io.github.osbsdk.broker.iam.internal;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.util.Map;

/**
 * The low-cardinality reason of a refused platform call, for the {@code reason} tag of
 * {@code osb.iam.tokens.refused}: read from the token-free descriptions the authenticator, the
 * {@link TokenVerifier} and the {@link IamClaimsVerifier} give; {@code other} for anything new.
 */
public final class RefusalReasons {
  /** The reason of a description this class does not know. */
  public static final String OTHER = "other";
  private static final Map<String, String> BY_DESCRIPTION = Map.ofEntries(
      Map.entry("the token is too large", "too_large"),
      Map.entry("only the Bearer scheme is accepted", "scheme"),
      Map.entry("the caller is not allowed to use this broker", "forbidden"),
      Map.entry("the token is malformed", "malformed"),
      Map.entry("the token uses header extensions that are not accepted", "malformed"),
      Map.entry("the token has no key id", "malformed"),
      Map.entry("the token type is not accepted", "malformed"),
      Map.entry("the token claims are malformed", "malformed"),
      Map.entry("the token algorithm is not accepted", "algorithm"),
      Map.entry("the token signature is invalid", "signature"),
      Map.entry("the token is not signed by a known IAM key", "unknown_key"),
      Map.entry(TokenVerifier.KEYS_UNAVAILABLE, "keys_unavailable"),
      Map.entry("the token could not be verified", "unverifiable"),
      Map.entry("the token names no identity", "no_identity"),
      Map.entry("the token has no expiry", "claims"),
      Map.entry("the token has expired", "expired"),
      Map.entry("the token is not valid yet", "not_yet_valid"),
      Map.entry("the token is issued in the future", "not_yet_valid"),
      Map.entry("the token issuer is not accepted", "issuer"));

  private RefusalReasons() {}

  /**
   * The reason of a refusal.
   *
   * @param refusal the 401 or 403 the authenticator threw
   * @return e.g. {@code expired}, {@code unknown_key}, {@code missing}; {@code other} when unknown
   */
  public static String of(ServiceBrokerException refusal) {
    String d = refusal.description();
    if (d == null) {
      return OTHER;
    }
    if (d.startsWith("missing credentials")) {
      return "missing";
    }
    return BY_DESCRIPTION.getOrDefault(d, OTHER);
  }
}
