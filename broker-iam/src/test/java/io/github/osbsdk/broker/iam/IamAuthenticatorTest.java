package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IamAuthenticatorTest {
  static final String BROKER_CALLER = "crn-crn:v1:bluemix:public:hello::a/acct1::";

  static IamSimulator iam;
  IamConfig config;
  IamAuthenticator auth;

  @BeforeAll
  static void startIam() {
    iam = IamSimulator.start();
  }

  @AfterAll
  static void stopIam() {
    iam.close();
  }

  @BeforeEach
  void start() {
    iam.faults().reset();
    iam.resetCounters();
    config = IamConfig.builder().iamUrl(iam.baseUrl())
        .connectTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(2)).build();
    auth = authenticator().build();
  }

  IamAuthenticator.Builder authenticator() {
    return IamAuthenticator.builder(config).allowedIdentities(Set.of(BROKER_CALLER));
  }

  String validToken() {
    return iam.token().iamId(BROKER_CALLER).accountId("acct1").scope("ibm openid").sign();
  }

  static int status(IamAuthenticator a, String header) {
    return catchThrowableOfType(ServiceBrokerException.class, () -> a.authenticate(header))
        .status();
  }

  int status(String header) {
    return status(auth, header);
  }

  @Test
  void validTokenIsAcceptedWithCallerIdentityAccountAndScope() {
    AuthenticatedCaller caller = auth.authenticate("Bearer " + validToken());
    assertThat(caller.scheme()).isEqualTo("bearer");
    assertThat(caller.id()).isEqualTo(BROKER_CALLER);
    assertThat(caller.accountId()).isEqualTo("acct1");
    assertThat(caller.scope()).isEqualTo("ibm openid");
    assertThat(caller.attributes()).containsEntry("iam_id", BROKER_CALLER);
  }

  @Test
  void schemeIsCaseInsensitive() {
    assertThat(auth.authenticate("bearer " + validToken()).id()).isEqualTo(BROKER_CALLER);
  }

  @Test
  void missingHeaderIsUnauthorized() {
    assertThat(status(null)).isEqualTo(401);
    assertThat(status("")).isEqualTo(401);
  }

  @Test
  void wrongSchemeIsUnauthorized() {
    assertThat(status("Basic dXNlcjpwYXNz")).isEqualTo(401);
  }

  @Test
  void garbageTokenIsUnauthorized() {
    assertThat(status("Bearer garbage")).isEqualTo(401);
    assertThat(status("Bearer a.b.c")).isEqualTo(401);
  }

  @Test
  void algNoneIsUnauthorized() {
    String header = b64("{\"alg\":\"none\",\"kid\":\"" + iam.currentKey().getKeyID() + "\"}");
    String payload = b64(claims(BROKER_CALLER).toString());
    assertThat(status("Bearer " + header + "." + payload + ".")).isEqualTo(401);
  }

  @Test
  void hs256SignedWithThePublicKeyAsSecretIsUnauthorized() throws Exception {
    byte[] secret = iam.currentKey().toRSAPublicKey().getEncoded();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
        .keyID(iam.currentKey().getKeyID()).type(JOSEObjectType.JWT).build(),
        claims(BROKER_CALLER));
    jwt.sign(new MACSigner(secret));
    assertThat(status("Bearer " + jwt.serialize())).isEqualTo(401);
  }

  @Test
  void tokenSignedByUnknownKeyWithKnownKidIsUnauthorized() throws Exception {
    RSAKey other = new RSAKeyGenerator(2048).keyID(iam.currentKey().getKeyID()).generate();
    String token = iam.token().iamId(BROKER_CALLER).signWith(other)
        .kid(iam.currentKey().getKeyID()).sign();
    assertThat(status("Bearer " + token)).isEqualTo(401);
  }

  @Test
  void unknownKidIsUnauthorized() throws Exception {
    RSAKey other = new RSAKeyGenerator(2048).keyID("unknown-kid").generate();
    assertThat(status("Bearer " + iam.token().iamId(BROKER_CALLER).signWith(other).sign()))
        .isEqualTo(401);
    assertThat(status("Bearer " + iam.token().iamId(BROKER_CALLER).kid("unknown-2").sign()))
        .isEqualTo(401);
  }

  @Test
  void missingKidIsUnauthorized() {
    assertThat(status("Bearer " + iam.token().iamId(BROKER_CALLER).withoutKid().sign()))
        .isEqualTo(401);
  }

  @Test
  void tamperedPayloadIsUnauthorized() {
    String[] parts = validToken().split("\\.");
    String forged = b64(claims(BROKER_CALLER).toString().replace("acct1", "acct2"));
    assertThat(status("Bearer " + parts[0] + "." + forged + "." + parts[2])).isEqualTo(401);
  }

  @Test
  void tamperedSignatureIsUnauthorized() {
    String token = validToken();
    int i = token.length() - 10;
    char flipped = token.charAt(i) == 'A' ? 'B' : 'A';
    assertThat(status("Bearer " + token.substring(0, i) + flipped + token.substring(i + 1)))
        .isEqualTo(401);
  }

  @Test
  void expiredTokenIsUnauthorized() {
    String token = iam.token().iamId(BROKER_CALLER).issuedAt(Instant.now().minusSeconds(7200))
        .expiresAt(Instant.now().minusSeconds(300)).sign();
    assertThat(status("Bearer " + token)).isEqualTo(401);
  }

  @Test
  void tokenExpiredWithinLeewayIsAccepted() {
    String token = iam.token().iamId(BROKER_CALLER).issuedAt(Instant.now().minusSeconds(3600))
        .expiresAt(Instant.now().minusSeconds(5)).sign();
    assertThat(auth.authenticate("Bearer " + token).id()).isEqualTo(BROKER_CALLER);
  }

  @Test
  void notBeforeInTheFutureIsUnauthorized() {
    String token = iam.token().iamId(BROKER_CALLER)
        .notBefore(Instant.now().plusSeconds(600)).sign();
    assertThat(status("Bearer " + token)).isEqualTo(401);
  }

  @Test
  void wrongIssuerIsUnauthorized() {
    String token = iam.token().iamId(BROKER_CALLER).issuer("https://evil.example/identity").sign();
    assertThat(status("Bearer " + token)).isEqualTo(401);
  }

  @Test
  void identityNotAllowedIsForbidden() {
    String token = iam.token().iamId("iam-ServiceId-someone-else").sign();
    assertThat(status("Bearer " + token)).isEqualTo(403);
  }

  @Test
  void twentyKilobyteTokenIsRefusedBeforeAnyKeyFetch() {
    String token = iam.token().iamId(BROKER_CALLER).claim("pad", "x".repeat(20_000)).sign();
    assertThat(status("Bearer " + token)).isEqualTo(401);
    assertThat(iam.requestCount(IamEndpoint.KEYS)).isZero();
  }

  @Test
  void keyRotationIsPickedUpWithoutRestart() {
    auth.authenticate("Bearer " + validToken());
    iam.rotateKeys();
    assertThat(auth.authenticate("Bearer " + validToken()).id()).isEqualTo(BROKER_CALLER);
  }

  @Test
  void floodOfRandomKidsCausesBoundedKeyFetches() {
    auth.authenticate("Bearer " + validToken());
    for (int i = 0; i < 100; i++) {
      String token = iam.token().iamId(BROKER_CALLER).kid(UUID.randomUUID().toString()).sign();
      assertThat(status("Bearer " + token)).isEqualTo(401);
    }
    assertThat(iam.requestCount(IamEndpoint.KEYS)).isLessThanOrEqualTo(3);
    assertThat(auth.authenticate("Bearer " + validToken()).id()).isEqualTo(BROKER_CALLER);
  }

  @Test
  void iamDownAfterStartKeepsValidTokensWorking() throws Exception {
    IamAuthenticator shortCache = authenticator()
        .keys(Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofHours(1))
        .verifiedTokenCache(0, Duration.ofMinutes(1)).build();
    shortCache.authenticate("Bearer " + validToken());
    iam.faults().down(IamEndpoint.KEYS);
    Thread.sleep(300);
    assertThat(shortCache.authenticate("Bearer " + validToken()).id()).isEqualTo(BROKER_CALLER);
  }

  @Test
  void retiredKeyIsRefusedOnceTheKeySetIsRefetched() throws Exception {
    IamAuthenticator shortCache = authenticator()
        .keys(Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofHours(1))
        .verifiedTokenCache(0, Duration.ofMinutes(1)).build();
    String old = validToken();
    shortCache.authenticate("Bearer " + old);
    iam.rotateKeys();
    iam.retireOldKeys();
    Thread.sleep(300);
    assertThat(status(shortCache, "Bearer " + old)).isEqualTo(401);
    assertThat(shortCache.authenticate("Bearer " + validToken()).id()).isEqualTo(BROKER_CALLER);
  }

  @Test
  void duplicateClaimsAreRefused() throws Exception {
    String[] parts = validToken().split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String dup = payload.replaceFirst("\\{", "{\"iam_id\":\"someone-else\",");
    JWSObject jwt = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256)
        .keyID(iam.currentKey().getKeyID()).build(), new Payload(dup));
    jwt.sign(new RSASSASigner(iam.currentKey()));
    assertThat(status("Bearer " + jwt.serialize())).isEqualTo(401);
  }

  @Test
  void iamDownAtStartFailsClosed() {
    iam.faults().down(IamEndpoint.KEYS);
    assertThat(status("Bearer " + validToken())).isEqualTo(401);
  }

  @Test
  void repeatedTokenIsServedFromCacheButNeverPastExpiry() {
    MutableClock clock = new MutableClock();
    IamAuthenticator cached = authenticator().clock(clock).leeway(Duration.ZERO).build();
    String token = iam.token().iamId(BROKER_CALLER).expiresIn(Duration.ofMinutes(2)).sign();
    cached.authenticate("Bearer " + token);
    iam.faults().down(IamEndpoint.KEYS);
    assertThat(cached.authenticate("Bearer " + token).id()).isEqualTo(BROKER_CALLER);
    clock.advance(Duration.ofMinutes(3));
    assertThat(status(cached, "Bearer " + token)).isEqualTo(401);
  }

  @Test
  void challengeNamesBearerRealmAndFlagsInvalidTokens() {
    assertThat(status(null)).isEqualTo(401);
    assertThat(auth.challenge(null, refusal(null))).isEqualTo("Bearer realm=\"osb-broker\"");
    assertThat(status("Bearer garbage")).isEqualTo(401);
    assertThat(auth.challenge("Bearer garbage", refusal("Bearer garbage")))
        .isEqualTo("Bearer realm=\"osb-broker\", error=\"invalid_token\"");
    assertThat(status("Basic dXNlcjpwYXNz")).isEqualTo(401);
    assertThat(auth.challenge("Basic dXNlcjpwYXNz", refusal("Basic dXNlcjpwYXNz")))
        .isEqualTo("Bearer realm=\"osb-broker\"");
  }

  /** Serves the given key set at {@code /identity/keys} while the body runs. */
  static String withKeySet(String jwks, java.util.function.Function<IamConfig, String> body)
      throws Exception {
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/identity/keys", ex -> {
      byte[] b = jwks.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    try {
      return body.apply(IamConfig.builder().iamUrl(iam.baseUrl())
          .keysUrl(java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort()
              + "/identity/keys"))
          .requestTimeout(Duration.ofSeconds(2)).build());
    } finally {
      server.stop(0);
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
        IamAuthenticator a = IamAuthenticator.builder(cfg)
            .allowedIdentities(Set.of(BROKER_CALLER)).build();
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
        IamAuthenticator a = IamAuthenticator.builder(cfg)
            .allowedIdentities(Set.of(BROKER_CALLER)).build();
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
        cfg -> String.valueOf(status(IamAuthenticator.builder(cfg)
            .allowedIdentities(Set.of(BROKER_CALLER)).build(), "Bearer " + token))));
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
        IamAuthenticator a = IamAuthenticator.builder(cfg)
            .allowedIdentities(Set.of(BROKER_CALLER)).build();
        int status = status(a, "Bearer " + token);
        return status + " " + a.keysHealth().check().details().get("lastFetch");
      });
      // before: the fetch counted as a success although no token could ever be verified
      assertThat(outcome).as(set).isEqualTo("401 failure");
    }
  }

  private ServiceBrokerException refusal(String authorization) {
    try {
      auth.authenticate(authorization);
    } catch (ServiceBrokerException e) {
      return e;
    }
    throw new AssertionError("expected a refusal for " + authorization);
  }

  static JWTClaimsSet claims(String iamId) {
    long now = System.currentTimeMillis();
    return new JWTClaimsSet.Builder().claim("iam_id", iamId).claim("id", iamId).subject(iamId)
        .claim("account", java.util.Map.of("bss", "acct1"))
        .issuer("http://placeholder/identity").issueTime(new Date(now))
        .expirationTime(new Date(now + 3_600_000)).build();
  }

  static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
