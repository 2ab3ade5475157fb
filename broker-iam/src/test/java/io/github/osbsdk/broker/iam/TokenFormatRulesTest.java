package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compact-format and header rules of token verification (format gate, then Nimbus's JWT
 * processor), with tokens signed by IAM's real key so that only the rule under test can cause the
 * refusal.
 */
class TokenFormatRulesTest {
  private static final String CALLER = "iam-ServiceId-format-rules";

  private IamSimulator iam;
  private IamAuthenticator auth;

  @BeforeEach
  void start() {
    iam = IamSimulator.start();
    IamConfig config = IamConfig.builder().iamUrl(iam.baseUrl()).build();
    auth = IamAuthenticator.builder(config).allowedIdentities(Set.of(CALLER))
        .verifiedTokenCache(0, Duration.ofMinutes(1)).build();
  }

  @AfterEach
  void stop() {
    iam.close();
  }

  private String kid() {
    return iam.currentKey().getKeyID();
  }

  private String claims() {
    long now = System.currentTimeMillis() / 1000;
    return "{\"iam_id\":\"" + CALLER + "\",\"iss\":\"" + iam.issuer() + "\",\"iat\":" + now
        + ",\"exp\":" + (now + 600) + ",\"account\":{\"bss\":\"acct1\"}}";
  }

  /** Signs {@code b64(header).b64(payload)} with IAM's current key, whatever the JSON says. */
  private String signed(String headerJson, String payloadJson) throws Exception {
    return signed(b64(headerJson) + "." + b64(payloadJson), iam.currentKey());
  }

  private static String signed(String signingInput, RSAKey key) throws Exception {
    return signingInput + "." + new RSASSASigner(key).sign(new JWSHeader(JWSAlgorithm.RS256),
        signingInput.getBytes(StandardCharsets.US_ASCII));
  }

  private int status(String token) {
    return catchThrowableOfType(ServiceBrokerException.class,
        () -> auth.authenticate("Bearer " + token)).status();
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void handBuiltTokenWithPlainHeaderIsAccepted() throws Exception {
    String token = signed("{\"alg\":\"RS256\",\"kid\":\"" + kid() + "\",\"typ\":\"jwt\"}",
        claims());
    assertThat(auth.authenticate("Bearer " + token).id()).isEqualTo(CALLER);
    assertThat(auth.authenticate("Bearer " + token).accountId()).isEqualTo("acct1");
  }

  @Test
  void criticalHeaderExtensionsAreUnauthorized() throws Exception {
    assertThat(status(signed("{\"alg\":\"RS256\",\"kid\":\"" + kid()
        + "\",\"crit\":[\"exp\"],\"exp\":1}", claims()))).isEqualTo(401);
    assertThat(status(signed("{\"alg\":\"RS256\",\"kid\":\"" + kid() + "\",\"b64\":true}",
        claims()))).isEqualTo(401);
  }

  @Test
  void duplicateHeaderMembersAreUnauthorized() throws Exception {
    assertThat(status(signed("{\"alg\":\"RS256\",\"kid\":\"" + kid() + "\",\"alg\":\"RS256\"}",
        claims()))).isEqualTo(401);
  }

  @Test
  void typeOtherThanJwtAndNonStringHeaderValuesAreUnauthorized() throws Exception {
    assertThat(status(signed("{\"alg\":\"RS256\",\"kid\":\"" + kid() + "\",\"typ\":\"at+jwt\"}",
        claims()))).isEqualTo(401);
    assertThat(status(signed("{\"alg\":[\"RS256\"],\"kid\":\"" + kid() + "\"}", claims())))
        .isEqualTo(401);
    assertThat(status(signed("{\"alg\":\"RS256\",\"kid\":7}", claims()))).isEqualTo(401);
  }

  @Test
  void trailingDataAfterHeaderOrClaimsIsUnauthorized() throws Exception {
    String header = "{\"alg\":\"RS256\",\"kid\":\"" + kid() + "\"}";
    assertThat(status(signed(header + "{}", claims()))).isEqualTo(401);
    assertThat(status(signed(header, claims() + "[]"))).isEqualTo(401);
    assertThat(status(signed(header, "[" + claims() + "]"))).isEqualTo(401);
    assertThat(status(signed(header, "null"))).isEqualTo(401);
  }

  @Test
  void duplicateMembersInsideSkippedClaimsAreUnauthorized() throws Exception {
    String header = "{\"alg\":\"RS256\",\"kid\":\"" + kid() + "\"}";
    String payload = claims().replace("{\"iam_id\"", "{\"x\":{\"a\":1,\"a\":2},\"iam_id\"");
    assertThat(status(signed(header, payload))).isEqualTo(401);
  }

  @Test
  void wrongNumberOfPartsAndNonBase64CharactersAreUnauthorized() throws Exception {
    String token = signed("{\"alg\":\"RS256\",\"kid\":\"" + kid() + "\"}", claims());
    assertThat(status(token + ".x.y")).isEqualTo(401);
    assertThat(status(token.substring(0, token.lastIndexOf('.')))).isEqualTo(401);
    assertThat(status("." + token)).isEqualTo(401);
    assertThat(status(token.replaceFirst("\\.", "\u00e9."))).isEqualTo(401);
    assertThat(status(token.substring(0, token.length() - 2) + "!!")).isEqualTo(401);
  }

  @Test
  void signatureOfWrongLengthIsRefusedAndTheNextTokenStillVerifies() throws Exception {
    String token = signed("{\"alg\":\"RS256\",\"kid\":\"" + kid() + "\"}", claims());
    assertThat(status(token.substring(0, token.length() - 8))).isEqualTo(401);
    assertThat(status(token + "AAAA")).isEqualTo(401);
    assertThat(auth.authenticate("Bearer " + token).id()).isEqualTo(CALLER);
  }

  @Test
  void tokensOfTwoPublishedKeysVerifyAlternatelyOnSeveralThreads() throws Exception {
    RSAKey oldKey = iam.currentKey();
    String oldToken = iam.token().iamId(CALLER).sign();
    iam.rotateKeys(); // the old key stays published
    String newToken = iam.token().iamId(CALLER).sign();
    assertThat(iam.currentKey().getKeyID()).isNotEqualTo(oldKey.getKeyID());
    String forged = signed(newToken.substring(0, newToken.lastIndexOf('.')), oldKey);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        runs.add(pool.submit(() -> {
          for (int i = 0; i < 20; i++) {
            assertThat(auth.authenticate("Bearer " + oldToken).id()).isEqualTo(CALLER);
            assertThat(status(forged)).isEqualTo(401);
            assertThat(auth.authenticate("Bearer " + newToken).id()).isEqualTo(CALLER);
          }
        }));
      }
      for (Future<?> run : runs) {
        run.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void paddedPartsAreUnauthorizedSoATokenHasOneSpelling() throws Exception {
    String token = signed("{\"alg\":\"RS256\",\"kid\":\"" + kid() + "\"}", claims());
    String[] parts = token.split("\\.");
    assertThat(auth.authenticate("Bearer " + token).id()).isEqualTo(CALLER);
    for (int i = 0; i < 3; i++) {
      if (parts[i].length() % 4 == 0) {
        continue; // no padding possible for this part
      }
      String[] padded = parts.clone();
      padded[i] = parts[i] + "=".repeat(4 - parts[i].length() % 4);
      assertThat(status(String.join(".", padded))).as("part " + i).isEqualTo(401);
    }
    String signature = parts[2]; // 256 bytes: 342 characters, padded with "=="
    assertThat(status(parts[0] + "." + parts[1] + "." + signature + "==")).isEqualTo(401);
  }

  @Test
  void strayBitsInTheLastCharacterAreUnauthorizedSoATokenHasOneSpelling() throws Exception {
    String token = signed("{\"alg\":\"RS256\",\"kid\":\"" + kid() + "\"}", claims());
    String[] parts = token.split("\\.");
    assertThat(parts[2].length() % 4).isEqualTo(2); // the last character carries 4 unused bits
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char last = parts[2].charAt(parts[2].length() - 1);
    String sameBytes = parts[2].substring(0, parts[2].length() - 1)
        + alphabet.charAt(alphabet.indexOf(last) | 1);
    assertThat(Base64.getUrlDecoder().decode(sameBytes))
        .isEqualTo(Base64.getUrlDecoder().decode(parts[2]));
    assertThat(status(parts[0] + "." + parts[1] + "." + sameBytes)).isEqualTo(401);
    // and in the signed parts, re-signed so that only the spelling is wrong
    String payload = parts[1];
    if (payload.length() % 4 != 0) {
      char p = payload.charAt(payload.length() - 1);
      String stray = payload.substring(0, payload.length() - 1)
          + alphabet.charAt(alphabet.indexOf(p) | 1);
      assertThat(status(signed(parts[0] + "." + stray, iam.currentKey()))).isEqualTo(401);
    }
    assertThat(auth.authenticate("Bearer " + token).id()).isEqualTo(CALLER);
  }

  @Test
  void missingOrEmptySignatureIsUnauthorized() throws Exception {
    String token = signed("{\"alg\":\"RS256\",\"kid\":\"" + kid() + "\"}", claims());
    assertThat(status(token.substring(0, token.lastIndexOf('.') + 1))).isEqualTo(401);
  }
}
