package io.github.osbsdk.broker.testkit.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {

    private static final String SERVICE_ID = "iam-ServiceId-2d9a1f3c-0000-4000-8000-000000000001";

    private final IamSimulator iam = IamSimulator.start();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void apiKeyGrantIssuesTokenThatVerifiesWithThePublishedKey() throws Exception {
        iam.registerApiKey("my-api-key", SERVICE_ID, "acct-1");

        HttpResponse<String> response = SimHttp.apiKeyGrant(iam, "my-api-key");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = SimHttp.json(response);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(body.get("refresh_token").asText()).isNotBlank();
        String token = body.get("access_token").asText();
        assertThat(Verification.verifiesWithPublishedKey(iam, token)).isTrue();
        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(body.get("expiration").asLong())
                .isEqualTo(claims.getExpirationTime().toInstant().getEpochSecond());
    }

    @Test
    void apiKeyTokenCarriesTheClaimsIamIssues() throws Exception {
        iam.registerApiKey("my-api-key", SERVICE_ID, "acct-1");

        String token = SimHttp.json(SimHttp.apiKeyGrant(iam, "my-api-key"))
                .get("access_token").asText();

        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(iam.currentKey().getKeyID());
        assertThat(jwt.getHeader().getType()).isNull();
        Map<String, Object> claims = jwt.getJWTClaimsSet().getClaims();
        assertThat(claims).containsEntry("iam_id", SERVICE_ID)
                .containsEntry("id", SERVICE_ID)
                .containsEntry("realmid", "iam")
                .containsEntry("sub", "ServiceId-2d9a1f3c-0000-4000-8000-000000000001")
                .containsEntry("identifier", "ServiceId-2d9a1f3c-0000-4000-8000-000000000001")
                .containsEntry("sub_type", "ServiceId")
                .containsEntry("account", Map.of("bss", "acct-1"))
                .containsEntry("scope", "ibm openid")
                .containsEntry("client_id", "default")
                .containsEntry("grant_type", IamSimulator.API_KEY_GRANT)
                .containsEntry("iss", iam.issuer())
                .containsKeys("exp", "iat", "jti")
                .doesNotContainKey("aud");
        assertThat(iam.issuer()).isEqualTo(iam.baseUrl() + "/identity");
    }

    @Test
    void concurrentTokenRequestsAllSucceed() {
        iam.registerApiKey("k", SERVICE_ID);
        HttpRequest request = HttpRequest.newBuilder(iam.url(IamEndpoint.TOKEN))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=k"))
                .build();

        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 20)
                .mapToObj(i -> SimHttp.CLIENT.sendAsync(request,
                        HttpResponse.BodyHandlers.ofString()))
                .collect(Collectors.toList());

        assertThat(responses).allSatisfy(r -> assertThat(r.join().statusCode()).isEqualTo(200));
        assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(20);
    }

    @Test
    void tokenLifetimeIsConfigurable() throws Exception {
        iam.registerApiKey("k", SERVICE_ID).tokenLifetime(Duration.ofSeconds(5));

        JsonNode body = SimHttp.json(SimHttp.apiKeyGrant(iam, "k"));

        assertThat(body.get("expires_in").asLong()).isEqualTo(5);
        JWTClaimsSet claims = SignedJWT.parse(body.get("access_token").asText()).getJWTClaimsSet();
        Instant iat = claims.getIssueTime().toInstant();
        assertThat(Duration.between(iat, claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(iat).isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(1));
    }

    @Test
    void unknownApiKeyIsRefusedWithIamErrorBody() {
        HttpResponse<String> response = SimHttp.apiKeyGrant(iam, "nobody-knows-me");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = SimHttp.json(response);
        assertThat(body.get("errorCode").asText()).isEqualTo("BXNIM0415E");
        assertThat(body.get("errorMessage").asText()).isNotBlank();
        assertThat(body.get("context").get("requestId").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("nobody-knows-me");
    }

    @Test
    void missingApiKeyAndUnknownGrantTypeAreRefused() {
        HttpResponse<String> missing = SimHttp.postForm(iam.url(IamEndpoint.TOKEN),
                SimHttp.form("grant_type", IamSimulator.API_KEY_GRANT), null, null);
        HttpResponse<String> unknownGrant = SimHttp.postForm(iam.url(IamEndpoint.TOKEN),
                SimHttp.form("grant_type", "password", "username", "u"), null, null);

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(SimHttp.json(missing).get("errorMessage").asText()).contains("apikey");
        assertThat(unknownGrant.statusCode()).isEqualTo(400);
    }

    @Test
    void nonFormBodyIsRefused() {
        iam.registerApiKey("k", SERVICE_ID);

        HttpResponse<String> response = SimHttp.postJson(iam.url(IamEndpoint.TOKEN), null,
                "{\"grant_type\":\"" + IamSimulator.API_KEY_GRANT + "\",\"apikey\":\"k\"}");

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void getIsNotAllowed() {
        HttpResponse<String> response = SimHttp.send(
                HttpRequest.newBuilder(iam.url(IamEndpoint.TOKEN)).GET().build());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(1);
    }
}
