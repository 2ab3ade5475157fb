package io.github.osbsdk.broker.testkit.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class IamTokenBuilderTest {

    private static final IamSimulator IAM = IamSimulator.start();

    @AfterAll
    static void close() {
        IAM.close();
    }

    @Test
    void defaultTokenIsAValidServiceIdTokenOfTheSimulator() throws Exception {
        SignedJWT jwt = SignedJWT.parse(IAM.token().sign());

        assertThat(jwt.verify(new RSASSAVerifier(IAM.currentKey().toRSAPublicKey()))).isTrue();
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(IAM.currentKey().getKeyID());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getStringClaim("iam_id")).isEqualTo(IamSimulator.DEFAULT_SERVICE_ID);
        assertThat(claims.getIssuer()).isEqualTo(IAM.issuer());
        assertThat(claims.getAudience()).isEmpty();
        assertThat(claims.getNotBeforeTime()).isNull();
        assertThat(Duration.between(claims.getIssueTime().toInstant(),
                claims.getExpirationTime().toInstant())).isEqualTo(IAM.tokenLifetime());
    }

    @Test
    void aHugeLifetimeIsCappedAtTheYear9999InsteadOfOverflowing() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(IAM.token()
                .expiresIn(Duration.ofSeconds(Long.MAX_VALUE)).sign()).getJWTClaimsSet();
        JWTClaimsSet past = SignedJWT.parse(IAM.token()
                .expiresIn(Duration.ofSeconds(Long.MIN_VALUE)).sign()).getJWTClaimsSet();

        assertThat(claims.getExpirationTime().toInstant())
                .isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
        assertThat(past.getExpirationTime().toInstant()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void aSimulatorTokenLifetimeBeyondAYearIsRefused() {
        try (IamSimulator iam = IamSimulator.start()) {
            assertThatThrownBy(() -> iam.tokenLifetime(Duration.ofDays(366)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("from 0 to 365 days")
                    .hasMessageStartingWith("tokenLifetime: ");
            assertThatThrownBy(() -> iam.tokenLifetime(Duration.ofSeconds(Long.MAX_VALUE)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(iam.tokenLifetime(Duration.ofDays(365)).tokenLifetime())
                    .isEqualTo(Duration.ofDays(365));
        }
    }

    @Test
    void iamIdDeterminesTheDerivedIdentityClaims() throws Exception {
        String crn = "crn:v1:bluemix:public:globalcatalog::a/acct:broker-123::";

        assertThat(claims(IAM.token().iamId("crn-" + crn)))
                .containsEntry("iam_id", "crn-" + crn).containsEntry("id", "crn-" + crn)
                .containsEntry("realmid", "crn").containsEntry("sub", crn)
                .containsEntry("identifier", crn).doesNotContainKey("sub_type");
        assertThat(claims(IAM.token().iamId("IBMid-550000")))
                .containsEntry("realmid", "IBMid").containsEntry("identifier", "550000");
        assertThat(claims(IAM.token().iamId("iam-Profile-1")))
                .containsEntry("realmid", "iam").containsEntry("sub_type", "Profile");
    }

    @Test
    void everyClaimCanBeSetOverriddenOrRemoved() throws Exception {
        Instant iat = Instant.parse("2030-01-01T00:00:00Z");

        Map<String, Object> claims = claims(IAM.token()
                .iamId("iam-ServiceId-1").subject("custom-sub").accountId("acct9")
                .scope("ibm").clientId("bx").grantType("password").issuer("https://other/identity")
                .issuedAt(iat).expiresIn(Duration.ofMinutes(5)).notBefore(iat)
                .claim("groups", List.of("a", "b")).claim("realmid", "custom")
                .withoutClaim("jti").claim("identifier", null));

        assertThat(claims).containsEntry("sub", "custom-sub")
                .containsEntry("account", Map.of("bss", "acct9")).containsEntry("scope", "ibm")
                .containsEntry("client_id", "bx").containsEntry("grant_type", "password")
                .containsEntry("iss", "https://other/identity")
                .containsEntry("groups", List.of("a", "b")).containsEntry("realmid", "custom")
                .doesNotContainKeys("jti", "identifier");
        JWTClaimsSet set = JWTClaimsSet.parse(claims);
        assertThat(set.getIssueTime().toInstant()).isEqualTo(iat);
        assertThat(set.getNotBeforeTime().toInstant()).isEqualTo(iat);
        assertThat(set.getExpirationTime().toInstant()).isEqualTo(iat.plusSeconds(300));
    }

    @Test
    void expiredTokensCanBeBuilt() throws Exception {
        Instant past = Instant.now().minusSeconds(60);

        JWTClaimsSet viaAt = SignedJWT.parse(IAM.token().expiresAt(past).sign()).getJWTClaimsSet();
        JWTClaimsSet viaIn = SignedJWT.parse(IAM.token().expiresIn(Duration.ofSeconds(-10)).sign())
                .getJWTClaimsSet();

        assertThat(viaAt.getExpirationTime()).isBefore(java.util.Date.from(Instant.now()));
        assertThat(viaIn.getExpirationTime()).isBefore(java.util.Date.from(Instant.now()));
        assertThat(SignedJWT.parse(IAM.token().withoutClaim("exp").sign()).getJWTClaimsSet()
                .getExpirationTime()).isNull();
    }

    @Test
    void kidHeaderCanBeChangedOrDropped() throws Exception {
        assertThat(SignedJWT.parse(IAM.token().kid("nope").sign()).getHeader().getKeyID())
                .isEqualTo("nope");
        assertThat(SignedJWT.parse(IAM.token().withoutKid().sign()).getHeader().getKeyID())
                .isNull();
    }

    @Test
    void tokenSignedWithForeignKeyDoesNotVerifyWithThePublishedKeys() throws Exception {
        RSAKey foreign = new RSAKeyGenerator(2048).keyID("foreign").generate();

        String byForeignKid = IAM.token().signWith(foreign).sign();
        String byStolenKid = IAM.token().signWith(foreign).kid(IAM.currentKey().getKeyID()).sign();

        assertThat(SignedJWT.parse(byForeignKid).getHeader().getKeyID()).isEqualTo("foreign");
        assertThat(Verification.verifiesWithPublishedKey(IAM, byForeignKid)).isFalse();
        assertThat(Verification.verifiesWithPublishedKey(IAM, byStolenKid)).isFalse();
        assertThat(Verification.verifiesWithPublishedKey(IAM, IAM.token().sign())).isTrue();
        assertThatThrownBy(() -> IAM.token().signWith(foreign.toPublicJWK()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serviceIdTokenIsATokenForThatId() throws Exception {
        assertThat(claims(IAM.token().iamId("iam-ServiceId-9")))
                .containsEntry("iam_id", "iam-ServiceId-9");
        assertThat(SignedJWT.parse(IAM.serviceIdToken("iam-ServiceId-9")).getJWTClaimsSet()
                .getStringClaim("iam_id")).isEqualTo("iam-ServiceId-9");
    }

    private static Map<String, Object> claims(IamTokenBuilder builder) throws Exception {
        return SignedJWT.parse(builder.sign()).getJWTClaimsSet().toJSONObject();
    }
}
