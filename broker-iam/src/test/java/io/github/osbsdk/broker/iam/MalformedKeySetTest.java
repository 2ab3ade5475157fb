package io.github.osbsdk.broker.iam;

import static io.github.osbsdk.broker.core.testsupport.ScriptedHttpServer.json;
import static io.github.osbsdk.broker.iam.IamAuthenticatorTest.BROKER_CALLER;
import static io.github.osbsdk.broker.iam.IamAuthenticatorTest.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.ScriptedHttpServer;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Key sets IAM could publish that hold keys the authenticator cannot use (malformed, of another
 * type, for encryption only, for another algorithm), served by a server of their own: tokens of
 * the good keys still verify, each bad key is warned about once, and a set without any usable
 * key fails closed.
 */
class MalformedKeySetTest {
  static IamSimulator iam;

  @BeforeAll
  static void startIam() {
    iam = IamSimulator.start();
  }

  @AfterAll
  static void stopIam() {
    iam.close();
  }

  static String validToken() {
    return iam.token().iamId(BROKER_CALLER).accountId("acct1").scope("ibm openid").sign();
  }

  /** An authenticator of the broker's identity that fetches its keys as {@code cfg} says. */
  static IamAuthenticator authenticator(IamConfig cfg) {
    return IamAuthenticator.builder(cfg).allowedIdentities(Set.of(BROKER_CALLER)).build();
  }

  /** Serves the given key set at {@code /identity/keys} while the body runs. */
  static String withKeySet(String jwks, Function<IamConfig, String> body)
      throws Exception {
    try (ScriptedHttpServer keys = new ScriptedHttpServer("/identity/keys", json(call -> jwks))) {
      return body.apply(IamConfig.builder().iamUrl(iam.baseUrl())
          .keysUrl(URI.create(keys.baseUrl() + "/identity/keys"))
          .requestTimeout(Duration.ofSeconds(2)).build());
    }
  }

  /** The simulator's published keys plus the given malformed ones, first. */
  static String keySetWith(String... badKeys) {
    String good = iam.publishedKeys().toString(true);
    String prefix = String.join(",", badKeys);
    return good.replaceFirst("\\[", java.util.regex.Matcher.quoteReplacement("[" + prefix
        + (prefix.isEmpty() ? "" : ",")));
  }

  static final String MODULUS = "sXch9Nq0UozlY6AsbTGK8a1aV8aEHDJpO0b1QFnO9eH5l3u3tXl0Wq7yVc2W"
      + "oDq0jJ4d3eyR3xFQ8j4n2jvZ5Q";

  @Test
  void keySetWithOneMalformedKeyStillVerifiesTokensOfItsGoodKeys() throws Exception {
    String missingE = "{\"kty\":\"RSA\",\"kid\":\"broken-1\",\"alg\":\"RS256\",\"n\":\""
        + MODULUS + "\"}";
    String unknownKty = "{\"kty\":\"XYZ\",\"kid\":\"odd-1\",\"x\":\"" + MODULUS + "\"}";
    String token = validToken();
    try (StderrCapture log = new StderrCapture()) {
      String id = withKeySet(keySetWith(missingE, unknownKty), cfg -> {
        IamAuthenticator a = authenticator(cfg);
        String first = a.authenticate("Bearer " + token).id();
        // an unknown kid makes it fetch the set again: the broken keys are not warned about twice
        assertThat(status(a, "Bearer " + iam.token().iamId(BROKER_CALLER).kid("other")
            .sign())).isEqualTo(401);
        return first;
      });
      assertThat(id).isEqualTo(BROKER_CALLER);
      assertThat(log.lines()).filteredOn(l -> l.contains("WARN")).hasSize(2)
          .anyMatch(l -> l.contains("broken-1")).anyMatch(l -> l.contains("odd-1"));
      assertThat(log.lines()).noneMatch(l -> l.contains(MODULUS.substring(0, 16)));
    }
  }

  @Test
  void keySetWithManyMalformedKeysWarnsAboutEachOnlyOnce() throws Exception {
    String[] broken = new String[70];
    for (int i = 0; i < broken.length; i++) {
      broken[i] = "{\"kty\":\"RSA\",\"kid\":\"broken-" + i + "\",\"alg\":\"RS256\",\"n\":\""
          + MODULUS + "\"}";
    }
    String token = validToken();
    try (StderrCapture log = new StderrCapture()) {
      withKeySet(keySetWith(broken), cfg -> {
        IamAuthenticator a = authenticator(cfg);
        assertThat(a.authenticate("Bearer " + token).id()).isEqualTo(BROKER_CALLER);
        // an unknown kid makes it fetch the set again
        assertThat(status(a, "Bearer " + iam.token().iamId(BROKER_CALLER).kid("other")
            .sign())).isEqualTo(401);
        return null;
      });
      List<String> warnings = log.lines().stream().filter(l -> l.contains("WARN")).toList();
      // before: past 64 the keys warned about were forgotten: each fetch warned about all again
      for (int i = 0; i < broken.length; i++) {
        String kid = "\"broken-" + i + "\"";
        assertThat(warnings).as(kid).filteredOn(l -> l.contains(kid)).hasSizeLessThan(2);
      }
      assertThat(warnings).hasSizeLessThanOrEqualTo(65)
          .anyMatch(l -> l.contains("more than 64"));
    }
  }

  @Test
  void keySetWithoutAnyUsableKeyFailsClosed() throws Exception {
    String missingE = "{\"kty\":\"RSA\",\"kid\":\"" + iam.currentKey().getKeyID()
        + "\",\"alg\":\"RS256\",\"n\":\"" + MODULUS + "\"}";
    String token = validToken();
    int status = Integer.parseInt(withKeySet("{\"keys\":[" + missingE + "]}",
        cfg -> String.valueOf(status(authenticator(cfg), "Bearer " + token))));
    assertThat(status).isEqualTo(401);
  }

  @Test
  void keySetWithoutAnRs256SigningKeyIsAFailedFetchInTheKeysHealth() throws Exception {
    // parses, but no key could verify an RS256 token: an encryption key, an RS512 one
    com.nimbusds.jose.jwk.RSAKey published =
        (com.nimbusds.jose.jwk.RSAKey) iam.publishedKeys().getKeys().get(0);
    String encOnly = new com.nimbusds.jose.jwk.RSAKey.Builder(published)
        .keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION).algorithm(null).build().toJSONString();
    String rs512Only = new com.nimbusds.jose.jwk.RSAKey.Builder(published).keyUse(null)
        .algorithm(com.nimbusds.jose.JWSAlgorithm.RS512).build().toJSONString();
    String token = validToken();
    for (String set : List.of("{\"keys\":[" + encOnly + "]}",
        "{\"keys\":[" + rs512Only + "]}")) {
      String outcome = withKeySet(set, cfg -> {
        IamAuthenticator a = authenticator(cfg);
        int status = status(a, "Bearer " + token);
        return status + " " + a.keysHealth().check().details().get("lastFetch");
      });
      // before: the fetch counted as a success although no token could ever be verified
      assertThat(outcome).as(set).isEqualTo("401 failure");
    }
  }
}
