package io.github.osbsdk.broker.testkit.mutants;

import static io.github.osbsdk.broker.testkit.mutants.Mutation.*;
import static io.github.osbsdk.broker.testkit.mutants.Probe.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks every {@code /v2} and {@code /bluemix_v1} request passes first: basic auth (401),
 * {@code X-Broker-API-Version} (400 missing, 412 unsupported; 2.12 to 2.17 accepted) and
 * {@code X-Broker-API-Originating-Identity} (400 unless {@code <platform> <base64 JSON object>}).
 */
final class RefHeaders {
  private static final Pattern VERSION = Pattern.compile("2\\.(\\d{1,3})");

  private final RefState state;
  private final String password;
  private final byte[] expectedAuth;

  RefHeaders(RefState state, String username, String password) {
    this.state = state;
    this.password = password;
    this.expectedAuth = ("Basic " + Base64.getEncoder().encodeToString(
        (username + ":" + password).getBytes(StandardCharsets.UTF_8)))
        .getBytes(StandardCharsets.UTF_8);
  }

  void authenticate(String header) {
    if (header == null) {
      if (state.has(ANONYMOUS_ACCESS)) {
        return;
      }
      throw new OsbError(401, null, "Authentication required.");
    }
    boolean ok = MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expectedAuth)
        || (state.has(AUTH_PASSWORD_ONLY) && passwordMatches(header));
    if (!ok && !(state.has(WRONG_CREDENTIALS_ACCEPTED) && header.startsWith("Basic "))) {
      throw new OsbError(401, null, "Invalid credentials.");
    }
  }

  private boolean passwordMatches(String header) {
    try {
      String pair = new String(Base64.getDecoder().decode(header.substring("Basic ".length())),
          StandardCharsets.UTF_8);
      return pair.endsWith(":" + password);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return false;
    }
  }

  void checkVersion(String version) {
    if (version == null) {
      if (!state.has(VERSION_MISSING_ACCEPTED)) {
        throw OsbError.badRequest("The header X-Broker-API-Version is required (2.12 - 2.17).");
      }
      return;
    }
    Matcher m = VERSION.matcher(version.trim());
    if (!(m.matches() && Integer.parseInt(m.group(1)) >= 12)
        && !state.has(VERSION_UNSUPPORTED_ACCEPTED)) {
      throw new OsbError(412, null,
          "Unsupported X-Broker-API-Version '" + version + "'; supported: 2.12 to 2.17.");
    }
  }

  void checkOriginatingIdentity(String header) {
    if (header == null || state.has(ORIGINATING_IDENTITY_NOT_VALIDATED)) {
      return;
    }
    String[] parts = header.trim().split(" ");
    if (parts.length != 2 || parts[0].isEmpty()) {
      throw OsbError.badRequest("X-Broker-API-Originating-Identity must be '<platform> <base64>'.");
    }
    if (state.has(ORIGINATING_IDENTITY_PAYLOAD_NOT_DECODED)) {
      return;
    }
    try {
      JsonNode value = state.mapper.readTree(Base64.getDecoder().decode(parts[1]));
      if (value == null || !value.isObject()) {
        throw OsbError.badRequest("X-Broker-API-Originating-Identity must encode a JSON object.");
      }
    } catch (IOException | IllegalArgumentException e) {
      throw OsbError.badRequest("X-Broker-API-Originating-Identity is not base64 JSON.");
    }
  }
}
