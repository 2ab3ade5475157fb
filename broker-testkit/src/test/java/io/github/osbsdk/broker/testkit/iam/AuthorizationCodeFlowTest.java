package io.github.osbsdk.broker.testkit.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthorizationCodeFlowTest {

    private static final String CLIENT = "hello-client";
    private static final String SECRET = "s3cret";
    private static final String REDIRECT = "https://broker.example/sso/callback";
    private static final String USER = "IBMid-5500000ABC";

    private final IamSimulator iam = IamSimulator.start();

    @BeforeEach
    void setUp() {
        iam.registerClient(CLIENT, SECRET, URI.create(REDIRECT), URI.create(REDIRECT + "?x=1"))
                .loginAs(USER, "user-account");
    }

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void authorizeRedirectsWithCodeAndStateAndTheCodeBuysTheUsersToken() throws Exception {
        HttpResponse<String> authorize = authorize(CLIENT, REDIRECT, "code", "st/ate=1");

        assertThat(authorize.statusCode()).isEqualTo(302);
        URI location = URI.create(authorize.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith(REDIRECT + "?code=");
        Map<String, String> query = HttpIo.parseForm(location.getRawQuery());
        assertThat(query.get("state")).isEqualTo("st/ate=1");

        HttpResponse<String> token = exchange(query.get("code"), REDIRECT, CLIENT, SECRET);

        assertThat(token.statusCode()).isEqualTo(200);
        JsonNode body = SimHttp.json(token);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("refresh_token").asText()).isNotBlank();
        String accessToken = body.get("access_token").asText();
        assertThat(Verification.verifiesWithPublishedKey(iam, accessToken)).isTrue();
        Map<String, Object> claims = SignedJWT.parse(accessToken).getJWTClaimsSet().getClaims();
        assertThat(claims).containsEntry("iam_id", USER)
                .containsEntry("realmid", "IBMid")
                .containsEntry("account", Map.of("bss", "user-account"))
                .containsEntry("client_id", CLIENT)
                .containsEntry("grant_type", "authorization_code")
                .doesNotContainKeys("name", "email");
        assertThat(iam.requestCount(IamEndpoint.AUTHORIZE)).isEqualTo(1);
        assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(1);
    }

    @Test
    void userLoggedInWithNameAndEmailGetsThemInTheToken() throws Exception {
        iam.loginAs(USER, "user-account", "Jane Doe", "jane@example.com");

        String token = SimHttp.json(exchange(code(REDIRECT), REDIRECT, CLIENT, SECRET))
                .get("access_token").asText();

        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getClaims())
                .containsEntry("name", "Jane Doe").containsEntry("email", "jane@example.com");
    }

    @Test
    void redirectUriWithQueryKeepsItAndStateIsOptional() {
        HttpResponse<String> authorize = authorize(CLIENT, REDIRECT + "?x=1", "code", null);

        String location = authorize.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT + "?x=1&code=").doesNotContain("state=");
    }

    @Test
    void codeIsSingleUse() {
        String code = code(REDIRECT);

        assertThat(exchange(code, REDIRECT, CLIENT, SECRET).statusCode()).isEqualTo(200);
        HttpResponse<String> reuse = exchange(code, REDIRECT, CLIENT, SECRET);

        assertThat(reuse.statusCode()).isEqualTo(400);
        assertThat(SimHttp.json(reuse).get("errorCode").asText()).isNotBlank();
    }

    @Test
    void wrongClientSecretIsRefusedWithoutBurningTheCode() {
        String code = code(REDIRECT);

        HttpResponse<String> wrong = exchange(code, REDIRECT, CLIENT, "guess");
        HttpResponse<String> none = SimHttp.postForm(iam.url(IamEndpoint.TOKEN), SimHttp.form(
                "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT),
                null, null);

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(exchange(code, REDIRECT, CLIENT, SECRET).statusCode()).isEqualTo(200);
    }

    @Test
    void codeIsBoundToRedirectUriAndClient() {
        iam.registerClient("other-client", "other-secret");

        assertThat(exchange(code(REDIRECT), REDIRECT + "/evil", CLIENT, SECRET).statusCode())
                .isEqualTo(400);
        assertThat(exchange(code(REDIRECT), REDIRECT, "other-client", "other-secret").statusCode())
                .isEqualTo(400);
    }

    @Test
    void expiredCodeIsRefused() throws Exception {
        iam.authorizationCodeLifetime(Duration.ofMillis(50));
        String code = code(REDIRECT);

        Thread.sleep(120);

        assertThat(exchange(code, REDIRECT, CLIENT, SECRET).statusCode()).isEqualTo(400);
    }

    @Test
    void aCodeLifetimeOutsideItsRangeIsRefusedBySetterAndTheCodesKeepTheirLifetime() {
        String range = "authorizationCodeLifetime: the authorization code lifetime must be"
                + " positive and at most 24 hours: ";
        for (Duration refused : new Duration[] {Duration.ofSeconds(Long.MAX_VALUE),
                Duration.ofDays(1).plusNanos(1), Duration.ZERO, Duration.ofMillis(-1)}) {
            assertThatThrownBy(() -> iam.authorizationCodeLifetime(refused)).as(refused.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(range + refused);
        }
        assertThatThrownBy(() -> iam.authorizationCodeLifetime(null))
                .isInstanceOf(NullPointerException.class).hasMessage("lifetime == null");

        assertThat(authorize(CLIENT, REDIRECT, "code", "s").statusCode()).isEqualTo(302);
        assertThat(exchange(code(REDIRECT), REDIRECT, CLIENT, SECRET).statusCode()).isEqualTo(200);
    }

    @Test
    void aCodeLifetimeOfTheLongestAllowedStillIssuesRedeemableCodes() {
        assertThat(IamSimulator.MAX_AUTHORIZATION_CODE_LIFETIME).isEqualTo(Duration.ofDays(1));
        iam.authorizationCodeLifetime(IamSimulator.MAX_AUTHORIZATION_CODE_LIFETIME);

        assertThat(exchange(code(REDIRECT), REDIRECT, CLIENT, SECRET).statusCode()).isEqualTo(200);
    }

    @Test
    void authorizeRefusesUnknownClientAndMissingOrWrongParameters() {
        assertThat(authorize("unknown", REDIRECT, "code", "s").statusCode()).isEqualTo(400);
        assertThat(authorize(CLIENT, null, "code", "s").statusCode()).isEqualTo(400);
        assertThat(authorize(null, REDIRECT, "code", "s").statusCode()).isEqualTo(400);
        assertThat(authorize(CLIENT, REDIRECT, null, "s").statusCode()).isEqualTo(400);
        assertThat(authorize(CLIENT, REDIRECT, "token", "s").statusCode()).isEqualTo(400);
        assertThat(authorize(CLIENT, "/relative", "code", "s").statusCode()).isEqualTo(400);
        assertThat(authorize(CLIENT, "javascript:alert(1)", "code", "s").statusCode())
                .isEqualTo(400);
    }

    @Test
    void authorizeRefusesARedirectUriTheClientDidNotRegisterWithoutRedirecting() {
        for (String unregistered : new String[] {"https://evil.example/sso/callback",
                REDIRECT + "/other", REDIRECT.toUpperCase(java.util.Locale.ROOT),
                REDIRECT + "?y=2"}) {
            HttpResponse<String> refused = authorize(CLIENT, unregistered, "code", "s");

            assertThat(refused.statusCode()).as(unregistered).isEqualTo(400);
            assertThat(refused.headers().firstValue("Location")).as(unregistered).isEmpty();
            assertThat(refused.body()).contains("redirect_uri");
        }
        iam.registerClient("other-client", "other-secret", URI.create("https://other.example/cb"));
        assertThat(authorize("other-client", REDIRECT, "code", "s").statusCode()).isEqualTo(400);
        assertThat(authorize("other-client", "https://other.example/cb", "code", "s")
                .statusCode()).isEqualTo(302);
    }

    @Test
    void defaultUserIsLoggedInWhenNoneWasSet() throws Exception {
        try (IamSimulator fresh = IamSimulator.start()) {
            fresh.registerClient(CLIENT, SECRET, URI.create(REDIRECT));
            String location = SimHttp.get(URI.create(fresh.url(IamEndpoint.AUTHORIZE)
                    + "?client_id=" + CLIENT + "&response_type=code&redirect_uri="
                    + enc(REDIRECT))).headers().firstValue("Location").orElseThrow();
            String code = HttpIo.parseForm(URI.create(location).getRawQuery()).get("code");
            String token = SimHttp.json(SimHttp.postForm(fresh.url(IamEndpoint.TOKEN),
                    SimHttp.form("grant_type", "authorization_code", "code", code,
                            "redirect_uri", REDIRECT), CLIENT, SECRET))
                    .get("access_token").asText();

            assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("iam_id"))
                    .isEqualTo(IamSimulator.DEFAULT_USER_ID);
        }
    }

    private String code(String redirectUri) {
        String location = authorize(CLIENT, redirectUri, "code", "s").headers()
                .firstValue("Location").orElseThrow();
        return HttpIo.parseForm(URI.create(location).getRawQuery()).get("code");
    }

    private HttpResponse<String> authorize(String clientId, String redirectUri,
            String responseType, String state) {
        StringBuilder query = new StringBuilder("?");
        append(query, "client_id", clientId);
        append(query, "redirect_uri", redirectUri);
        append(query, "response_type", responseType);
        append(query, "state", state);
        return SimHttp.get(URI.create(iam.url(IamEndpoint.AUTHORIZE) + query.toString()));
    }

    private HttpResponse<String> exchange(String code, String redirectUri, String clientId,
            String secret) {
        return SimHttp.postForm(iam.url(IamEndpoint.TOKEN), SimHttp.form("grant_type",
                "authorization_code", "code", code, "redirect_uri", redirectUri), clientId, secret);
    }

    private static void append(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append(query.length() > 1 ? "&" : "").append(name).append('=').append(enc(value));
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
