package io.github.osbsdk.broker.iam.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

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
   * with it, so naming it in the log costs no second read on this unauthenticated endpoint.
   *
   * @param signed the signer
   * @param state the {@code state} parameter of the callback, or null
   * @return the state, or why it is refused: malformed, signed with none of our keys, or signed
   *     but not a sign-in state (the nonce hash of a state without one is empty, which no nonce
   *     matches)
   * @throws SignedValues.KeysUnavailableException when the key store fails
   */
  static Check check(SignedValues signed, String state) {
    if (!SignedValues.wellFormed(state)) {
      return new Refused(StateRefusals.Cause.MALFORMED);
    }
    byte[] payload = signed.verify(PURPOSE, state);
    if (payload == null) {
      return new Refused(StateRefusals.Cause.UNKNOWN_KEY);
    }
    JsonNode st = readJson(payload);
    if (st == null || !st.path("i").isTextual() || !st.path("e").canConvertToLong()) {
      return new Refused(StateRefusals.Cause.UNREADABLE);
    }
    return new Accepted(new SignInState(st.path("i").asText(), st.path("n").asText(),
        st.path("e").asLong()));
  }

  private static JsonNode readJson(byte[] payload) {
    try {
      return IamHttp.MAPPER.readTree(payload);
    } catch (IOException e) {
      return null;
    }
  }
}
