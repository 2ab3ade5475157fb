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

  /**
   * Reads a state this broker signed.
   *
   * @param signed the signer
   * @param state the {@code state} parameter of the callback, or null
   * @return the state, or null when it is not one this broker signed or is malformed (the
   *     nonce hash of a state without one is empty, which no nonce matches)
   */
  static SignInState verify(SignedValues signed, String state) {
    byte[] payload = signed.verify(PURPOSE, state);
    JsonNode st = payload == null ? null : readJson(payload);
    if (st == null || !st.path("i").isTextual() || !st.path("e").canConvertToLong()) {
      return null;
    }
    return new SignInState(st.path("i").asText(), st.path("n").asText(), st.path("e").asLong());
  }

  private static JsonNode readJson(byte[] payload) {
    try {
      return IamHttp.MAPPER.readTree(payload);
    } catch (IOException e) {
      return null;
    }
  }
}
