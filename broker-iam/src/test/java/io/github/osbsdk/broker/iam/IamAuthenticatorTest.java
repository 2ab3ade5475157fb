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
import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
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
    TestClock clock = new TestClock();
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
