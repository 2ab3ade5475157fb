package io.github.osbsdk.broker.iam.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The {@code state} a dashboard sign-in sends to IAM and gets back on the callback, signed so
 * that only this broker can mint one.
 *
 * @param instanceId the decoded id of the instance whose dashboard the sign-in opens
 * @param nonceHash the SHA-256 of the browser nonce (see {@link SignInNonces})
 * @param expiresAt when the sign-in expires, in epoch milliseconds
 */
record SignInState(String instanceId, String nonceHash, long expiresAt) {
  /** What a state is signed for. */
  static final String PURPOSE = "state";

  /**
   * Signs the state.
   *
   * @param signed the signer
   * @return the value for IAM's {@code state} parameter
   */
  String sign(SignedValues signed) {
    ObjectNode st = IamHttp.MAPPER.createObjectNode();
    st.put("i", instanceId).put("n", nonceHash).put("e", expiresAt);
    return signed.sign(PURPOSE, st.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** What checking a callback's state found: a state this broker signed, or why it is not. */
  sealed interface Check permits Accepted, Refused {
  }

  /**
   * A state this broker signed.
   *
   * @param state the state
   */
  record Accepted(SignInState state) implements Check {
  }

  /**
   * A state refused.
   *
   * @param cause why, for the log (the browser is told no more than "not valid")
   */
  record Refused(StateRefusals.Cause cause) implements Check {
  }

  /**
   * Checks a callback's state, reading the key store at most once: the cause of a refusal comes
   * with it, so naming it in the log costs no second read on this unauthenticated endpoint. A
   * state none of the store's verification keys verifies makes the store read its keys again
   * only when it could be genuine: a sign-in state ({@link #readable}) of a sign-in this browser
   * started ({@code pending}) that has not expired and expires no later than one started now
   * would ({@link SsoValues#mayBeGenuine}). Junk (anyone can send it) costs no read.
   *
   * @param signed the signer
   * @param state the {@code state} parameter of the callback, or null
   * @param pending the nonces of the sign-ins this browser started
   * @param nowMillis now
   * @param lifetime how long a sign-in may take
   * @return the state, or why it is refused: malformed, signed with none of our keys, not
   *     one this browser could complete (and signed with none of the keys cached), or signed
   *     but not a sign-in state (the nonce hash of a state without one is empty, which no
   *     nonce matches)
   * @throws SignedValues.KeysUnavailableException when the key store fails
   */
  static Check check(SignedValues signed, String state, List<String> pending, long nowMillis,
      Duration lifetime) {
    if (!SignedValues.wellFormed(state)) {
      return new Refused(StateRefusals.Cause.MALFORMED);
    }
    boolean[] junk = new boolean[1];
    byte[] payload = signed.verify(PURPOSE, state, unverified -> {
      JsonNode st = readable(unverified);
      junk[0] = st == null || SignInNonces.matching(pending, st.path("n").asText()) == null
          || !SsoValues.mayBeGenuine(st.path("e").asLong(), nowMillis, lifetime);
      return !junk[0];
    });
    if (payload == null) {
      return new Refused(junk[0] ? StateRefusals.Cause.NOT_STARTED_HERE
          : StateRefusals.Cause.UNKNOWN_KEY);
    }
    JsonNode st = readable(payload);
    if (st == null) {
      return new Refused(StateRefusals.Cause.UNREADABLE);
    }
    return new Accepted(new SignInState(st.path("i").asText(), st.path("n").asText(),
        st.path("e").asLong()));
  }

  /** The payload as a sign-in state's JSON, or null when it is not one. */
  private static JsonNode readable(byte[] payload) {
    JsonNode st = readJson(payload);
    return st == null || !st.path("i").isTextual() || !st.path("e").canConvertToLong() ? null
        : st;
  }

  private static JsonNode readJson(byte[] payload) {
    try {
      return IamHttp.MAPPER.readTree(payload);
    } catch (IOException e) {
      return null;
    }
  }
}
